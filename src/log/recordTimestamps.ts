/**
 * Record-exact answers for ListOffsets by timestamp, found inside one batch. This decodes records,
 * which is fine here (ListOffsets is rare) and never done on the produce or fetch path.
 */
import {
  ATTR_COMPRESSION_MASK,
  ATTR_LOG_APPEND_TIME,
  Compression,
  attributesOf,
  baseOffsetOf,
  lastOffsetOf,
  maxTimestampOf,
  readRecords,
} from '../../wire/records';
import type { TimestampOffset } from './PartitionLog';

/** With LogAppendTime every record carries the batch's maxTimestamp, whatever its delta says. */
function isLogAppendTime(batch: Buffer): boolean {
  return (attributesOf(batch) & ATTR_LOG_APPEND_TIME) !== 0;
}

/** readRecords handles uncompressed and gzip batches only. */
function isReadable(batch: Buffer): boolean {
  const codec = attributesOf(batch) & ATTR_COMPRESSION_MASK;
  return codec === Compression.None || codec === Compression.Gzip;
}

/** The first record of the batch with a timestamp >= timestamp, or null when none has. */
export function firstRecordAtOrAfter(batch: Buffer, timestamp: number): TimestampOffset | null {
  if (isLogAppendTime(batch) || !isReadable(batch)) {
    // Without decoding (snappy, lz4, zstd) the batch is the finest grain we have: answer with its
    // first offset, which a client can fetch from, and its largest timestamp.
    const maxTimestamp = maxTimestampOf(batch);
    return maxTimestamp >= timestamp ? { timestamp: maxTimestamp, offset: baseOffsetOf(batch) } : null;
  }
  for (const record of readRecords(batch)) {
    if (record.timestamp >= timestamp) return { timestamp: record.timestamp, offset: record.offset };
  }
  return null;
}

/** The record carrying the batch's maxTimestamp (the first such), or the batch's last offset. */
export function recordWithMaxTimestamp(batch: Buffer): TimestampOffset {
  const timestamp = maxTimestampOf(batch);
  if (isLogAppendTime(batch)) return { timestamp, offset: baseOffsetOf(batch) };
  if (isReadable(batch)) {
    const record = readRecords(batch).find((r) => r.timestamp === timestamp);
    if (record) return { timestamp, offset: record.offset };
  }
  return { timestamp, offset: lastOffsetOf(batch) };
}
