/**
 * Record-exact answers for ListOffsets by timestamp, found inside one batch. This decodes records,
 * which is fine here (ListOffsets is rare) and never done on the produce or fetch path.
 */
import {
  ATTR_LOG_APPEND_TIME,
  attributesOf,
  baseOffsetOf,
  lastOffsetOf,
  maxTimestampOf,
  readRecords,
  Record,
} from '../../wire/records';
import type { TimestampOffset } from './PartitionLog';

/** With LogAppendTime every record carries the batch's maxTimestamp, whatever its delta says. */
function isLogAppendTime(batch: Buffer): boolean {
  return (attributesOf(batch) & ATTR_LOG_APPEND_TIME) !== 0;
}

/**
 * The batch's records, or null when its payload does not decode: Produce checks the CRC but,
 * unlike Kafka, does not decompress, so a client's garbage stays stored and must not break this.
 */
function decodable(batch: Buffer): Record[] | null {
  try {
    return readRecords(batch);
  } catch {
    return null;
  }
}

/**
 * The first record of the batch with a timestamp >= timestamp and an offset >= fromOffset (the
 * log start, which may fall inside the batch), or null when none has.
 */
export function firstRecordAtOrAfter(batch: Buffer, timestamp: number, fromOffset = 0): TimestampOffset | null {
  const records = isLogAppendTime(batch) ? null : decodable(batch);
  if (records === null) {
    // LogAppendTime (every record has the batch's time) or a batch we cannot decode: the batch is
    // the grain, answered with its first offset, which a client can fetch from.
    const maxTimestamp = maxTimestampOf(batch);
    return maxTimestamp >= timestamp ? { timestamp: maxTimestamp, offset: Math.max(baseOffsetOf(batch), fromOffset) } : null;
  }
  for (const record of records) {
    if (record.timestamp >= timestamp && record.offset >= fromOffset) return { timestamp: record.timestamp, offset: record.offset };
  }
  return null;
}

/** The record carrying the batch's maxTimestamp (the first such), or the batch's last offset. */
export function recordWithMaxTimestamp(batch: Buffer): TimestampOffset {
  const timestamp = maxTimestampOf(batch);
  if (isLogAppendTime(batch)) return { timestamp, offset: baseOffsetOf(batch) };
  const record = decodable(batch)?.find((r) => r.timestamp === timestamp);
  return record ? { timestamp, offset: record.offset } : { timestamp, offset: lastOffsetOf(batch) };
}
