// snappyjs and lz4js ship no types; only what wire/compression.ts uses is declared.
declare module 'snappyjs' {
  export function compress(data: Uint8Array): Uint8Array;
  /** Throws when the stated uncompressed length exceeds maxLength. */
  export function uncompress(data: Uint8Array, maxLength?: number): Uint8Array;
}
declare module 'lz4js' {
  /** Decompresses one block src[sIndex, sIndex + sLength) into dst from dIndex; returns the end index (counting writes past dst's end). */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex + sLength) into dst from 0; returns the size, 0 when incompressible. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
}
declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, len: number): number;
}
