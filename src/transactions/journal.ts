/**
 * A durable journal of opaque records with a snapshot, the shape the offset store uses too:
 *
 * - `<name>.journal`: every change appended as a frame and written to the OS before it is applied
 *   (and fsynced with flushOnWrite);
 * - `<name>.snapshot`: the whole state as frames, atomically replaced by compact(), after which the
 *   journal is emptied.
 *
 * A frame is `length uint32 | crc uint32 (CRC-32C of payload) | payload`. Loading reads the
 * snapshot, then the journal; a torn or corrupt journal tail (a crash mid-write) is dropped and
 * cut off, so later appends follow valid frames. A bad snapshot is damage, not a crash: refused.
 * Replaying a journal over a snapshot that already contains it must be harmless, so records
 * should set state (last one wins) rather than change it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as CRC32C from 'crc-32/crc32c';
import { fsyncDir, writeFileAtomic } from '../fsutil';

const FRAME_HEADER_BYTES = 8;
const MAX_PAYLOAD_BYTES = 64 << 20;

export interface JournalOptions {
  flushOnWrite: boolean;
  /** Do not compact a journal smaller than this (bytes). */
  compactAfterBytes: number;
}

export function encodeFrames(payloads: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const payload of payloads) {
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    header.writeUInt32BE(payload.length, 0);
    header.writeUInt32BE(CRC32C.buf(payload) >>> 0, 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

export interface DecodedFrames {
  payloads: Buffer[];
  /** Bytes of whole, valid frames from the start. */
  validBytes: number;
  problem?: string;
}

export function decodeFrames(buf: Buffer): DecodedFrames {
  const payloads: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const stop = (problem: string): DecodedFrames => ({ payloads, validBytes: pos, problem: `${problem} at byte ${pos}` });
    if (buf.length - pos < FRAME_HEADER_BYTES) return stop('incomplete frame header');
    const length = buf.readUInt32BE(pos);
    if (length > MAX_PAYLOAD_BYTES) return stop(`implausible record length ${length}`);
    const end = pos + FRAME_HEADER_BYTES + length;
    if (end > buf.length) return stop('incomplete record');
    const payload = buf.subarray(pos + FRAME_HEADER_BYTES, end);
    if (CRC32C.buf(payload) >>> 0 !== buf.readUInt32BE(pos + 4)) return stop('CRC mismatch');
    payloads.push(payload);
    pos = end;
  }
  return { payloads, validBytes: pos };
}

export interface JournalLogger {
  warn(obj: object, msg: string): void;
}

export class Journal {
  private fd: number | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly options: JournalOptions,
    private readonly logger: JournalLogger,
  ) {}

  get journalPath(): string {
    return path.join(this.dir, `${this.name}.journal`);
  }

  get snapshotPath(): string {
    return path.join(this.dir, `${this.name}.snapshot`);
  }

  /**
   * Every payload of the snapshot, then of the journal, in order; opens the journal for appends.
   * A journal payload that `apply` rejects (throws) ends the journal like a corrupt frame.
   */
  load(apply: (payload: Buffer) => void): void {
    fs.mkdirSync(this.dir, { recursive: true });
    if (fs.existsSync(this.snapshotPath)) {
      const bytes = fs.readFileSync(this.snapshotPath);
      const snapshot = decodeFrames(bytes);
      if (snapshot.problem) throw new Error(`${this.snapshotPath} is corrupt: ${snapshot.problem}`);
      snapshot.payloads.forEach(apply);
      this.snapshotBytes = bytes.length;
    }
    const existed = fs.existsSync(this.journalPath);
    if (existed) {
      const bytes = fs.readFileSync(this.journalPath);
      const journal = decodeFrames(bytes);
      let validBytes = 0;
      let problem = journal.problem;
      for (const payload of journal.payloads) {
        try {
          apply(payload);
        } catch (err) {
          problem = `unreadable record (${(err as Error).message}) at byte ${validBytes}`;
          break;
        }
        validBytes += FRAME_HEADER_BYTES + payload.length;
      }
      if (problem) {
        this.logger.warn({ file: this.journalPath, problem, droppedBytes: bytes.length - validBytes }, 'dropping the torn or corrupt tail of a journal');
        fs.truncateSync(this.journalPath, validBytes);
      }
      this.journalBytes = validBytes;
    }
    this.fd = fs.openSync(this.journalPath, 'a');
    if (!existed) fsyncDir(this.dir);
  }

  /** Write the payloads to the journal (all or, on failure, none of them). */
  append(payloads: readonly Buffer[]): void {
    if (this.fd === null) throw new Error(`${this.journalPath} is not open`);
    const bytes = encodeFrames(payloads);
    try {
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(this.fd, bytes, written);
      if (this.options.flushOnWrite) fs.fdatasyncSync(this.fd);
    } catch (err) {
      try {
        fs.ftruncateSync(this.fd, this.journalBytes);
      } catch {
        /* load() drops a torn tail anyway */
      }
      throw err;
    }
    this.journalBytes += bytes.length;
  }

  /** Whether the journal has grown enough to be worth replacing with a snapshot. */
  get wantsCompaction(): boolean {
    return this.journalBytes >= Math.max(this.options.compactAfterBytes, 2 * this.snapshotBytes);
  }

  /** Replace the snapshot with these payloads (the whole state) and empty the journal. */
  compact(payloads: readonly Buffer[]): void {
    if (this.fd === null) throw new Error(`${this.journalPath} is not open`);
    const snapshot = encodeFrames(payloads);
    writeFileAtomic(this.snapshotPath, snapshot);
    fs.ftruncateSync(this.fd, 0);
    if (this.options.flushOnWrite) fs.fdatasyncSync(this.fd);
    this.snapshotBytes = snapshot.length;
    this.journalBytes = 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
