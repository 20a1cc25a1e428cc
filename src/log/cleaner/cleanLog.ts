/**
 * One compaction pass over one partition log, after Kafka's LogCleaner: the closed segments whose
 * records are all older than min.compaction.lag.ms are cleaned (never the active segment). First
 * a map of each key's latest offset over them; then each segment is rewritten keeping only the
 * record that holds its key's latest offset, and swapped in atomically (PartitionLog.replaceSegment).
 * Offsets never change: cleaning leaves gaps, which fetches step over as they do in Kafka.
 *
 * Transactions, as Kafka treats them: records of aborted transactions are removed, those of
 * committed ones are cleaned like any other, and batches of transactions still open (no marker
 * yet, anywhere in the log) are kept whole and stay out of the key map. Kept whole as well, as a
 * simple correct subset of Kafka's rules:
 * - control batches (transaction markers); Kafka removes markers no longer needed after
 *   delete.retention.ms;
 * - the last batch of each producer id in the cleaned range, so idempotent producers find their
 *   sequence numbers after a restart (Kafka keeps such a batch, emptied, for the same reason).
 *
 * Records without a key are removed, as Kafka does. Tombstones (null values) are removed once
 * their segment's newest record is older than delete.retention.ms.
 */
import { readControlRecord } from '../../../wire/controlRecords';
import { ATTR_CONTROL, ATTR_TRANSACTIONAL, attributesOf, lastOffsetOf, producerIdOf, recordCountOf } from '../../../wire/records';
import type { ClosedSegment, PartitionLog } from '../PartitionLog';
import { StoredRecord, rebuildBatch, storedRecords } from './storedRecords';

export interface CleanOptions {
  now: number;
  minCompactionLagMs: number;
  deleteRetentionMs: number;
}

export interface CleanStats {
  /** Segments rewritten (those with nothing to remove are left alone). */
  segmentsCleaned: number;
  recordsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
}

export function cleanLog(log: PartitionLog, options: CleanOptions): CleanStats {
  const stats: CleanStats = { segmentsCleaned: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
  const segments = cleanableSegments(log, options);
  if (segments.length === 0) return stats;

  const outcomes = transactionOutcomes(log, segments);
  /** Kept whole: markers, and transactional batches whose transaction is still open. */
  const keptWhole = (batch: Buffer) => {
    const attributes = attributesOf(batch);
    if (attributes & ATTR_CONTROL) return true;
    return (attributes & ATTR_TRANSACTIONAL) !== 0 && !outcomes.committed.has(lastOffsetOf(batch)) && !outcomes.aborted.has(lastOffsetOf(batch));
  };
  const aborted = (batch: Buffer) => outcomes.aborted.has(lastOffsetOf(batch));

  const latest = new Map<string, number>();
  const lastBatchOfProducer = new Map<number, number>();
  for (const segment of segments) {
    for (const batch of log.readSegment(segment.baseOffset)) {
      const producerId = producerIdOf(batch);
      if (producerId >= 0) lastBatchOfProducer.set(producerId, lastOffsetOf(batch));
      if (keptWhole(batch) || aborted(batch)) continue;
      for (const record of storedRecords(batch)) if (record.key !== null) latest.set(keyOf(record.key), record.offset);
    }
  }

  for (const segment of segments) {
    const dropTombstones = options.now - segment.largestTimestamp > options.deleteRetentionMs;
    const retain = (r: StoredRecord) => r.key !== null && latest.get(keyOf(r.key)) === r.offset && !(r.tombstone && dropTombstones);
    const batches = log.readSegment(segment.baseOffset);
    const cleaned: Buffer[] = [];
    let removed = 0;
    for (const batch of batches) {
      const producerId = producerIdOf(batch);
      if (keptWhole(batch) || (producerId >= 0 && lastBatchOfProducer.get(producerId) === lastOffsetOf(batch))) {
        cleaned.push(batch);
        continue;
      }
      if (aborted(batch)) {
        removed += recordCountOf(batch);
        continue;
      }
      const records = storedRecords(batch);
      const kept = records.filter(retain);
      removed += records.length - kept.length;
      if (kept.length === records.length) cleaned.push(batch);
      else if (kept.length > 0) cleaned.push(rebuildBatch(batch, kept));
    }
    if (removed === 0) continue;
    // Reads hand out slices of the segment's data: copy the batches kept as they were.
    const replacement = cleaned.map((b) => Buffer.from(b));
    log.replaceSegment(segment.baseOffset, replacement);
    stats.segmentsCleaned++;
    stats.recordsRemoved += removed;
    stats.bytesBefore += segment.sizeInBytes;
    stats.bytesAfter += replacement.reduce((n, b) => n + b.length, 0);
  }
  return stats;
}

/** The oldest closed segments whose records are all past min.compaction.lag.ms. */
function cleanableSegments(log: PartitionLog, options: CleanOptions): ClosedSegment[] {
  const segments: ClosedSegment[] = [];
  for (const segment of log.closedSegments()) {
    // A segment emptied by an earlier pass has only its file time, which says nothing about records.
    if (segment.sizeInBytes === 0) continue;
    if (options.now - segment.largestTimestamp < options.minCompactionLagMs) break;
    segments.push(segment);
  }
  return segments;
}

/** How much of the log after the cleaned range is read at a time, looking for markers. */
const MARKER_SCAN_BYTES = 8 * 1024 * 1024;

/**
 * The transactional batches of the cleaned range (by last offset) whose transaction ended, by the
 * markers that follow them in the cleaned range or anywhere after it.
 */
function transactionOutcomes(log: PartitionLog, segments: ClosedSegment[]): { aborted: Set<number>; committed: Set<number> } {
  const aborted = new Set<number>();
  const committed = new Set<number>();
  const pending = new Map<number, number[]>();
  const visit = (batch: Buffer, inCleanedRange: boolean) => {
    const attributes = attributesOf(batch);
    if ((attributes & ATTR_TRANSACTIONAL) === 0) return;
    const producerId = producerIdOf(batch);
    if ((attributes & ATTR_CONTROL) === 0) {
      if (!inCleanedRange) return;
      const open = pending.get(producerId);
      if (open) open.push(lastOffsetOf(batch));
      else pending.set(producerId, [lastOffsetOf(batch)]);
      return;
    }
    const marker = recordCountOf(batch) > 0 ? readControlRecord(batch) : null;
    const ended = pending.get(producerId);
    if (marker === null || ended === undefined) return;
    for (const offset of ended) (marker.commit ? committed : aborted).add(offset);
    pending.delete(producerId);
  };
  for (const segment of segments) for (const batch of log.readSegment(segment.baseOffset)) visit(batch, true);
  // Markers of transactions still pending may come later, in segments not cleaned this time.
  let offset = segments[segments.length - 1].nextBaseOffset;
  while (pending.size > 0 && offset < log.logEndOffset) {
    const batches = log.read(offset, MARKER_SCAN_BYTES);
    if (batches.length === 0) break;
    for (const batch of batches) visit(batch, false);
    offset = lastOffsetOf(batches[batches.length - 1]) + 1;
  }
  return { aborted, committed };
}

/** Keys are arbitrary bytes; latin1 maps each byte to one character, so distinct keys stay distinct. */
function keyOf(key: Buffer): string {
  return key.toString('latin1');
}
