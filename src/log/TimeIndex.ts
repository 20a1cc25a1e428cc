/**
 * The time index of one segment (.timeindex): entries of timestamp int64 + relative offset int32,
 * as in Kafka. Each entry is the largest timestamp seen so far in the segment and the (last)
 * offset of the batch that carried it, written at the same moments as offset index entries, and
 * only when the largest timestamp has grown, so timestamps are strictly increasing.
 * A closed segment gets a final entry, so its last entry is the segment's largest timestamp.
 */
import { IndexFile } from './IndexFile';
import type { TimestampOffset } from './PartitionLog';

const ENTRY_SIZE = 12;

export class TimeIndex {
  private readonly file: IndexFile;
  private timestamps: number[] = [];
  private offsets: number[] = [];

  constructor(
    path: string,
    private readonly baseOffset: number,
  ) {
    this.file = new IndexFile(path, ENTRY_SIZE);
    const buf = this.file.readEntries();
    for (let at = 0; at < buf.length; at += ENTRY_SIZE) {
      this.timestamps.push(Number(buf.readBigInt64BE(at)));
      this.offsets.push(baseOffset + buf.readInt32BE(at + 8));
    }
  }

  get existed(): boolean {
    return this.file.existed;
  }

  get path(): string {
    return this.file.path;
  }

  get entryCount(): number {
    return this.timestamps.length;
  }

  entryAt(i: number): TimestampOffset {
    return { timestamp: this.timestamps[i], offset: this.offsets[i] };
  }

  lastEntry(): TimestampOffset | null {
    const n = this.timestamps.length;
    return n === 0 ? null : { timestamp: this.timestamps[n - 1], offset: this.offsets[n - 1] };
  }

  /**
   * An offset before which every record has a timestamp < timestamp: the offset of the last entry
   * with a smaller timestamp (all records up to its index point are at most that old), or null.
   */
  offsetBefore(timestamp: number): number | null {
    let lo = 0;
    let hi = this.timestamps.length - 1;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid] < timestamp) {
        found = this.offsets[mid];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Record the largest timestamp so far, unless it is no larger than the last entry's. */
  maybeAppend(largest: TimestampOffset | null): void {
    if (largest === null) return;
    const last = this.lastEntry();
    if (last !== null && largest.timestamp <= last.timestamp) return;
    const entry = Buffer.allocUnsafe(ENTRY_SIZE);
    entry.writeBigInt64BE(BigInt(largest.timestamp), 0);
    entry.writeInt32BE(largest.offset - this.baseOffset, 8);
    this.file.append(entry);
    this.timestamps.push(largest.timestamp);
    this.offsets.push(largest.offset);
  }

  /** Increasing timestamps, offsets inside the segment (up to before `endOffset` when known). */
  isConsistent(endOffset = Infinity): boolean {
    for (let i = 0; i < this.timestamps.length; i++) {
      if (this.offsets[i] < this.baseOffset || this.offsets[i] >= endOffset) return false;
      if (i > 0 && this.timestamps[i] <= this.timestamps[i - 1]) return false;
    }
    return true;
  }

  /** Drop the entries whose offset is at or after `offset`. */
  truncateFromOffset(offset: number): void {
    let keep = this.offsets.length;
    while (keep > 0 && this.offsets[keep - 1] >= offset) keep--;
    this.keep(keep);
  }

  clear(): void {
    this.keep(0);
  }

  sync(): void {
    this.file.sync();
  }

  close(): void {
    this.file.close();
  }

  private keep(entries: number): void {
    this.timestamps.length = entries;
    this.offsets.length = entries;
    this.file.truncate(entries);
  }
}
