/**
 * The records of a stored batch as the cleaner needs them: offset, timestamp, key and whether the
 * value is null, plus each record's encoded bytes, so kept records are copied unchanged (timestamp
 * and offset deltas, headers and all) into the rebuilt batch.
 */
import { compressRecords } from '../../../wire/compression';
import {
  ATTR_LOG_APPEND_TIME,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH,
  CRC,
  LOG_OVERHEAD,
  MAX_TIMESTAMP,
  RECORD_COUNT,
  batchInfo,
  computeCrc,
  mapRecords,
  recordHeaderCount,
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

/** The records of a stored batch, checked as wire/records.ts mapRecords checks them. */
export function storedRecords(batch: Buffer): StoredRecord[] {
  return mapRecords(batch, (r, info, bytes) => {
    r.int8(); // attributes
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const keyLength = r.varint();
    const key = keyLength < 0 ? null : r.raw(keyLength);
    const valueLength = r.varint();
    if (valueLength > 0) r.skip(valueLength);
    // Headers are kept as bytes, but checked as readRecords checks them: a kept record must read back.
    const headerCount = recordHeaderCount(r);
    for (let h = 0; h < headerCount; h++) {
      const keySize = r.varint();
      if (keySize > 0) r.skip(keySize);
      const valueSize = r.varint();
      if (valueSize > 0) r.skip(valueSize);
    }
    return { offset: info.baseOffset + offsetDelta, timestamp: info.baseTimestamp + timestampDelta, key, tombstone: valueLength < 0, bytes };
  });
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
