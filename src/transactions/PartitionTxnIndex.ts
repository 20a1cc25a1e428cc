/**
 * What one partition knows about transactions, as Kafka's ProducerStateManager (open
 * transactions, hence the last stable offset) and transaction index (`.txnindex`: aborted
 * transactions) keep it:
 *
 * - open transactions: producer id → offset of its first transactional batch not yet followed by
 *   a marker. The last stable offset (LSO) is the smallest of those, or the high watermark.
 * - aborted transactions: (producer id, first offset, last offset = the ABORT marker's offset), in
 *   marker order. A read_committed Fetch returns those overlapping the records it returns, so the
 *   client can drop the aborted records.
 *
 * Everything here can be rebuilt from the log: transactional data batches and control batches
 * (markers) carry the producer ids, offsets and outcomes.
 */
import { readControlRecord } from '../../wire/controlRecords';
import { ATTR_CONTROL, ATTR_TRANSACTIONAL, attributesOf, baseOffsetOf, lastOffsetOf, producerIdOf } from '../../wire/records';
import type { PartitionLog } from '../log/PartitionLog';

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

/** How much of the log one read() takes while rebuilding. */
const REBUILD_CHUNK_BYTES = 8 * 1024 * 1024;

export class PartitionTxnIndex {
  /** producer id → first offset of its open transaction here, in the order they started. */
  readonly open = new Map<number, number>();
  /** Ascending by lastOffset (markers are appended in order). */
  readonly aborted: AbortedTxn[] = [];

  /** A transactional data batch was appended at baseOffset. */
  onTransactionalBatch(producerId: number, baseOffset: number): void {
    if (!this.open.has(producerId)) this.open.set(producerId, baseOffset);
  }

  /**
   * A COMMIT or ABORT marker was appended at markerOffset. Returns the aborted transaction it
   * recorded, if any: like Kafka, only a transaction with data here is indexed.
   */
  onMarker(producerId: number, commit: boolean, markerOffset: number): AbortedTxn | null {
    const firstOffset = this.open.get(producerId);
    if (firstOffset === undefined) return null;
    this.open.delete(producerId);
    if (commit) return null;
    const aborted = { producerId, firstOffset, lastOffset: markerOffset };
    this.aborted.push(aborted);
    return aborted;
  }

  /**
   * The log start moved: forget aborted transactions whose marker is below it (no fetch can ask
   * about them any more), as Kafka drops the .txnindex of deleted segments.
   */
  forgetBelow(logStartOffset: number): void {
    let drop = 0;
    while (drop < this.aborted.length && this.aborted[drop].lastOffset < logStartOffset) drop++;
    if (drop > 0) this.aborted.splice(0, drop);
  }

  lastStableOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const first of this.open.values()) lso = Math.min(lso, first);
    return lso;
  }

  /**
   * Aborted transactions that overlap [fetchOffset, upperBoundOffset): those whose marker is at or
   * after fetchOffset and whose first offset is before upperBoundOffset (Kafka's
   * TransactionIndex.collectAbortedTxns).
   */
  abortedOverlapping(fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    // Binary search for the first entry whose marker is at or after fetchOffset.
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.aborted[mid].lastOffset < fetchOffset) lo = mid + 1;
      else hi = mid;
    }
    const result: AbortedTxn[] = [];
    for (let i = lo; i < this.aborted.length; i++) if (this.aborted[i].firstOffset < upperBoundOffset) result.push(this.aborted[i]);
    return result;
  }

  /** Scan the whole log (batch headers, and the one record of each control batch). */
  static rebuild(log: PartitionLog, onBadMarker: (offset: number, err: Error) => void = () => {}): PartitionTxnIndex {
    const index = new PartitionTxnIndex();
    const logStart = log.logStartOffset;
    let offset = logStart;
    while (offset < log.logEndOffset) {
      const batches = log.read(offset, REBUILD_CHUNK_BYTES);
      if (batches.length === 0) break;
      for (const batch of batches) {
        const attributes = attributesOf(batch);
        if (attributes & ATTR_CONTROL) {
          try {
            const marker = readControlRecord(batch);
            if (marker) {
              const producerId = producerIdOf(batch);
              const markerOffset = baseOffsetOf(batch);
              const recorded = index.onMarker(producerId, marker.commit, markerOffset);
              // An abort whose first batches were deleted (the log start moved into the transaction):
              // its records from the log start on must still be skipped by read_committed fetches.
              if (recorded === null && !marker.commit && logStart > 0) {
                index.aborted.push({ producerId, firstOffset: logStart, lastOffset: markerOffset });
              }
            }
          } catch (err) {
            onBadMarker(baseOffsetOf(batch), err as Error);
          }
        } else if (attributes & ATTR_TRANSACTIONAL) {
          index.onTransactionalBatch(producerIdOf(batch), baseOffsetOf(batch));
        }
        offset = lastOffsetOf(batch) + 1;
      }
    }
    return index;
  }
}
