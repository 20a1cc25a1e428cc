/**
 * RecordBatch v2 (magic 2), the unit Kafka stores and serves. The broker reads a few header
 * fields in place and never decodes records on the produce or fetch path; record iteration and
 * the builder are for tests, tools and benchmarks.
 *
 * Layout: baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 |
 * crc uint32 (CRC-32C of everything after it) | attributes int16 | lastOffsetDelta int32 |
 * baseTimestamp int64 | maxTimestamp int64 | producerId int64 | producerEpoch int16 |
 * baseSequence int32 | recordCount int32 | records...
 */
import * as CRC32C from 'crc-32/crc32c';
import { compressRecords, decompressRecords } from './compression';
import { DecodeError, Reader, Writer } from './io';

export const BASE_OFFSET = 0;
export const BATCH_LENGTH = 8;
export const PARTITION_LEADER_EPOCH = 12;
export const MAGIC = 16;
export const CRC = 17;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const BASE_TIMESTAMP = 27;
export const MAX_TIMESTAMP = 35;
export const PRODUCER_ID = 43;
export const PRODUCER_EPOCH = 51;
export const BASE_SEQUENCE = 53;
export const RECORD_COUNT = 57;
export const BATCH_HEADER_SIZE = 61;
/** baseOffset and batchLength come before what batchLength counts. */
export const LOG_OVERHEAD = 12;

