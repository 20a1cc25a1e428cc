/**
 * The sparse offset index of one segment (.index): entries of relative offset int32 + file
 * position int32, one every index.interval.bytes of log, as in Kafka.
 *
 * Unlike Kafka, which indexes a batch by its last offset, an entry here names the base offset of
 * the batch that starts at the position, so a lookup lands on the batch holding the offset.
 */
import { IndexFile } from './IndexFile';

const ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex {
  private readonly file: IndexFile;
  /** Absolute offsets and their file positions, both strictly increasing. */
  private offsets: number[] = [];
  private positions: number[] = [];

  constructor(
    path: string,
    private readonly baseOffset: number,
  ) {
    this.file = new IndexFile(path, ENTRY_SIZE);
    const buf = this.file.readEntries();
    for (let at = 0; at < buf.length; at += ENTRY_SIZE) {
      this.offsets.push(baseOffset + buf.readInt32BE(at));
      this.positions.push(buf.readInt32BE(at + 4));
    }
  }

  get existed(): boolean {
    return this.file.existed;
  }

  get path(): string {
    return this.file.path;
  }

  get entryCount(): number {
    return this.offsets.length;
  }

  /** The file position to start reading at to find `offset`: the last entry at or before it. */
  lookup(offset: number): number {
    const i = lastAtOrBefore(this.offsets, offset);
    return i < 0 ? 0 : this.positions[i];
  }

  entryAt(i: number): OffsetPosition {
    return { offset: this.offsets[i], position: this.positions[i] };
  }

  lastEntry(): OffsetPosition | null {
    const n = this.offsets.length;
    return n === 0 ? null : { offset: this.offsets[n - 1], position: this.positions[n - 1] };
  }

  append(offset: number, position: number): void {
    const entry = Buffer.allocUnsafe(ENTRY_SIZE);
    entry.writeInt32BE(offset - this.baseOffset, 0);
    entry.writeInt32BE(position, 4);
    this.file.append(entry);
    this.offsets.push(offset);
    this.positions.push(position);
  }

  /** Increasing offsets and positions, all inside a log of logSize bytes. */
  isConsistent(logSize: number): boolean {
    for (let i = 0; i < this.offsets.length; i++) {
      if (this.offsets[i] < this.baseOffset || this.positions[i] <= 0 || this.positions[i] >= logSize) return false;
      if (i > 0 && (this.offsets[i] <= this.offsets[i - 1] || this.positions[i] <= this.positions[i - 1])) return false;
    }
    return true;
  }

  /** Drop the entries at or after a file position (the log is cut there). */
  truncateFromPosition(position: number): void {
    let keep = this.positions.length;
    while (keep > 0 && this.positions[keep - 1] >= position) keep--;
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
    this.offsets.length = entries;
    this.positions.length = entries;
    this.file.truncate(entries);
  }
}

/** Index of the last element <= value in an ascending array, or -1. */
export function lastAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
