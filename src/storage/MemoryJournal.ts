/**
 * The in-memory twin of Journal: the same records, encoded with the same codec and decoded again
 * on load, so a restart sees exactly what was journaled and nothing the owner changed in its
 * objects afterwards. The payloads live in a JournalContents that the MemoryVolume keeps across
 * broker restarts. Sizes count frames as on disk, so compaction happens at the same points.
 */
import {
  JournalCodec,
  JournalOptions,
  RecordJournal,
  frameBytes,
  journalWantsCompaction,
} from './Journal';

/** A journal's and its snapshot's payloads. */
export class JournalContents {
  snapshot: Buffer[] = [];
  journal: Buffer[] = [];
  snapshotBytes = 0;
  journalBytes = 0;
}

export class MemoryJournal<T> implements RecordJournal<T> {
  private open = false;

  constructor(
    readonly journalPath: string,
    readonly snapshotPath: string,
    private readonly contents: JournalContents,
    private readonly codec: JournalCodec<T>,
    private readonly options: JournalOptions,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  get journalBytes(): number {
    return this.contents.journalBytes;
  }

  get snapshotBytes(): number {
    return this.contents.snapshotBytes;
  }

  get wantsCompaction(): boolean {
    return journalWantsCompaction(this.contents.journalBytes, this.contents.snapshotBytes, this.options);
  }

  load(apply: (record: T) => void): void {
    for (const payload of this.contents.snapshot) apply(this.codec.decode(payload));
    for (const payload of this.contents.journal) apply(this.codec.decode(payload));
    this.open = true;
  }

  append(records: readonly T[]): void {
    this.checkOpen();
    const payloads = records.map((r) => this.codec.encode(r)); // all encoded before any is kept
    for (const payload of payloads) {
      this.contents.journal.push(payload);
      this.contents.journalBytes += frameBytes(payload);
    }
  }

  compact(records: readonly T[]): void {
    this.checkOpen();
    const payloads = records.map((r) => this.codec.encode(r));
    this.contents.snapshot = payloads;
    this.contents.snapshotBytes = payloads.reduce((n, p) => n + frameBytes(p), 0);
    this.contents.journal = [];
    this.contents.journalBytes = 0;
  }

  close(): void {
    this.open = false;
  }

  private checkOpen(): void {
    if (!this.open) throw new Error(`${this.journalPath} is not open`);
  }
}