export enum Compression {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_LOG_APPEND_TIME = 0x08;
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;

/** Total bytes of the batch starting at pos, from its length field. */
export function batchSize(buf: Buffer, pos = 0): number {
  return LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
}
export function baseOffsetOf(buf: Buffer, pos = 0): number {
  return Number(buf.readBigInt64BE(pos + BASE_OFFSET));
}
export function lastOffsetDeltaOf(buf: Buffer, pos = 0): number {
  return buf.readInt32BE(pos + LAST_OFFSET_DELTA);
}
export function lastOffsetOf(buf: Buffer, pos = 0): number {
  return baseOffsetOf(buf, pos) + lastOffsetDeltaOf(buf, pos);
}
export function attributesOf(buf: Buffer, pos = 0): number {
  return buf.readInt16BE(pos + ATTRIBUTES);
}
export function baseTimestampOf(buf: Buffer, pos = 0): number {
  return Number(buf.readBigInt64BE(pos + BASE_TIMESTAMP));
}
export function maxTimestampOf(buf: Buffer, pos = 0): number {
  return Number(buf.readBigInt64BE(pos + MAX_TIMESTAMP));
}
export function producerIdOf(buf: Buffer, pos = 0): number {
  return Number(buf.readBigInt64BE(pos + PRODUCER_ID));
}
export function recordCountOf(buf: Buffer, pos = 0): number {
  return buf.readInt32BE(pos + RECORD_COUNT);
}

/** The broker assigns offsets by rewriting baseOffset in place; the CRC does not cover it. */
export function setBaseOffset(buf: Buffer, offset: number, pos = 0): void {
  buf.writeBigInt64BE(BigInt(offset), pos + BASE_OFFSET);
}
export function setPartitionLeaderEpoch(buf: Buffer, epoch: number, pos = 0): void {
  buf.writeInt32BE(epoch, pos + PARTITION_LEADER_EPOCH);
}

/**
 * message.timestamp.type=LogAppendTime, as Kafka's LogValidator does for magic 2: the timestamp-type
 * bit is set and the broker's time becomes maxTimestamp (records keep their deltas; readers use
 * maxTimestamp for every record). Both are covered by the CRC, which is therefore recomputed.
 */
export function setLogAppendTime(buf: Buffer, timestamp: number, pos = 0): void {
  buf.writeInt16BE(attributesOf(buf, pos) | ATTR_LOG_APPEND_TIME, pos + ATTRIBUTES);
  buf.writeBigInt64BE(BigInt(timestamp), pos + MAX_TIMESTAMP);
  buf.writeUInt32BE(computeCrc(buf, pos, batchSize(buf, pos)), pos + CRC);
}

export function computeCrc(buf: Buffer, pos: number, size: number): number {
  return CRC32C.buf(buf.subarray(pos + ATTRIBUTES, pos + size)) >>> 0;
}

/**
 * Why the bytes at pos (up to end) are not one whole, intact batch, or null when they are.
 * 'truncated' means more bytes are needed; anything else means the bytes are corrupt.
 */
export function batchProblem(buf: Buffer, pos: number, end: number, checkCrc = true): string | null {
  const left = end - pos;
  if (left < LOG_OVERHEAD) return 'truncated';
  const size = batchSize(buf, pos);
  if (size < BATCH_HEADER_SIZE) return `batch length ${size - LOG_OVERHEAD} is smaller than a batch header`;
  if (left < BATCH_HEADER_SIZE) return 'truncated';
  const magic = buf.readInt8(pos + MAGIC);
  if (magic !== 2) return `unsupported record batch magic ${magic}`;
  if (size > left) return 'truncated';
  if (checkCrc) {
    const stored = buf.readUInt32BE(pos + CRC);
    const actual = computeCrc(buf, pos, size);
    if (stored !== actual) return `CRC mismatch (stored ${stored}, computed ${actual})`;
  }
  return null;
}

/** Positions and sizes of the whole batches in buf; stops at the first incomplete one. */
export function* batchesIn(buf: Buffer, start = 0, end = buf.length): Generator<{ pos: number; size: number }> {
  let pos = start;
  while (end - pos >= LOG_OVERHEAD) {
    const size = batchSize(buf, pos);
    if (size < BATCH_HEADER_SIZE || pos + size > end) return;
    yield { pos, size };
    pos += size;
  }
}

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface Record {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface BatchInfo {
  baseOffset: number;
  partitionLeaderEpoch: number;
  attributes: number;
  compression: Compression;
  transactional: boolean;
  control: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function batchInfo(buf: Buffer, pos = 0): BatchInfo {
  const attributes = attributesOf(buf, pos);
  return {
    baseOffset: baseOffsetOf(buf, pos),
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH),
    attributes,
    compression: attributes & ATTR_COMPRESSION_MASK,
    transactional: (attributes & ATTR_TRANSACTIONAL) !== 0,
    control: (attributes & ATTR_CONTROL) !== 0,
    lastOffsetDelta: lastOffsetDeltaOf(buf, pos),
    baseTimestamp: baseTimestampOf(buf, pos),
    maxTimestamp: maxTimestampOf(buf, pos),
    producerId: producerIdOf(buf, pos),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE),
    recordCount: recordCountOf(buf, pos),
  };
}

/**
 * Walk the records of one batch (any codec), for tests, tools and the cleaner, never the hot path:
 * `read` gets a reader bounded to one record (just after its length varint), the batch's header and
 * the record's encoded bytes (length included). Stored batches are client bytes behind a CRC the
 * client computed, so every count and length is checked against the bytes left (as Kafka's
 * DefaultRecord.readFrom does): garbage throws DecodeError, and no loop runs longer than the bytes
 * allow (a record of length -1 once re-read itself forever).
 */
export function mapRecords<T>(batch: Buffer, read: (record: Reader, info: BatchInfo, encoded: Buffer) => T): T[] {
  const info = batchInfo(batch);
  const body = decompressRecords(info.compression, batch.subarray(BATCH_HEADER_SIZE, batchSize(batch)));
  if (info.recordCount < 0) throw new DecodeError(`invalid record count ${info.recordCount}`);
  // A record takes at least 7 bytes (length, attributes, 3 varints, header count): more cannot fit.
  if (info.recordCount > body.length) throw new DecodeError(`record count ${info.recordCount} is more than ${body.length} bytes can hold`);
  const all = new Reader(body);
  const results: T[] = [];
  for (let i = 0; i < info.recordCount; i++) {
    const start = all.pos;
    const length = all.varint();
    if (length < 0 || length > all.remaining()) {
      throw new DecodeError(`invalid record size ${length} with ${all.remaining()} bytes left`);
    }
    // Each record is read within its own length: a wrong inner field cannot run into the next one.
    const r = new Reader(body, all.pos, all.pos + length);
    all.skip(length);
    results.push(read(r, info, body.subarray(start, all.pos)));
  }
  return results;
}

/** A record's header count, checked against the bytes it has left. */
export function recordHeaderCount(r: Reader): number {
  const count = r.varint();
  if (count < 0 || count > r.remaining()) throw new DecodeError(`invalid number of record headers ${count}`);
  return count;
}

/** Decode the records of one batch (any codec): see mapRecords. */
export function readRecords(batch: Buffer): Record[] {
  return mapRecords(batch, (r, info) => {
    r.int8(); // record attributes, unused
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const key = varBytes(r);
    const value = varBytes(r);
    const headers: RecordHeader[] = [];
    const headerCount = recordHeaderCount(r);
    for (let h = 0; h < headerCount; h++) {
      const hk = varBytes(r);
      headers.push({ key: hk ? hk.toString('utf8') : '', value: varBytes(r) });
    }
    // In LogAppendTime batches every record carries the broker's time, kept as maxTimestamp.
    const timestamp = info.attributes & ATTR_LOG_APPEND_TIME ? info.maxTimestamp : info.baseTimestamp + timestampDelta;
    return { offset: info.baseOffset + offsetDelta, timestamp, key, value, headers };
  });
}

function varBytes(r: Reader): Buffer | null {
  const len = r.varint();
  return len < 0 ? null : r.raw(len);
}

export interface NewRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[];
  timestamp?: number;
}

