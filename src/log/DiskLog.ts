/**
 * The on-disk partition log: a directory of segments named by base offset, as Kafka lays them
 * out. Appends go to the last (active) segment with a synchronous write into the OS page cache,
 * so a batch is written, in order, before it is acknowledged; reads are served from the page
 * cache with large positional reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOG_OVERHEAD, batchSize, lastOffsetDeltaOf, maxTimestampOf, recordCountOf, setBaseOffset } from '../../wire/records';
import { fsyncDir } from '../fsutil';
import { takeCleanShutdownMarker, writeCleanShutdownMarker } from './cleanShutdown';
import { readLogStartCheckpoint, writeLogStartCheckpoint } from './logStartCheckpoint';
import type { AppendResult, ClosedSegment, LogConfig, PartitionLog, SegmentInfo, TimestampOffset } from './PartitionLog';
import { Damage, FetchState, LogLogger, Segment } from './Segment';
import { segmentFile } from './segmentFiles';
import { completeSwap, prepareSwap, recoverSwaps } from './cleaner/segmentSwap';
import { listSegments } from './segmentFiles';

/** Offset index entries hold a relative offset and a file position, both int32. */
const INT32_MAX = 2 ** 31 - 1;

const SILENT: LogLogger = { warn() {}, info() {}, error() {} };

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
  /** Moved by retention and DeleteRecords; may fall inside the first segment (or batch). */
  private startOffset: number;
  private endOffset: number;
  private segmentBytes: number;
  /** Records appended since the active segment was last fsynced (for flushIntervalMessages). */
  private unflushedRecords = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private config: LogConfig,
    private readonly logger: LogLogger,
    segments: Segment[],
    startOffset: number,
    endOffset: number,
  ) {
    this.segments = segments;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
    this.segmentBytes = Math.min(config.segmentBytes, INT32_MAX);
  }

  /**
   * Load every segment; recover the active one (see Segment.recoverActive). After an unclean
   * shutdown (no clean-shutdown marker) every segment is verified first; a damaged batch in a
   * closed segment cuts the partition there (see cutAtDamage).
   */
  static open(dir: string, config: LogConfig, logger: LogLogger): DiskLog {
    // A new partition directory must itself survive a crash before anything in it can.
    if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fsyncDir(path.dirname(dir));
    const verify = !takeCleanShutdownMarker(dir);
    recoverSwaps(dir, logger);
    const baseOffsets = listSegments(dir, (file) =>
      logger.info({ file }, 'deleting an index file without its log segment'),
    );
    if (baseOffsets.length === 0) {
      const first = new Segment(dir, 0, config.indexIntervalBytes, true);
      fsyncDir(dir);
      return new DiskLog(dir, config, logger, [first], 0, 0);
    }
    const segments: Segment[] = [];
    try {
      for (let i = 0; i < baseOffsets.length; i++) {
        const segment = new Segment(dir, baseOffsets[i], config.indexIntervalBytes, false);
        segments.push(segment);
        if (i === baseOffsets.length - 1) break;
        const damage = segment.loadClosed(baseOffsets[i + 1], logger, verify);
        if (damage !== null) {
          segments[i] = cutAtDamage(dir, segment, damage, baseOffsets.slice(i + 1), config, logger);
          break;
        }
      }
      const endOffset = segments[segments.length - 1].recoverActive(logger, verify);
      // The checkpoint may be ahead of the segments (they are deleted after it is written), and
      // never beyond the end, which recovery may have cut back.
      const checkpoint = readLogStartCheckpoint(dir) ?? 0;
      const startOffset = Math.min(Math.max(checkpoint, segments[0].baseOffset), endOffset);
      const log = new DiskLog(dir, config, logger, segments, startOffset, endOffset);
      log.deleteSegmentsBelowStart('finishing an interrupted deletion of log segments below the log start offset');
      return log;
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
    this.unflushedRecords += recordCountOf(batch);
    if (this.config.flushOnAppend || this.unflushedRecords >= (this.config.flushIntervalMessages ?? Infinity)) {
      this.active.flush();
      this.unflushedRecords = 0;
    }
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
      // Records below the log start may still be in the first segment: they are not answers.
      const found = segment.findTimestamp(timestamp, this.startOffset);
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

  advanceLogStart(offset: number): number {
    this.checkOpen();
    if (offset > this.endOffset) throw new RangeError(`offset ${offset} is beyond the log end ${this.endOffset}`);
    if (offset <= this.startOffset) return this.startOffset;
    this.startOffset = offset;
    // Persisted first: a crash before the segments below are gone finds them to delete on open.
    writeLogStartCheckpoint(this.dir, offset);
    this.deleteSegmentsBelowStart(null);
    return this.startOffset;
  }

  deleteOldestSegments(shouldDelete: (segment: SegmentInfo) => boolean): SegmentInfo[] {
    this.checkOpen();
    const deleted: SegmentInfo[] = [];
    // Never the active (last) segment.
    while (deleted.length < this.segments.length - 1) {
      const info = this.segments[deleted.length].info();
      if (!shouldDelete(info)) break;
      deleted.push(info);
    }
    if (deleted.length === 0) return deleted;
    this.startOffset = Math.max(this.startOffset, this.segments[deleted.length].baseOffset);
    writeLogStartCheckpoint(this.dir, this.startOffset);
    this.removeOldest(deleted.length);
    return deleted;
  }

  closedSegments(): ClosedSegment[] {
    this.checkOpen();
    return this.segments.slice(0, -1).map((s, i) => ({ ...s.info(), nextBaseOffset: this.segments[i + 1].baseOffset }));
  }

  readSegment(baseOffset: number): Buffer[] {
    this.checkOpen();
    return this.segments[this.closedSegmentIndex(baseOffset)].readAll();
  }

  /** Log compaction's swap (see cleaner/segmentSwap.ts); the segment keeps its base offset and name. */
  replaceSegment(baseOffset: number, batches: Buffer[]): void {
    this.checkOpen();
    const i = this.closedSegmentIndex(baseOffset);
    prepareSwap(this.dir, baseOffset, batches);
    this.segments[i].close();
    completeSwap(this.dir, baseOffset);
    const cleaned = new Segment(this.dir, baseOffset, this.config.indexIntervalBytes, false);
    cleaned.loadClosed(this.segments[i + 1].baseOffset, SILENT);
    this.segments[i] = cleaned;
  }

  flush(): void {
    this.checkOpen();
    this.active.flush();
    this.unflushedRecords = 0;
  }

  /** Everything is fsynced first; then the clean-shutdown marker spares the next open a full verification. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.active.flush();
      writeCleanShutdownMarker(this.dir);
    } catch (err) {
      // No marker: the next open verifies every segment, as after a crash.
      this.logger.warn({ dir: this.dir, err }, 'could not flush the log on close');
    }
    for (const segment of this.segments) segment.close();
  }

  /** New segment settings (a topic's configs altered): the next roll decision uses them. */
  reconfigure(config: LogConfig): void {
    this.config = config;
    this.segmentBytes = Math.min(config.segmentBytes, INT32_MAX);
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
    this.unflushedRecords = 0;
    const next = new Segment(this.dir, baseOffset, this.config.indexIntervalBytes, true);
    fsyncDir(this.dir);
    this.segments.push(next);
    previous.closeIndexFiles();
    this.logger.info({ dir: this.dir, baseOffset }, 'rolled a new log segment');
  }

  /** Delete the closed segments whose records all lie below the log start (the next one starts at or before it). */
  private deleteSegmentsBelowStart(logMessage: string | null): void {
    let below = 0;
    while (below < this.segments.length - 1 && this.segments[below + 1].baseOffset <= this.startOffset) below++;
    if (below > 0 && logMessage !== null) this.logger.info({ dir: this.dir, segments: below, logStartOffset: this.startOffset }, logMessage);
    this.removeOldest(below);
  }

  /**
   * Drop the `count` oldest segments from the list, then delete their files. The list changes
   * first, so no read can reach a deleted file. The log start offset must already be on disk:
   * then the directory needs no fsync, as a deletion lost in a crash is finished on open.
   */
  private removeOldest(count: number): void {
    if (count === 0) return;
    for (const segment of this.segments.splice(0, count)) segment.delete();
  }

  private closedSegmentIndex(baseOffset: number): number {
    const i = this.segmentIndexFor(baseOffset);
    if (this.segments[i].baseOffset !== baseOffset || i === this.segments.length - 1) {
      throw new Error(`log ${this.dir} has no closed segment at offset ${baseOffset}`);
    }
    return i;
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

/**
 * A closed segment has a damaged batch: the partition keeps the batches before it and nothing
 * after (the bad bytes are never served; later segments would leave a gap in the offsets).
 * Later segments go first, durably, then the segment is cut: a crash in between finds the same
 * damage again on the next open. The cut segment becomes the active one (recovered by the caller).
 */
function cutAtDamage(dir: string, segment: Segment, damage: Damage, laterBaseOffsets: number[], config: LogConfig, logger: LogLogger): Segment {
  logger.error(
    {
      file: segment.file,
      position: damage.position,
      offset: damage.offset,
      reason: damage.reason,
      deletedSegments: laterBaseOffsets.map((base) => segmentFile(dir, base, 'log')),
    },
    'corrupt record batch in a closed log segment: truncating the partition to the last good batch before it',
  );
  segment.close();
  for (const base of laterBaseOffsets) {
    for (const kind of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentFile(dir, base, kind), { force: true });
  }
  fsyncDir(dir);
  fs.truncateSync(segment.file, damage.position);
  return new Segment(dir, segment.baseOffset, config.indexIntervalBytes, false);
}
