/**
 * The records of a stored batch as the cleaner needs them: offset, timestamp, key and whether the
 * value is null, plus each record's encoded bytes, so kept records are copied unchanged (timestamp
 * and offset deltas, headers and all) into the rebuilt batch.
 */
import { compressRecords, decompressRecords } from '../../../wire/compression';
import { DecodeError, Reader } from '../../../wire/io';
import {
  ATTR_LOG_APPEND_TIME,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH,
  CRC,
  LOG_OVERHEAD,
  MAX_TIMESTAMP,
  RECORD_COUNT,
  batchInfo,
  batchSize,
  computeCrc,
} from '../../../wire/records';

export interface StoredRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  /** A null value: a tombstone, which deletes the key. */
  tombstone: boolean;
  /** The record as encoded in the batch (its length varint included). */
  bytes: Buffer;
}

/**
 * The records of a stored batch. The batch is client bytes behind a CRC the client computed, so
 * counts and lengths are checked against the bytes left exactly as wire/records.ts readRecords
 * checks them (Kafka's DefaultRecord.readFrom): garbage throws DecodeError, and no loop runs
 * longer than the bytes allow (a record of length -1 once re-read itself forever here).
 */
export function storedRecords(batch: Buffer): StoredRecord[] {
  const info = batchInfo(batch);
  const body = decompressRecords(info.compression, batch.subarray(BATCH_HEADER_SIZE, batchSize(batch)));
  if (info.recordCount < 0) throw new DecodeError(`invalid record count ${info.recordCount}`);
  // A record takes at least 7 bytes (length, attributes, 3 varints, header count): more cannot fit.
  if (info.recordCount > body.length) throw new DecodeError(`record count ${info.recordCount} is more than ${body.length} bytes can hold`);
  const all = new Reader(body);
  const records: StoredRecord[] = [];
  for (let i = 0; i < info.recordCount; i++) {
    const start = all.pos;
    const length = all.varint();
    if (length < 0 || length > all.remaining()) {
      throw new DecodeError(`invalid record size ${length} with ${all.remaining()} bytes left`);
    }
    // Each record is read within its own length: a wrong inner field cannot run into the next one.
    const r = new Reader(body, all.pos, all.pos + length);
    all.skip(length);
    r.int8(); // attributes
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const keyLength = r.varint();
    const key = keyLength < 0 ? null : r.raw(keyLength);
    const valueLength = r.varint();
    if (valueLength > 0) r.skip(valueLength);
    // Headers are kept as bytes, but checked as readRecords checks them: a kept record must read back.
    const headerCount = r.varint();
    if (headerCount < 0 || headerCount > r.remaining()) throw new DecodeError(`invalid number of record headers ${headerCount}`);
    for (let h = 0; h < headerCount; h++) {
      const keySize = r.varint();
      if (keySize > 0) r.skip(keySize);
      const valueSize = r.varint();
      if (valueSize > 0) r.skip(valueSize);
    }
    const tombstone = valueLength < 0;
    records.push({ offset: info.baseOffset + offsetDelta, timestamp: info.baseTimestamp + timestampDelta, key, tombstone, bytes: body.subarray(start, all.pos) });
  }
  return records;
}

/**
 * The batch again with only `kept` (a subset of its records, in order), as Kafka's
 * MemoryRecords.filterTo writes it: the same header — base offset, last offset delta (so the
 * producer's sequence range survives), producer id, epoch, base sequence, attributes — with the
 * record count, max timestamp (unless LogAppendTime), length and CRC recomputed, and the records
 * recompressed with the batch's codec.
 */
export function rebuildBatch(original: Buffer, kept: StoredRecord[]): Buffer {
  const info = batchInfo(original);
  const records = compressRecords(info.compression, Buffer.concat(kept.map((r) => r.bytes)));
  const batch = Buffer.concat([original.subarray(0, BATCH_HEADER_SIZE), records]);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH);
  batch.writeInt32BE(kept.length, RECORD_COUNT);
  if ((info.attributes & ATTR_LOG_APPEND_TIME) === 0) {
    const maxTimestamp = kept.reduce((max, r) => Math.max(max, r.timestamp), -1);
    batch.writeBigInt64BE(BigInt(maxTimestamp), MAX_TIMESTAMP);
  }
  batch.writeUInt32BE(computeCrc(batch, 0, batch.length), CRC);
  return batch;
}
