/**
 * A durable journal of records with a snapshot, shared by the offset store
 * (`__consumer_offsets/offsets.*`) and the transaction coordinator (`__transaction_state/transactions.*`):
 *
 * - `<name>.journal`: every change appended as a frame and written to the OS before it is applied
 *   (and fsynced with flushOnWrite); a failed write is cut off again, so nothing of it remains;
 * - `<name>.snapshot`: the whole state as frames, atomically replaced by compact(), after which the
 *   journal is emptied. The owner compacts when wantsCompaction says the journal has grown past
 *   max(compactAfterBytes, 2 × the last snapshot).
 *
 * A file is a sequence of frames:
 *
 *   length  uint32   bytes in payload
 *   crc     uint32   CRC-32C (Castagnoli) of payload
 *   payload          one record, as the owner's codec encodes it
 *
 * Reading stops at the first frame that is short, oversized (over maxPayloadBytes), fails its CRC
 * or does not decode (DecodeError): what follows a torn write is never trusted. Loading reads the
 * snapshot, then the journal; a torn or corrupt journal tail (a crash mid-write) is dropped and
 * cut off, so later appends follow valid frames. A bad snapshot is damage, not a crash: refused.
 * Replaying a journal over a snapshot that already contains it (a crash between the snapshot's
 * rename and the journal's truncation) must be harmless, so records should set state (last one
 * wins) rather than change it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as CRC32C from 'crc-32/crc32c';
import { DecodeError } from '../../wire/io';
import { fsyncDir, writeFileAtomic } from '../fsutil';

const FRAME_HEADER_BYTES = 8;
const DEFAULT_MAX_PAYLOAD_BYTES = 64 << 20;

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
  /** Bytes of whole, valid frames from the start; less than the input when the rest was bad. */
  validBytes: number;
  /** Why reading stopped early, if it did. */
  problem?: string;
}

export function decodeFrames(buf: Buffer, maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES): DecodedFrames {
  const payloads: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const stop = (problem: string): DecodedFrames => ({ payloads, validBytes: pos, problem: `${problem} at byte ${pos}` });
    if (buf.length - pos < FRAME_HEADER_BYTES) return stop('incomplete frame header');
    const length = buf.readUInt32BE(pos);
    if (length > maxPayloadBytes) return stop(`implausible record length ${length}`);
    const end = pos + FRAME_HEADER_BYTES + length;
    if (end > buf.length) return stop('incomplete record');
    const payload = buf.subarray(pos + FRAME_HEADER_BYTES, end);
    if (CRC32C.buf(payload) >>> 0 !== buf.readUInt32BE(pos + 4)) return stop('CRC mismatch');
    payloads.push(payload);
    pos = end;
  }
  return { payloads, validBytes: pos };
}

export interface DecodedRecords<T> {
  records: T[];
  /** Bytes of whole, valid frames from the start; less than the input when the rest was bad. */
  validBytes: number;
  /** Why reading stopped early, if it did. */
  problem?: string;
}

/** The frames' payloads decoded, up to the first bad frame or the first payload that throws DecodeError. */
export function decodeFramedRecords<T>(buf: Buffer, decode: (payload: Buffer) => T, maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES): DecodedRecords<T> {
  const frames = decodeFrames(buf, maxPayloadBytes);
  const records: T[] = [];
  let pos = 0;
  for (const payload of frames.payloads) {
    try {
      records.push(decode(payload));
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return { records, validBytes: pos, problem: `unreadable record (${err.message}) at byte ${pos}` };
    }
    pos += FRAME_HEADER_BYTES + payload.length;
  }
  return frames.problem ? { records, validBytes: pos, problem: frames.problem } : { records, validBytes: pos };
}

/** How a journal's records become payloads and back; decode throws DecodeError on a bad payload. */
export interface JournalCodec<T> {
  encode(record: T): Buffer;
  decode(payload: Buffer): T;
}

export interface JournalOptions {
  flushOnWrite: boolean;
  /** Do not compact a journal smaller than this (bytes). */
  compactAfterBytes: number;
  /** A frame claiming a longer payload is garbage (64 MiB unless set). */
  maxPayloadBytes?: number;
}

export interface JournalLogger {
  warn(obj: object, msg: string): void;
}

