/**
 * An append-only file of fixed-size entries: the storage under .index and .timeindex.
 *
 * Kafka preallocates index files and memory-maps them; Node has no mmap, so these files grow by
 * one small write per entry and the entries live in memory too (they are few: one per
 * index.interval.bytes of log).
 */
import * as fs from 'node:fs';
import { appendAll, readAt } from './fileio';

export class IndexFile {
  /** Whether the file was there before we opened it (a missing index gets rebuilt). */
  readonly existed: boolean;
  private fd: number | null;

  /** Opens the file, creating it if missing. */
  constructor(
    readonly path: string,
    private readonly entrySize: number,
  ) {
    this.existed = fs.existsSync(path);
    this.fd = fs.openSync(path, 'a+');
  }

  /**
   * The whole entries in the file. A torn last entry (crash mid-write) is cut off the file too,
   * so later appends stay aligned.
   */
  readEntries(): Buffer {
    const fd = this.openFd();
    const buf = readAt(fd, 0, fs.fstatSync(fd).size);
    const torn = buf.length % this.entrySize;
    if (torn === 0) return buf;
    fs.ftruncateSync(fd, buf.length - torn);
    return buf.subarray(0, buf.length - torn);
  }

  append(entry: Buffer): void {
    appendAll(this.openFd(), entry);
  }

  /** Keep the first `entries` entries (this also drops a torn last entry). */
  truncate(entries: number): void {
    fs.ftruncateSync(this.openFd(), entries * this.entrySize);
  }

  sync(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  /** Closed segments keep their entries in memory only; the descriptor is not needed. */
  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`index file ${this.path} is closed`);
    return this.fd;
  }
}

