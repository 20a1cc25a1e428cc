/**
 * The on-disk partition log: a directory of segments named by base offset, as Kafka lays them
 * out. Appends go to the last (active) segment with a synchronous write into the OS page cache,
 * so a batch is written, in order, before it is acknowledged; reads are served from the page
 * cache with large positional reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOG_OVERHEAD, batchSize, lastOffsetDeltaOf, maxTimestampOf, setBaseOffset } from '../../wire/records';
import { fsyncDir } from '../fsutil';
import type { AppendResult, LogConfig, PartitionLog, TimestampOffset } from './PartitionLog';
import { FetchState, LogLogger, Segment } from './Segment';
import { listSegments } from './segmentFiles';

/** Offset index entries hold a relative offset and a file position, both int32. */
const INT32_MAX = 2 ** 31 - 1;

const SILENT: LogLogger = { warn() {}, info() {} };

export function openDiskLog(dir: string, config: LogConfig, logger: LogLogger = SILENT): PartitionLog {
  return DiskLog.open(dir, config, logger);
}

/** Remove a partition's directory and everything in it (close its log first). */
export function deleteDiskLog(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

class DiskLog implements PartitionLog {
  /** Ascending by base offset; the last one is the active segment. Never empty. */
  private readonly segments: Segment[];
  /** A field of its own: retention and DeleteRecords will move it past segment boundaries. */
  private startOffset: number;
  private endOffset: number;
  private readonly segmentBytes: number;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly config: LogConfig,
    private readonly logger: LogLogger,
    segments: Segment[],
    endOffset: number,
  ) {
    this.segments = segments;
    this.startOffset = segments[0].baseOffset;
    this.endOffset = endOffset;
    this.segmentBytes = Math.min(config.segmentBytes, INT32_MAX);
  }

  /** Load every segment; recover the active one (see Segment.recoverActive). */
  static open(dir: string, config: LogConfig, logger: LogLogger): DiskLog {
    // A new partition directory must itself survive a crash before anything in it can.
    if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fsyncDir(path.dirname(dir));
    const baseOffsets = listSegments(dir, (file) =>
      logger.info({ file }, 'deleting an index file without its log segment'),
    );
    if (baseOffsets.length === 0) {
      const first = new Segment(dir, 0, config.indexIntervalBytes, true);
      fsyncDir(dir);
      return new DiskLog(dir, config, logger, [first], 0);
    }
    const segments: Segment[] = [];
    try {
      baseOffsets.forEach((baseOffset, i) => {
        const segment = new Segment(dir, baseOffset, config.indexIntervalBytes, false);
        segments.push(segment);
        if (i < baseOffsets.length - 1) segment.loadClosed(baseOffsets[i + 1], logger);
      });
      const endOffset = segments[segments.length - 1].recoverActive(logger);
      return new DiskLog(dir, config, logger, segments, endOffset);
    } catch (err) {
      for (const segment of segments) segment.close();
      throw err;
    }
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.endOffset;
  }

  get sizeInBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  append(batch: Buffer): AppendResult {
    this.checkOpen();
    if (batch.length < LOG_OVERHEAD || batchSize(batch) !== batch.length) {
      throw new Error(`append takes exactly one record batch (got ${batch.length} bytes)`);
    }
    const baseOffset = this.endOffset;
    const lastOffset = baseOffset + lastOffsetDeltaOf(batch);
    setBaseOffset(batch, baseOffset);
    if (this.shouldRoll(batch, lastOffset)) this.roll(baseOffset);
    this.active.append(batch);
    if (this.config.flushOnAppend) this.active.flush();
    this.endOffset = lastOffset + 1;
    return { baseOffset, lastOffset };
  }

  read(fetchOffset: number, maxBytes: number): Buffer[] {
    this.checkOpen();
    if (fetchOffset < this.startOffset || fetchOffset > this.endOffset) {
      throw new RangeError(`offset ${fetchOffset} is outside the log [${this.startOffset}, ${this.endOffset}]`);
    }
    const fetch: FetchState = { batches: [], bytesLeft: maxBytes, full: false };
    // Continue into the next segments while the budget lasts.
    for (let i = this.segmentIndexFor(fetchOffset); i < this.segments.length && !fetch.full; i++) {
      this.segments[i].readInto(fetchOffset, fetch);
    }
    return fetch.batches;
  }

  offsetForTimestamp(timestamp: number): TimestampOffset | null {
    this.checkOpen();
    for (const segment of this.segments) {
      const largest = segment.largestTimestamp;
      if (largest === null || largest.timestamp < timestamp) continue;
      const found = segment.findTimestamp(timestamp);
      if (found !== null) return found;
    }
    return null;
  }

  maxTimestamp(): TimestampOffset | null {
    this.checkOpen();
    // The first segment holding the largest timestamp: ties go to the earliest record, as in Kafka.
    let best: Segment | null = null;
    let bestTimestamp = -1;
    for (const segment of this.segments) {
      const largest = segment.largestTimestamp;
      if (largest !== null && largest.timestamp > bestTimestamp) {
        best = segment;
        bestTimestamp = largest.timestamp;
      }
    }
    return best === null ? null : best.recordWithLargestTimestamp();
  }

  flush(): void {
    this.checkOpen();
    this.active.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const segment of this.segments) segment.close();
  }

  /**
   * Roll before appending when the active segment would grow past segment.bytes (a batch larger
   * than that still goes into an empty segment), when its offsets would no longer fit the index's
   * int32 relative offsets, or when it is older than segment.ms.
   */
  private shouldRoll(batch: Buffer, lastOffset: number): boolean {
    const active = this.active;
    if (active.size === 0) return false;
    return (
      active.size + batch.length > this.segmentBytes ||
      lastOffset - active.baseOffset > INT32_MAX ||
      active.age(maxTimestampOf(batch)) > this.config.segmentMs
    );
  }

  private roll(baseOffset: number): void {
    const previous = this.active;
    // Sealed before the new segment exists: if we die in between, the old one is still the
    // active segment on restart and gets recovered as such.
    previous.seal();
    const next = new Segment(this.dir, baseOffset, this.config.indexIntervalBytes, true);
    fsyncDir(this.dir);
    this.segments.push(next);
    previous.closeIndexFiles();
    this.logger.info({ dir: this.dir, baseOffset }, 'rolled a new log segment');
  }

  /** The last segment whose base offset is <= offset (binary search). */
  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid].baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`log ${this.dir} is closed`);
  }
}