/** What the owners (offset store, transaction coordinator) use: Journal on disk, MemoryJournal in memory. */
export interface RecordJournal<T> {
  /** Where the journal and the snapshot are, for messages and tests. */
  readonly journalPath: string;
  readonly snapshotPath: string;
  /** Whether load() has opened the journal (and close() has not closed it). */
  readonly isOpen: boolean;
  /** Bytes of valid frames in the journal. */
  readonly journalBytes: number;
  /** Bytes of the last snapshot loaded or written. */
  readonly snapshotBytes: number;
  /** Whether the journal has grown enough to be worth replacing with a snapshot. */
  readonly wantsCompaction: boolean;
  /** Every record of the snapshot, then of the journal, in order; opens the journal for appends. */
  load(apply: (record: T) => void): void;
  /** Write the records to the journal (all or, on failure, none of them). */
  append(records: readonly T[]): void;
  /** Replace the snapshot with these records (the whole state) and empty the journal. */
  compact(records: readonly T[]): void;
  close(): void;
}

/** The compaction rule shared by both kinds: past max(compactAfterBytes, 2 × the last snapshot). */
export function journalWantsCompaction(journalBytes: number, snapshotBytes: number, options: JournalOptions): boolean {
  return journalBytes >= Math.max(options.compactAfterBytes, 2 * snapshotBytes);
}

/** Bytes a record takes as a frame: the header, then the payload. */
export function frameBytes(payload: Buffer): number {
  return FRAME_HEADER_BYTES + payload.length;
}

export class Journal<T> implements RecordJournal<T> {
  private fd: number | null = null;
  private journalSize = 0;
  private snapshotSize = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly codec: JournalCodec<T>,
    private readonly options: JournalOptions,
    private readonly logger: JournalLogger,
  ) {}

  get journalPath(): string {
    return path.join(this.dir, `${this.name}.journal`);
  }

  get snapshotPath(): string {
    return path.join(this.dir, `${this.name}.snapshot`);
  }

  /** Whether load() has opened the journal (and close() has not closed it). */
  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Bytes of valid frames in the journal. */
  get journalBytes(): number {
    return this.journalSize;
  }

  /** Bytes of the last snapshot loaded or written. */
  get snapshotBytes(): number {
    return this.snapshotSize;
  }

  /** Every record of the snapshot, then of the journal, in order; opens the journal for appends. */
  load(apply: (record: T) => void): void {
    fs.mkdirSync(this.dir, { recursive: true });
    if (fs.existsSync(this.snapshotPath)) {
      const bytes = fs.readFileSync(this.snapshotPath);
      const snapshot = this.decode(bytes);
      if (snapshot.problem) throw new Error(`${this.snapshotPath} is corrupt: ${snapshot.problem}`);
      snapshot.records.forEach(apply);
      this.snapshotSize = bytes.length;
    }
    const existed = fs.existsSync(this.journalPath);
    if (existed) {
      const bytes = fs.readFileSync(this.journalPath);
      const journal = this.decode(bytes);
      journal.records.forEach(apply);
      if (journal.problem) {
        this.logger.warn(
          { file: this.journalPath, problem: journal.problem, droppedBytes: bytes.length - journal.validBytes },
          `dropping the torn or corrupt tail of the ${this.name} journal`,
        );
        fs.truncateSync(this.journalPath, journal.validBytes);
      }
      this.journalSize = journal.validBytes;
    }
    this.fd = fs.openSync(this.journalPath, 'a');
    if (!existed) fsyncDir(this.dir);
  }

  /** Write the records to the journal (all or, on failure, none of them). */
  append(records: readonly T[]): void {
    const fd = this.openFd();
    const bytes = this.encode(records);
    try {
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
      if (this.options.flushOnWrite) fs.fdatasyncSync(fd);
    } catch (err) {
      // Cut off whatever part was written, so the next append does not follow a torn record.
      try {
        fs.ftruncateSync(fd, this.journalSize);
      } catch {
        /* load() drops a torn tail anyway */
      }
      throw err;
    }
    this.journalSize += bytes.length;
  }

  /** Whether the journal has grown enough to be worth replacing with a snapshot. */
  get wantsCompaction(): boolean {
    return journalWantsCompaction(this.journalSize, this.snapshotSize, this.options);
  }

  /** Replace the snapshot with these records (the whole state) and empty the journal. */
  compact(records: readonly T[]): void {
    const fd = this.openFd();
    const snapshot = this.encode(records);
    writeFileAtomic(this.snapshotPath, snapshot);
    fs.ftruncateSync(fd, 0);
    if (this.options.flushOnWrite) fs.fdatasyncSync(fd);
    this.snapshotSize = snapshot.length;
    this.journalSize = 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`${this.journalPath} is not open`);
    return this.fd;
  }

  private encode(records: readonly T[]): Buffer {
    return encodeFrames(records.map((r) => this.codec.encode(r)));
  }

  private decode(bytes: Buffer): DecodedRecords<T> {
    return decodeFramedRecords(bytes, (p) => this.codec.decode(p), this.options.maxPayloadBytes);
  }
}