export interface BatchOptions {
  baseOffset?: number;
  /** Any codec; zstd needs loadCompressionCodecs() (wire/compression.ts) first. */
  compression?: Compression;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
}

/** Build a RecordBatch v2 with a valid CRC (tests, tools, benchmarks). */
export function buildBatch(records: NewRecord[], options: BatchOptions = {}): Buffer {
  const now = Date.now();
  const timestamps = records.map((rec) => rec.timestamp ?? now);
  const baseTimestamp = timestamps.length ? Math.min(...timestamps) : now;
  const maxTimestamp = timestamps.length ? Math.max(...timestamps) : now;

  const body = new Writer(1024);
  records.forEach((rec, i) => {
    const one = new Writer(128);
    one.int8(0).varlong(timestamps[i] - baseTimestamp).varint(i);
    writeVarBytes(one, rec.key ?? null);
    writeVarBytes(one, rec.value);
    const headers = rec.headers ?? [];
    one.varint(headers.length);
    for (const h of headers) {
      writeVarBytes(one, h.key);
      writeVarBytes(one, h.value);
    }
    const bytes = one.toBuffer();
    body.varint(bytes.length).raw(bytes);
  });
  let recordBytes = body.toBuffer();
  const compression = options.compression ?? Compression.None;
  recordBytes = compressRecords(compression, recordBytes);

  let attributes = compression;
  if (options.transactional) attributes |= ATTR_TRANSACTIONAL;
  if (options.control) attributes |= ATTR_CONTROL;

  const w = new Writer(BATCH_HEADER_SIZE + recordBytes.length);
  w.int64(options.baseOffset ?? 0)
    .int32(BATCH_HEADER_SIZE - LOG_OVERHEAD + recordBytes.length)
    .int32(-1)
    .int8(2)
    .uint32(0) // CRC, filled in below
    .int16(attributes)
    .int32(Math.max(records.length - 1, 0))
    .int64(baseTimestamp)
    .int64(maxTimestamp)
    .int64(options.producerId ?? -1)
    .int16(options.producerEpoch ?? -1)
    .int32(options.baseSequence ?? -1)
    .int32(records.length)
    .raw(recordBytes);
  const batch = w.toBuffer();
  batch.writeUInt32BE(computeCrc(batch, 0, batch.length), CRC);
  return batch;
}

function writeVarBytes(w: Writer, v: Buffer | string | null): void {
  if (v === null) {
    w.varint(-1);
    return;
  }
  const bytes = typeof v === 'string' ? Buffer.from(v) : v;
  w.varint(bytes.length).raw(bytes);
}
