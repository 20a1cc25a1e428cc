// crc-32 ships types for its CRC-32 entry point only; crc32c.js has the same shape.
declare module 'crc-32/crc32c' {
  export function buf(data: Uint8Array, seed?: number): number;
  export function str(data: string, seed?: number): number;
}
