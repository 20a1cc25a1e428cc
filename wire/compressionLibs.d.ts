// snappyjs and lz4js ship no types; only what wire/compression.ts uses is declared.
declare module 'snappyjs' {
  export function compress(data: Uint8Array): Uint8Array;
  export function uncompress(data: Uint8Array): Uint8Array;
}
declare module 'lz4js' {
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex + sLength) into dst from 0; returns the size, 0 when incompressible. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
}
declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, len: number): number;
}
