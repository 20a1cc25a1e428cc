/**
 * The in-memory partition log: every batch kept as its own buffer, in offset order, with the last
 * offset and the running largest timestamp of each batch in plain arrays for binary search.
 * Reads hand out the stored buffers themselves (nothing is copied or decoded), so nobody may
 * write into a batch returned by read().
 *
 * Batches are grouped into segments by segment.bytes and segment.ms exactly as on disk (only
 * their bookkeeping exists here), so retention deletes the same records in both engines.
 *
 * The batches live in a BatchList that MemoryStorage keeps across opens, so a partition reopened
 * in the same process (a broker restart on the same MemoryVolume) has its records again, and
 * its log start offset.
 */
import { LOG_OVERHEAD, batchSize, lastOffsetDeltaOf, lastOffsetOf, maxTimestampOf, setBaseOffset } from '../../wire/records';
import type { AppendResult, ClosedSegment, LogConfig, PartitionLog, SegmentInfo, TimestampOffset } from './PartitionLog';
import { firstRecordAtOrAfter, recordWithMaxTimestamp } from './recordTimestamps';

/** The bookkeeping of one in-memory segment: a run of consecutive batches. */
export interface MemorySegment {
  baseOffset: number;
  batchCount: number;
  sizeInBytes: number;
  /** Largest batch maxTimestamp, −1 while no batch had one. */
  largestTimestamp: number;
  /** maxTimestamp of the first batch (−1: none), for segment.ms. */
  firstTimestamp: number;
  /** Wall clock when it was created and last written to (segment.ms and retention without timestamps). */
  createdAt: number;
  lastWriteAt: number;
}

