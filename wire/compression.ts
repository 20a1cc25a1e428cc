/**
 * The compression codecs of RecordBatch v2 (attributes bits 0–2), over the record-set payload that
 * follows the batch header. The broker stores batches as sent and never calls these on the
 * produce or fetch path; only the log cleaner, the keyless-record check of compacted topics,
 * tests and the console decode or encode records.
 *
 * - gzip: node:zlib.
 * - snappy: snappyjs blocks in the xerial framing Java clients and kafkajs write (librdkafka reads
 *   it); plain snappy, as librdkafka writes it, is read too.
 * - lz4: the LZ4 frame format (Kafka >= 0.10 with magic 2), blocks from lz4js.
 * - zstd: decoded by fzstd (pure JS, synchronous, always available); encoded by @bokuweb/zstd-wasm,
 *   whose WebAssembly module loads asynchronously: call loadCompressionCodecs() once first.
 *
 * Decompressed output is bounded (decompressedLimit): a batch is client bytes, and a few hundred
 * bytes of gzip or zstd can claim gigabytes. Anything beyond the bound, or any undecodable
 * payload, throws DecodeError, which every caller already treats as a corrupt batch.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { Decompress as ZstdStream } from 'fzstd';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';
import * as snappy from 'snappyjs';
import * as zstdWasm from '@bokuweb/zstd-wasm';
import { DecodeError } from './io';
import { Compression } from './records';

const MiB = 1024 * 1024;
/** Every payload may grow to this, whatever its size: well above any batch a client builds (librdkafka's batch.size, 1 MB, counts uncompressed bytes). */
const MIN_DECOMPRESSED_LIMIT = 16 * MiB;
/** Beyond that floor, 64x the compressed size: real record data compresses 3-20x; only crafted input (zeros, a zip bomb) goes far past. */
const MAX_EXPANSION = 64;

/** The most bytes a payload of compressedSize bytes may decompress to: max(16 MiB, 64 x its size). */
export function decompressedLimit(compressedSize: number): number {
  return Math.max(MIN_DECOMPRESSED_LIMIT, MAX_EXPANSION * compressedSize);
}

/**
 * Decompress a batch's record bytes; Compression.None returns them unchanged. Throws DecodeError
 * when the payload does not decode or would decompress to more than `limit` bytes (checked as
 * the output grows, so the refusal costs no more than the limit).
 */
export function decompressRecords(codec: Compression, data: Buffer, limit = decompressedLimit(data.length)): Buffer {
  if (codec === Compression.None) return data;
  let out: Buffer;
  try {
    out = decompress(codec, data, limit);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(`cannot decompress ${Compression[codec] ?? codec} record data: ${(err as Error).message}`);
  }
  if (out.length > limit) throw tooLarge(codec, limit);
  return out;
}

function decompress(codec: Compression, data: Buffer, limit: number): Buffer {
  switch (codec) {
    case Compression.Gzip:
      try {
        return gunzipSync(data, { maxOutputLength: limit });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(codec, limit);
        throw err;
      }
    case Compression.Snappy:
      return snappyDecompress(data, limit);
    case Compression.Lz4:
      return lz4FrameDecompress(data, limit);
    case Compression.Zstd:
      return zstdDecompressBounded(data, limit);
    default:
      throw new DecodeError(`unknown compression codec ${codec as number} in record batch attributes`);
  }
}

function tooLarge(codec: Compression, limit: number): DecodeError {
  return new DecodeError(`${Compression[codec]} record data decompresses to more than ${limit} bytes`);
}

/** Compress record bytes with a batch's codec (zstd needs loadCompressionCodecs() first). */
export function compressRecords(codec: Compression, data: Buffer): Buffer {
  switch (codec) {
    case Compression.None:
      return data;
    case Compression.Gzip:
      return gzipSync(data);
    case Compression.Snappy:
      return xerialSnappyCompress(data);
    case Compression.Lz4:
      return lz4FrameCompress(data);
    case Compression.Zstd:
      if (!zstdLoaded) throw new Error('zstd compression is not loaded yet: await loadCompressionCodecs() first');
      return asBuffer(zstdWasm.compress(data, ZSTD_LEVEL));
    default:
      throw new Error(`unknown compression codec ${codec as number} in record batch attributes`);
  }
}

let zstdLoaded = false;
let zstdLoading: Promise<void> | null = null;

