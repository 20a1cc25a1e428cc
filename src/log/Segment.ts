/**
 * One segment of a partition log: a .log file of batches exactly as stored, plus its sparse
 * offset index and time index. Only batch headers are ever looked at, in place.
 */
import * as fs from 'node:fs';
import { baseOffsetOf, lastOffsetOf, maxTimestampOf, MAX_TIMESTAMP } from '../../wire/records';
import { BatchScanner } from './BatchScanner';
import { appendAll, readAt } from './fileio';
import { OffsetIndex } from './OffsetIndex';
import type { SegmentInfo, TimestampOffset } from './PartitionLog';
import { firstRecordAtOrAfter, recordWithMaxTimestamp } from './recordTimestamps';
import { segmentFile } from './segmentFiles';
import { TimeIndex } from './TimeIndex';

/** The first damaged batch of a segment: where it starts, and the offset it should have held. */
export interface Damage {
  position: number;
  offset: number;
  reason: string;
}

export interface LogLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Batches collected by a read across segments. */
export interface FetchState {
  batches: Buffer[];
  bytesLeft: number;
  /** Set once the next batch would not fit: the read stops there, leaving no gap. */
  full: boolean;
}

/** Recovery and index rebuilds read this much at a time. */
const SCAN_CHUNK_BYTES = 1024 * 1024;

export class Segment {
  readonly file: string;
  /** Bytes in the .log file. */
  size: number;
  /** The largest timestamp in the segment and the last offset of the batch carrying it. */
  largestTimestamp: TimestampOffset | null = null;

  private readonly fd: number;
  private readonly offsetIndex: OffsetIndex;
  private readonly timeIndex: TimeIndex;
  private bytesSinceIndexEntry = 0;
  /** maxTimestamp of the first batch, for segment.ms; undefined until needed (read lazily). */
  private firstBatchTimestamp: number | undefined;
  private readonly openedAt = Date.now();

  /**
   * Open the segment's files, creating them if missing. A `fresh` segment is new: anything left
   * under its name (an interrupted roll) is emptied. An existing one must then be recovered or
   * loaded before use.
   */
  constructor(
    dir: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
    fresh: boolean,
  ) {
    this.file = segmentFile(dir, baseOffset, 'log');
    // O_APPEND: every write lands at the end, whatever we believe the size is.
    this.fd = fs.openSync(this.file, 'a+');
    this.offsetIndex = new OffsetIndex(segmentFile(dir, baseOffset, 'index'), baseOffset);
    this.timeIndex = new TimeIndex(segmentFile(dir, baseOffset, 'timeindex'), baseOffset);
    if (fresh) {
      fs.ftruncateSync(this.fd, 0);
      this.offsetIndex.clear();
      this.timeIndex.clear();
    }
    this.size = fs.fstatSync(this.fd).size;
  }

  // ---- Writing ----

  /** Append a batch whose base offset is already assigned. */
  append(batch: Buffer): void {
    const position = this.size;
    try {
      appendAll(this.fd, batch);
    } catch (err) {
      // Do not leave half a batch behind (ENOSPC, EIO): the next append would follow it.
      try {
        fs.ftruncateSync(this.fd, position);
      } catch {
        // recovery on the next start truncates it instead
      }
      throw err;
    }
    if (position === 0) this.firstBatchTimestamp = maxTimestampOf(batch);
    this.size += batch.length;
    this.track(batch, 0, batch.length, position);
  }

  /** fsync the .log only: the indexes are rebuilt from it on recovery if they fall behind. */
  flush(): void {
    fs.fdatasyncSync(this.fd);
  }

  /**
   * How long the segment has been open for segment.ms, in Kafka's terms: from the first batch's
   * timestamp to the new batch's, or by the wall clock when the first batch has no timestamp.
   */
  age(incomingTimestamp: number): number {
    if (this.firstBatchTimestamp === undefined && this.size > 0) {
      this.firstBatchTimestamp = maxTimestampOf(this.readAt(0, MAX_TIMESTAMP + 8));
    }
    const first = this.firstBatchTimestamp ?? -1;
    return first >= 0 ? incomingTimestamp - first : Date.now() - this.openedAt;
  }