/** One partition's batches, as kept by MemoryStorage. */
export class BatchList {
  readonly batches: Buffer[] = [];
  /** lastOffsets[i] is the last offset of batches[i]: ascending. */
  readonly lastOffsets: number[] = [];
  /** The largest batch maxTimestamp among batches[0..i] (−1: none had one yet): non-decreasing. */
  readonly largestTimestampUpTo: number[] = [];
  /** Oldest first; the last one is the active segment. Empty until the first append. */
  readonly segments: MemorySegment[] = [];
  /** Moved by retention and DeleteRecords; may fall inside the first batch. */
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
    private readonly config: Pick<LogConfig, 'segmentBytes' | 'segmentMs'>,
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
    const batchTimestamp = maxTimestampOf(batch);
    const segment = this.segmentFor(batch.length, batchTimestamp, baseOffset);
    data.batches.push(Buffer.from(batch));
    data.lastOffsets.push(lastOffset);
    const previous = data.largestTimestampUpTo.length > 0 ? data.largestTimestampUpTo[data.largestTimestampUpTo.length - 1] : -1;
    data.largestTimestampUpTo.push(Math.max(previous, batchTimestamp));
    data.sizeInBytes += batch.length;
    segment.batchCount++;
    segment.sizeInBytes += batch.length;
    segment.largestTimestamp = Math.max(segment.largestTimestamp, batchTimestamp);
    if (segment.batchCount === 1) segment.firstTimestamp = batchTimestamp;
    segment.lastWriteAt = Date.now();
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
    const { batches, lastOffsets, largestTimestampUpTo, startOffset } = this.data;
    // Batches without timestamps (−1) never answer, as on disk.
    if (this.largestTimestamp() < 0) return null;
    // Every batch before the first whose running largest reaches the timestamp is entirely older;
    // batches below the log start are gone as far as clients can tell.
    const from = Math.max(firstAtLeast(largestTimestampUpTo, timestamp), firstAtLeast(lastOffsets, startOffset));
    for (let i = from; i < batches.length; i++) {
      if (maxTimestampOf(batches[i]) < timestamp) continue;
      const found = firstRecordAtOrAfter(batches[i], timestamp, startOffset);
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

  advanceLogStart(offset: number): number {
    this.checkOpen();
    const data = this.data;
    if (offset > data.endOffset) throw new RangeError(`offset ${offset} is beyond the log end ${data.endOffset}`);
    if (offset <= data.startOffset) return data.startOffset;
    data.startOffset = offset;
    const segments = data.segments;
    let below = 0;
    while (below < segments.length - 1 && segments[below + 1].baseOffset <= offset) below++;
    this.dropOldest(below);
    return data.startOffset;
  }

  deleteOldestSegments(shouldDelete: (segment: SegmentInfo) => boolean): SegmentInfo[] {
    this.checkOpen();
    const segments = this.data.segments;
    const deleted: SegmentInfo[] = [];
    // Never the active (last) segment.
    while (deleted.length < segments.length - 1) {
      const info = segmentInfo(segments[deleted.length]);
      if (!shouldDelete(info)) break;
      deleted.push(info);
    }
    this.dropOldest(deleted.length);
    return deleted;
  }

  closedSegments(): ClosedSegment[] {
    this.checkOpen();
    const segments = this.data.segments;
    return segments.slice(0, -1).map((s, i) => ({ ...segmentInfo(s), nextBaseOffset: segments[i + 1].baseOffset }));
  }

  readSegment(baseOffset: number): Buffer[] {
    this.checkOpen();
    const { first, segment } = this.closedSegment(baseOffset);
    return this.data.batches.slice(first, first + segment.batchCount);
  }

  /** Log compaction: the cleaned batches take the old ones' place (readers keep what they hold). */
  replaceSegment(baseOffset: number, batches: Buffer[]): void {
    this.checkOpen();
    const data = this.data;
    const { first, segment } = this.closedSegment(baseOffset);
    data.batches.splice(first, segment.batchCount, ...batches);
    data.lastOffsets.splice(first, segment.batchCount, ...batches.map((b) => lastOffsetOf(b)));
    const size = batches.reduce((n, b) => n + b.length, 0);
    data.sizeInBytes += size - segment.sizeInBytes;
    segment.batchCount = batches.length;
    segment.sizeInBytes = size;
    // Fewer records can only lower the largest timestamps: recompute from the segment on.
    const upTo = data.largestTimestampUpTo;
    upTo.length = first;
    let largest = first > 0 ? upTo[first - 1] : -1;
    for (let i = first; i < data.batches.length; i++) upTo.push((largest = Math.max(largest, maxTimestampOf(data.batches[i]))));
    segment.largestTimestamp = batches.reduce((max, b) => Math.max(max, maxTimestampOf(b)), -1);
  }

  flush(): void {
    this.checkOpen();
  }

  close(): void {
    this.closed = true;
  }

  /** The active segment, after rolling to a new one if this batch must not go into it. */
  private segmentFor(batchBytes: number, batchTimestamp: number, baseOffset: number): MemorySegment {
    const segments = this.data.segments;
    const active = segments.length > 0 ? segments[segments.length - 1] : null;
    if (active !== null && !this.shouldRoll(active, batchBytes, batchTimestamp)) return active;
    const now = Date.now();
    const next: MemorySegment = {
      baseOffset,
      batchCount: 0,
      sizeInBytes: 0,
      largestTimestamp: -1,
      firstTimestamp: -1,
      createdAt: now,
      lastWriteAt: now,
    };
    segments.push(next);
    return next;
  }

  /** As DiskLog: past segment.bytes (a larger batch still goes alone), or older than segment.ms. */
  private shouldRoll(active: MemorySegment, batchBytes: number, batchTimestamp: number): boolean {
    if (active.batchCount === 0) return false;
    const age = active.firstTimestamp >= 0 ? batchTimestamp - active.firstTimestamp : Date.now() - active.createdAt;
    return active.sizeInBytes + batchBytes > this.config.segmentBytes || age > this.config.segmentMs;
  }

  /** A closed segment by base offset, and the index of its first batch. */
  private closedSegment(baseOffset: number): { first: number; segment: MemorySegment } {
    const segments = this.data.segments;
    let first = 0;
    for (let i = 0; i < segments.length - 1; i++) {
      if (segments[i].baseOffset === baseOffset) return { first, segment: segments[i] };
      first += segments[i].batchCount;
    }
    throw new Error(`log ${this.name} has no closed segment at offset ${baseOffset}`);
  }

  /** Forget the `count` oldest segments and their batches; the log start moves past them. */
  private dropOldest(count: number): void {
    if (count === 0) return;
    const data = this.data;
    const removed = data.segments.splice(0, count);
    let batches = 0;
    for (const segment of removed) {
      batches += segment.batchCount;
      data.sizeInBytes -= segment.sizeInBytes;
    }
    data.batches.splice(0, batches);
    data.lastOffsets.splice(0, batches);
    // The running largest must not remember the batches that are gone.
    const upTo = data.largestTimestampUpTo;
    upTo.length = 0;
    let largest = -1;
    for (const batch of data.batches) upTo.push((largest = Math.max(largest, maxTimestampOf(batch))));
    data.startOffset = Math.max(data.startOffset, data.segments[0].baseOffset);
  }

  private largestTimestamp(): number {
    const upTo = this.data.largestTimestampUpTo;
    return upTo.length === 0 ? -1 : upTo[upTo.length - 1];
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`log ${this.name} is closed`);
  }
}

function segmentInfo(segment: MemorySegment): SegmentInfo {
  return {
    baseOffset: segment.baseOffset,
    sizeInBytes: segment.sizeInBytes,
    largestTimestamp: segment.largestTimestamp >= 0 ? segment.largestTimestamp : segment.lastWriteAt,
  };
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
