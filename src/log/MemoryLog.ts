/**
 * The in-memory partition log: every batch kept as its own buffer, in offset order, with the last
 * offset and the running largest timestamp of each batch in plain arrays for binary search.
 * Reads hand out the stored buffers themselves (nothing is copied or decoded), so nobody may
 * write into a batch returned by read().
 *
 * The batches live in a BatchList that MemoryStorage keeps across opens, so a partition reopened
 * in the same process (a broker restart on the same MemoryVolume) has its records again.
 */
import { LOG_OVERHEAD, batchSize, lastOffsetDeltaOf, maxTimestampOf, setBaseOffset } from '../../wire/records';
import type { AppendResult, PartitionLog, TimestampOffset } from './PartitionLog';
import { firstRecordAtOrAfter, recordWithMaxTimestamp } from './recordTimestamps';

/** One partition's batches, as kept by MemoryStorage. */
export class BatchList {
  readonly batches: Buffer[] = [];
  /** lastOffsets[i] is the last offset of batches[i]: ascending. */
  readonly lastOffsets: number[] = [];
  /** The largest batch maxTimestamp among batches[0..i] (−1: none had one yet): non-decreasing. */
  readonly largestTimestampUpTo: number[] = [];
  /** A field of its own: retention and DeleteRecords will move it. */
  startOffset = 0;
  endOffset = 0;
  sizeInBytes = 0;
}

export class MemoryLog implements PartitionLog {
  private closed = false;

  constructor(
    /** `<topic>-<partition>`, for messages. */
    private readonly name: string,
    private readonly data: BatchList,
  ) {}

  get logStartOffset(): number {
    return this.data.startOffset;
  }

  get logEndOffset(): number {
    return this.data.endOffset;
  }

  get sizeInBytes(): number {
    return this.data.sizeInBytes;
  }

  append(batch: Buffer): AppendResult {
    this.checkOpen();
    if (batch.length < LOG_OVERHEAD || batchSize(batch) !== batch.length) {
      throw new Error(`append takes exactly one record batch (got ${batch.length} bytes)`);
    }
    const data = this.data;
    const baseOffset = data.endOffset;
    const lastOffset = baseOffset + lastOffsetDeltaOf(batch);
    // In place first, as the disk log does: callers read the assigned offset from their buffer.
    setBaseOffset(batch, baseOffset);
    // The caller's buffer is usually a slice of a request that gets reused or dropped: keep a copy.
    data.batches.push(Buffer.from(batch));
    data.lastOffsets.push(lastOffset);
    const previous = data.largestTimestampUpTo.length > 0 ? data.largestTimestampUpTo[data.largestTimestampUpTo.length - 1] : -1;
    data.largestTimestampUpTo.push(Math.max(previous, maxTimestampOf(batch)));
    data.sizeInBytes += batch.length;
    data.endOffset = lastOffset + 1;
    return { baseOffset, lastOffset };
  }

  read(fetchOffset: number, maxBytes: number): Buffer[] {
    this.checkOpen();
    const data = this.data;
    if (fetchOffset < data.startOffset || fetchOffset > data.endOffset) {
      throw new RangeError(`offset ${fetchOffset} is outside the log [${data.startOffset}, ${data.endOffset}]`);
    }
    const result: Buffer[] = [];
    let bytesLeft = maxBytes;
    for (let i = firstAtLeast(data.lastOffsets, fetchOffset); i < data.batches.length; i++) {
      const batch = data.batches[i];
      // KIP-74: the first batch is returned whole, whatever its size.
      if (result.length > 0 && batch.length > bytesLeft) break;
      result.push(batch);
      bytesLeft -= batch.length;
      if (bytesLeft <= 0) break;
    }
    return result;
  }

  offsetForTimestamp(timestamp: number): TimestampOffset | null {
    this.checkOpen();
    const { batches, largestTimestampUpTo } = this.data;
    // Batches without timestamps (−1) never answer, as on disk.
    if (this.largestTimestamp() < 0) return null;
    // Every batch before the first whose running largest reaches the timestamp is entirely older.
    for (let i = firstAtLeast(largestTimestampUpTo, timestamp); i < batches.length; i++) {
      if (maxTimestampOf(batches[i]) < timestamp) continue;
      const found = firstRecordAtOrAfter(batches[i], timestamp);
      if (found !== null) return found;
    }
    return null;
  }

  maxTimestamp(): TimestampOffset | null {
    this.checkOpen();
    const largest = this.largestTimestamp();
    if (largest < 0) return null;
    // The first batch carrying it: ties go to the earliest record, as in Kafka.
    return recordWithMaxTimestamp(this.data.batches[firstAtLeast(this.data.largestTimestampUpTo, largest)]);
  }

  flush(): void {
    this.checkOpen();
  }

  close(): void {
    this.closed = true;
  }

  private largestTimestamp(): number {
    const upTo = this.data.largestTimestampUpTo;
    return upTo.length === 0 ? -1 : upTo[upTo.length - 1];
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`log ${this.name} is closed`);
  }
}

/** Index of the first element >= value in an ascending array, or its length when there is none. */
function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