  /**
   * The segment stops being the active one: its time index gets a final entry (so its last entry
   * is the segment's largest timestamp), and everything is fsynced, so recovery never has to look
   * at closed segments.
   */
  seal(): void {
    this.timeIndex.maybeAppend(this.largestTimestamp);
    this.flush();
    this.offsetIndex.sync();
    this.timeIndex.sync();
  }

  /** Closed segments keep their index entries in memory; the index files need no descriptor. */
  closeIndexFiles(): void {
    this.offsetIndex.close();
    this.timeIndex.close();
  }

  close(): void {
    this.closeIndexFiles();
    fs.closeSync(this.fd);
  }

  /**
   * Close and remove the segment's files: the .log first, so a crash midway leaves only index
   * files without a log, which opening the log deletes (segmentFiles.listSegments). Reads are
   * synchronous, so none is in flight here; the batches a fetch already holds are copies.
   */
  delete(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
    fs.rmSync(this.offsetIndex.path, { force: true });
    fs.rmSync(this.timeIndex.path, { force: true });
  }

  /** For retention; without any timestamp, the .log's mtime stands in, as in Kafka. */
  info(): SegmentInfo {
    return {
      baseOffset: this.baseOffset,
      sizeInBytes: this.size,
      largestTimestamp: this.largestTimestamp?.timestamp ?? fs.fstatSync(this.fd).mtimeMs,
    };
  }

  // ---- Reading ----

  /**
   * Add to `fetch` the whole batches whose last offset is >= fetchOffset, within its byte budget
   * except for the very first batch of the fetch (KIP-74). One large read usually covers it:
   * the budget plus an index interval, for the batches skipped before fetchOffset.
   */
  readInto(fetchOffset: number, fetch: FetchState): void {
    const start = this.offsetIndex.lookup(fetchOffset);
    const chunk = Math.max(fetch.bytesLeft, 0) + this.indexIntervalBytes;
    const scanner = this.scan(start, chunk, false);
    for (let b = scanner.next(); b !== null; b = scanner.next()) {
      if (lastOffsetOf(b.buf, b.pos) < fetchOffset) continue;
      if (fetch.batches.length > 0 && b.size > fetch.bytesLeft) {
        fetch.full = true;
        return;
      }
      fetch.batches.push(b.buf.subarray(b.pos, b.pos + b.size));
      fetch.bytesLeft -= b.size;
      if (fetch.bytesLeft <= 0) {
        fetch.full = true;
        return;
      }
    }
  }

  /**
   * Every batch of the segment, in order (the log cleaner reads closed segments whole). Throws
   * on a damaged segment: cleaning must not rewrite it without the part it cannot read.
   */
  readAll(): Buffer[] {
    const batches: Buffer[] = [];
    const scanner = this.scan(0, SCAN_CHUNK_BYTES, true);
    for (let b = scanner.next(); b !== null; b = scanner.next()) batches.push(b.buf.subarray(b.pos, b.pos + b.size));
    if (scanner.problem !== null) throw new Error(`${this.file} is damaged at position ${scanner.position}: ${scanner.problem}`);
    return batches;
  }

  /** The first record at or after fromOffset (the log start) with a timestamp >= timestamp here, or null. */
  findTimestamp(timestamp: number, fromOffset: number): TimestampOffset | null {
    const from = Math.max(this.timeIndex.offsetBefore(timestamp) ?? this.baseOffset, fromOffset);
    const scanner = this.scan(this.offsetIndex.lookup(from), SCAN_CHUNK_BYTES, false);
    for (let b = scanner.next(); b !== null; b = scanner.next()) {
      if (maxTimestampOf(b.buf, b.pos) < timestamp || lastOffsetOf(b.buf, b.pos) < fromOffset) continue;
      const found = firstRecordAtOrAfter(b.buf.subarray(b.pos, b.pos + b.size), timestamp, fromOffset);
      if (found !== null) return found;
    }
    return null;
  }

  /** The record with this segment's largest timestamp, or null when no batch had a timestamp. */
  recordWithLargestTimestamp(): TimestampOffset | null {
    const largest = this.largestTimestamp;
    if (largest === null) return null;
    const batch = this.batchContaining(largest.offset);
    return batch === null ? largest : recordWithMaxTimestamp(batch);
  }

