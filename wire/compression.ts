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
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';
import * as snappy from 'snappyjs';
import * as zstdWasm from '@bokuweb/zstd-wasm';
import { Compression } from './records';

/** Decompress a batch's record bytes; Compression.None returns them unchanged. */
export function decompressRecords(codec: Compression, data: Buffer): Buffer {
  switch (codec) {
    case Compression.None:
      return data;
    case Compression.Gzip:
      return gunzipSync(data);
    case Compression.Snappy:
      return snappyDecompress(data);
    case Compression.Lz4:
      return asBuffer(lz4.decompress(data));
    case Compression.Zstd:
      return asBuffer(zstdDecompress(data));
    default:
      throw new Error(`unknown compression codec ${codec as number} in record batch attributes`);
  }
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

// ---- snappy, xerial framing ----

/** 0x82 "SNAPPY" 0, then version 1 and minimum compatible version 1, as snappy-java writes. */
const XERIAL_HEADER = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
/** snappy-java's default block size. */
const XERIAL_BLOCK = 32 * 1024;

function snappyDecompress(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER.length || !data.subarray(0, 8).equals(XERIAL_HEADER.subarray(0, 8))) {
    return asBuffer(snappy.uncompress(data));
  }
  const blocks: Buffer[] = [];
  let pos = XERIAL_HEADER.length;
  while (pos + 4 <= data.length) {
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > data.length) throw new Error('snappy data is cut short (xerial block beyond the end)');
    blocks.push(asBuffer(snappy.uncompress(data.subarray(pos, pos + length))));
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