/** Load the zstd encoder's WebAssembly module (once; later calls return at once). */
export function loadCompressionCodecs(): Promise<void> {
  zstdLoading ??= zstdWasm.init().then(() => {
    zstdLoaded = true;
  });
  return zstdLoading;
}

/** Kafka's default zstd level (compression.zstd.level). */
const ZSTD_LEVEL = 3;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---- zstd ----

const ZSTD_MAGIC = 0xfd2fb528;
/** Largest block a zstd frame may hold, compressed or not (ZSTD_BLOCKSIZE_MAX). */
const ZSTD_BLOCK_MAX = 128 * 1024;

/**
 * zstd frame by frame. fzstd allocates a frame's window (or declared content size) up front, so
 * each frame header is read here first and refused when either exceeds what is left of the limit;
 * the frame is then streamed and its output counted block by block (at most 128 KiB each).
 */
function zstdDecompressBounded(data: Buffer, limit: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    if (pos + 8 > data.length) throw new DecodeError('zstd data is cut short (frame header)');
    const magic = data.readUInt32LE(pos);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      // Skippable frame: magic, 4-byte size, payload.
      pos += 8 + data.readUInt32LE(pos + 4);
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new DecodeError('not a zstd frame (bad magic)');
    const frame = zstdFrame(data, pos);
    const left = limit - total;
    if (frame.windowSize > Math.max(left, ZSTD_BLOCK_MAX) || (frame.contentSize !== null && frame.contentSize > left)) throw tooLarge(Compression.Zstd, limit);
    const stream = new ZstdStream((chunk) => {
      total += chunk.length;
      if (total > limit) throw tooLarge(Compression.Zstd, limit);
      parts.push(Buffer.from(chunk));
    });
    stream.push(data.subarray(pos, frame.end), true);
    pos = frame.end;
  }
  return Buffer.concat(parts, total);
}

/** A zstd frame's window size, declared content size (null if absent) and end, from its header and block headers. */
function zstdFrame(data: Buffer, start: number): { windowSize: number; contentSize: number | null; end: number } {
  const fhd = data[start + 4];
  const singleSegment = (fhd >> 5) & 1;
  const fcsFlag = fhd >> 6;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  let pos = start + 5;
  let windowSize = 0;
  if (!singleSegment) {
    const wd = data[pos++];
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  pos += dictBytes;
  if (pos + fcsBytes > data.length) throw new DecodeError('zstd data is cut short (frame header)');
  let contentSize: number | null = null;
  if (fcsBytes === 1) contentSize = data[pos];
  else if (fcsBytes === 2) contentSize = data.readUInt16LE(pos) + 256;
  else if (fcsBytes === 4) contentSize = data.readUInt32LE(pos);
  else if (fcsBytes === 8) contentSize = Number(data.readBigUInt64LE(pos));
  pos += fcsBytes;
  if (singleSegment) windowSize = contentSize ?? 0;
  for (;;) {
    if (pos + 3 > data.length) throw new DecodeError('zstd data is cut short (block header)');
    const header = data.readUIntLE(pos, 3);
    pos += 3;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw new DecodeError('reserved zstd block type');
    pos += type === 1 ? 1 : size; // an RLE block holds one byte, repeated size times
    if (pos > data.length) throw new DecodeError('zstd block runs past the data');
    if (header & 1) break;
  }
  if (fhd & 4) pos += 4; // content checksum
  if (pos > data.length) throw new DecodeError('zstd data is cut short (checksum)');
  return { windowSize, contentSize, end: pos };
}

// ---- snappy, xerial framing ----

/** 0x82 "SNAPPY" 0, then version 1 and minimum compatible version 1, as snappy-java writes. */
const XERIAL_HEADER = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
/** snappy-java's default block size. */
const XERIAL_BLOCK = 32 * 1024;

/** A snappy block states its uncompressed length up front, so snappyjs refuses an oversized one before allocating. */
function snappyDecompress(data: Buffer, limit: number): Buffer {
  if (data.length < XERIAL_HEADER.length || !data.subarray(0, 8).equals(XERIAL_HEADER.subarray(0, 8))) {
    return asBuffer(snappy.uncompress(data, limit));
  }
  const blocks: Buffer[] = [];
  let total = 0;
  let pos = XERIAL_HEADER.length;
  while (pos + 4 <= data.length) {
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > data.length) throw new DecodeError('snappy data is cut short (xerial block beyond the end)');
    const block = asBuffer(snappy.uncompress(data.subarray(pos, pos + length), limit - total));
    total += block.length;
    blocks.push(block);
    pos += length;
  }
  return Buffer.concat(blocks);
}

function xerialSnappyCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK) {
    const block = asBuffer(snappy.compress(data.subarray(pos, pos + XERIAL_BLOCK)));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

// ---- lz4 frame ----

const LZ4_MAGIC = 0x184d2204;
/** Version 01 and independent blocks, as Kafka's KafkaLZ4BlockOutputStream writes. */
const LZ4_FLG = 0x60;
/** 64 KiB blocks (BD block-size id 4), Kafka's default. */
const LZ4_BD = 4 << 4;
const LZ4_BLOCK = 64 * 1024;
const LZ4_UNCOMPRESSED = 0x80000000;

/** Block maximum sizes by BD block-size id. */
const LZ4_BLOCK_MAX: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: MiB, 7: 4 * MiB };
const LZ4_FLG_BLOCK_CHECKSUM = 0x10;
const LZ4_FLG_CONTENT_SIZE = 0x08;
const LZ4_FLG_CONTENT_CHECKSUM = 0x04;

/**
 * An LZ4 frame, block by block, as Kafka's KafkaLZ4BlockInputStream reads it: each block decodes
 * on its own (independent blocks, as every Kafka client writes) into at most the frame's block
 * size. The frame's content size field is not trusted (lz4js would allocate whatever it says).
 */
function lz4FrameDecompress(data: Buffer, limit: number): Buffer {
  if (data.length < 7 || data.readUInt32LE(0) !== LZ4_MAGIC) throw new DecodeError('not an LZ4 frame (bad magic)');
  const flg = data[4];
  if (flg >> 6 !== 1) throw new DecodeError(`unsupported LZ4 frame version ${flg >> 6}`);
  const blockMax = LZ4_BLOCK_MAX[(data[5] >> 4) & 7];
  if (blockMax === undefined) throw new DecodeError(`invalid LZ4 block size id ${(data[5] >> 4) & 7}`);
  let pos = 6 + (flg & LZ4_FLG_CONTENT_SIZE ? 8 : 0) + 1; // descriptor, content size, header checksum
  const scratch = Buffer.alloc(blockMax);
  const blocks: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (pos + 4 > data.length) throw new DecodeError('LZ4 frame is cut short (no end mark)');
    const word = data.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break;
    const size = (word & ~LZ4_UNCOMPRESSED) >>> 0;
    if (size > data.length - pos) throw new DecodeError(`LZ4 block of ${size} bytes runs past the frame`);
    let block: Buffer;
    if (word & LZ4_UNCOMPRESSED) {
      if (size > blockMax) throw new DecodeError(`uncompressed LZ4 block of ${size} bytes exceeds the frame's block size ${blockMax}`);
      block = data.subarray(pos, pos + size);
    } else {
      // lz4js counts what a block writes even past the scratch buffer's end, so an oversized block shows.
      const written = lz4.decompressBlock(data, scratch, pos, size, 0);
      if (written > blockMax) throw new DecodeError(`LZ4 block decompresses past the frame's block size ${blockMax}`);
      block = Buffer.from(scratch.subarray(0, written));
    }
    total += block.length;
    if (total > limit) throw tooLarge(Compression.Lz4, limit);
    blocks.push(block);
    pos += size + (flg & LZ4_FLG_BLOCK_CHECKSUM ? 4 : 0);
  }
  if (flg & LZ4_FLG_CONTENT_CHECKSUM) pos += 4;
  return Buffer.concat(blocks, total);
}

function lz4FrameCompress(data: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(LZ4_MAGIC, 0);
  header[4] = LZ4_FLG;
  header[5] = LZ4_BD;
  // Header checksum: second byte of xxh32 over the descriptor (FLG, BD).
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const scratch = new Uint8Array(lz4.compressBound(LZ4_BLOCK));
  const hashTable = new Uint32Array(1 << 16);
  for (let pos = 0; pos < data.length; pos += LZ4_BLOCK) {
    const size = Math.min(LZ4_BLOCK, data.length - pos);
    hashTable.fill(0); // independent blocks: no match may reach into the previous one
    const compressed = lz4.compressBlock(data, scratch, pos, size, hashTable);
    const length = Buffer.alloc(4);
    if (compressed === 0 || compressed >= size) {
      length.writeUInt32LE((LZ4_UNCOMPRESSED | size) >>> 0);
      parts.push(length, data.subarray(pos, pos + size));
    } else {
      length.writeUInt32LE(compressed);
      parts.push(length, Buffer.from(scratch.subarray(0, compressed)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}