  private batchContaining(offset: number): Buffer | null {
    const scanner = this.scan(this.offsetIndex.lookup(offset), SCAN_CHUNK_BYTES, false);
    for (let b = scanner.next(); b !== null; b = scanner.next()) {
      if (lastOffsetOf(b.buf, b.pos) < offset) continue;
      return baseOffsetOf(b.buf, b.pos) <= offset ? b.buf.subarray(b.pos, b.pos + b.size) : null;
    }
    return null;
  }

  private scan(start: number, chunkSize: number, checkCrc: boolean): BatchScanner {
    return new BatchScanner((position, length) => this.readAt(position, length), start, this.size, chunkSize, checkCrc);
  }

  private readAt(position: number, length: number): Buffer {
    const buf = readAt(this.fd, position, length);
    if (buf.length < length) throw new Error(`${this.file} is shorter than expected (${position + buf.length} bytes)`);
    return buf;
  }

  // ---- Indexing (shared by append, recovery and rebuilds) ----

  /** Account for the batch at filePos: index entries every indexIntervalBytes, largest timestamp. */
  private track(buf: Buffer, pos: number, size: number, filePos: number): void {
    if (this.bytesSinceIndexEntry > this.indexIntervalBytes) {
      // Time entry first: recovery can then always tell which time entries belong to the part
      // it rescans (see recoverActive).
      this.timeIndex.maybeAppend(this.largestTimestamp);
      this.offsetIndex.append(baseOffsetOf(buf, pos), filePos);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    const timestamp = maxTimestampOf(buf, pos);
    // -1 means "no timestamp" (old clients); it never counts as the largest.
    if (timestamp >= 0 && (this.largestTimestamp === null || timestamp > this.largestTimestamp.timestamp)) {
      this.largestTimestamp = { timestamp, offset: lastOffsetOf(buf, pos) };
    }
  }

  // ---- Opening ----

  /**
   * Recover the active (last) segment after a start, clean or not, and return the next offset.
   * The log is written before its indexes, so index entries past the end of the .log are stale.
   * From the last offset index entry on (from the start after an unclean shutdown, `verifyAll`),
   * every batch is checked (length, magic, CRC, offset order) and indexed again; the file is cut
   * at the first torn or damaged one.
   */
  recoverActive(logger: LogLogger, verifyAll = false): number {
    this.offsetIndex.truncateFromPosition(this.size);
    if (verifyAll || !this.indexesUsable(Infinity)) {
      if (this.size > 0 && !verifyAll) logger.info({ file: this.file }, 'rebuilding the indexes of the active log segment');
      this.offsetIndex.clear();
      this.timeIndex.clear();
    }
    const start = this.offsetIndex.lastEntry() ?? { offset: this.baseOffset, position: 0 };
    // Time entries are written just before offset entries, each naming a batch before its index
    // point: those naming offsets from the rescan's start on were written after that point.
    this.timeIndex.truncateFromOffset(start.offset);
    this.largestTimestamp = this.timeIndex.lastEntry();
    this.bytesSinceIndexEntry = 0;

    let nextOffset = start.offset;
    let problem: string | null = null;
    let position = start.position;
    const scanner = this.scan(start.position, SCAN_CHUNK_BYTES, true);
    for (let b = scanner.next(); b !== null; b = scanner.next()) {
      problem = offsetProblem(b.buf, b.pos, nextOffset, Infinity);
      if (problem !== null) break;
      this.track(b.buf, b.pos, b.size, b.filePos);
      nextOffset = lastOffsetOf(b.buf, b.pos) + 1;
      position = scanner.position;
    }
    problem ??= scanner.problem;
    if (problem !== null) {
      logger.warn(
        { file: this.file, position, offset: nextOffset, size: this.size, reason: problem },
        'truncating the log segment at a torn or damaged batch',
      );
      fs.ftruncateSync(this.fd, position);
      this.size = position;
      this.offsetIndex.truncateFromPosition(this.size);
    }
    return nextOffset;
  }

  /**
   * Load a closed segment: its indexes are trusted (it was fsynced when it was sealed) unless a
   * file is missing or inconsistent; then they are rebuilt from the .log. With `verify` (after an
   * unclean shutdown) every batch is checked first (length, magic, CRC, offsets within
   * [baseOffset, nextBaseOffset)) and so is every index entry; the first damaged batch is returned
   * and nothing else is done: the caller cuts the log there.
   */
  loadClosed(nextBaseOffset: number, logger: LogLogger, verify = false): Damage | null {
    let usable = this.indexesUsable(nextBaseOffset);
    if (verify) {
      const check = this.verify(nextBaseOffset);
      if (check.damage !== null) {
        this.closeIndexFiles();
        return check.damage;
      }
      if (usable && !check.indexesMatch) {
        logger.warn({ file: this.file }, 'index entries of a log segment do not match its batches: rebuilding them');
        usable = false;
      }
    }
    if (usable) {
      this.largestTimestamp = this.timeIndex.lastEntry();
    } else {
      logger.info({ file: this.file }, 'rebuilding the indexes of a log segment');
      this.rebuildIndexes(logger);
      this.seal();
    }
    this.closeIndexFiles();
    return null;
  }

  /**
   * Check every batch (CRC included) and that each index entry names a batch as it is: an offset
   * entry its start position and base offset, a time entry its last offset and max timestamp.
   */
  private verify(nextBaseOffset: number): { damage: Damage | null; indexesMatch: boolean } {
    let indexesMatch = true;
    let oi = 0;
    let ti = 0;
    const offsetEntries = this.offsetIndex.entryCount;
    const timeEntries = this.timeIndex.entryCount;
    let nextOffset = this.baseOffset;
    let position = 0;
    const scanner = this.scan(0, SCAN_CHUNK_BYTES, true);
    for (let b = scanner.next(); b !== null; b = scanner.next()) {
      const problem = offsetProblem(b.buf, b.pos, nextOffset, nextBaseOffset);
      if (problem !== null) return { damage: { position: b.filePos, offset: nextOffset, reason: problem }, indexesMatch };
      const last = lastOffsetOf(b.buf, b.pos);
      for (; oi < offsetEntries && this.offsetIndex.entryAt(oi).position <= b.filePos; oi++) {
        const entry = this.offsetIndex.entryAt(oi);
        if (entry.position !== b.filePos || entry.offset !== baseOffsetOf(b.buf, b.pos)) indexesMatch = false;
      }
      for (; ti < timeEntries && this.timeIndex.entryAt(ti).offset <= last; ti++) {
        const entry = this.timeIndex.entryAt(ti);
        if (entry.offset !== last || entry.timestamp !== maxTimestampOf(b.buf, b.pos)) indexesMatch = false;
      }
      nextOffset = last + 1;
      position = scanner.position;
    }
    if (scanner.problem !== null) return { damage: { position, offset: nextOffset, reason: scanner.problem }, indexesMatch };
    return { damage: null, indexesMatch: indexesMatch && oi === offsetEntries && ti === timeEntries };
  }

  private indexesUsable(endOffset: number): boolean {
    return (
      this.offsetIndex.existed &&
      this.timeIndex.existed &&
      this.offsetIndex.isConsistent(this.size) &&
      this.timeIndex.isConsistent(endOffset)
    );
  }

  private rebuildIndexes(logger: LogLogger): void {
    this.offsetIndex.clear();
    this.timeIndex.clear();
    this.largestTimestamp = null;
    this.bytesSinceIndexEntry = 0;
    const scanner = this.scan(0, SCAN_CHUNK_BYTES, false);
    for (let b = scanner.next(); b !== null; b = scanner.next()) this.track(b.buf, b.pos, b.size, b.filePos);
    if (scanner.problem !== null) {
      // A closed segment is not cut (that would leave a gap before the next one); reads stop here.
      logger.warn(
        { file: this.file, position: scanner.position, reason: scanner.problem },
        'closed log segment is damaged',
      );
    }
  }
}

/**
 * Offsets a valid batch can have: its base offset is past the previous batch's last offset (the
 * base offset is not covered by the CRC) and its last offset is before the next segment's base.
 */
function offsetProblem(buf: Buffer, pos: number, nextOffset: number, nextBaseOffset: number): string | null {
  const base = baseOffsetOf(buf, pos);
  if (base < nextOffset) return `base offset ${base} is not after the previous batch (expected at least ${nextOffset})`;
  const last = lastOffsetOf(buf, pos);
  if (last >= nextBaseOffset) return `last offset ${last} is not before the next segment's base offset ${nextBaseOffset}`;
  return null;
}
