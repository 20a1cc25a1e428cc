/**
 * Committed offsets of consumer groups, durable in the data dir.
 *
 * Kept in memory as group → topic → partition → offset. On disk, in `<dataDir>/__consumer_offsets/`
 * (or the same in a MemoryVolume), a journal (storage/Journal.ts) of offset records
 * (offsetJournal.ts): `offsets.journal` gets
 * every change before it is applied or acknowledged, `offsets.snapshot` the whole state when the
 * journal has grown past max(compactAfterBytes, 2 × the last snapshot). Replaying the journal over
 * a snapshot that already contains it is harmless: every record sets or removes keys, so the last
 * record touching a key decides it either way.
 *
 * Transactional offsets (TxnOffsetCommit) are held here as pending, per producer id, until the
 * transaction ends: completeTxnOffsets() commits them through the journal or drops them. They are
 * made durable by the transaction coordinator's own journal (which restores them on load), not by
 * this store's files. As in Kafka, a pending offset does not replace one committed after it: it
 * wins only if no offset is committed or the committed one is not newer (by commit timestamp,
 * where Kafka compares positions in __consumer_offsets).
 */
import type { Logger } from 'pino';
import { volumeAt } from '../storage/DiskVolume';
import type { RecordJournal } from '../storage/Journal';
import type { StateVolume } from '../storage/StateVolume';
import { MAX_PAYLOAD_BYTES, OffsetRecord, offsetRecordCodec } from './offsetJournal';

export interface CommittedOffset {
  offset: number;
  /** −1 when the client did not say. */
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

export interface GroupPartitionOffset extends CommittedOffset {
  topic: string;
  partition: number;
}

export interface OffsetCommitEntry {
  topic: string;
  partition: number;
  value: CommittedOffset;
}

export interface OffsetStoreOptions {
  /** fsync the journal after every write before acknowledging it (the log's flushOnAppend). */
  flushOnWrite?: boolean;
  /** Do not compact a journal smaller than this (bytes). */
  compactAfterBytes?: number;
}

export const OFFSETS_DIR = '__consumer_offsets';
/** The journal's name: `offsets.journal` and `offsets.snapshot`. */
export const OFFSETS_JOURNAL_NAME = 'offsets';
const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

type TopicOffsets = Map<number, CommittedOffset>;
type GroupOffsets = Map<string, TopicOffsets>;

/** One group's pending transactional offsets. */
export interface PendingTxnOffsets {
  groupId: string;
  entries: OffsetCommitEntry[];
}

const pendingKey = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

export class OffsetStore {
  private readonly groups = new Map<string, GroupOffsets>();
  /** producer id → (group, topic, partition) → pending transactional offset. */
  private readonly pendingTxn = new Map<number, Map<string, { groupId: string; entry: OffsetCommitEntry }>>();
  private readonly journal: RecordJournal<OffsetRecord>;
  private closed = false;

  /** `volume`: where the journal lives; a path means that data dir on disk. */
  constructor(
    volume: StateVolume | string,
    protected readonly logger: Logger,
    options: OffsetStoreOptions = {},
  ) {
    this.journal = volumeAt(volume).journal(
      OFFSETS_DIR,
      OFFSETS_JOURNAL_NAME,
      offsetRecordCodec,
      {
        flushOnWrite: options.flushOnWrite ?? false,
        compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
        maxPayloadBytes: MAX_PAYLOAD_BYTES,
      },
      logger,
    );
  }

  get journalPath(): string {
    return this.journal.journalPath;
  }

  get snapshotPath(): string {
    return this.journal.snapshotPath;
  }

  /** Restore what was committed before the last stop or crash, and open the journal. */
  load(): void {
    if (this.journal.isOpen) throw new Error('OffsetStore is already loaded');
    if (this.closed) throw new Error('OffsetStore is closed');
    this.journal.load((r) => this.apply(r));
    this.logger.debug({ groups: this.groups.size, journalBytes: this.journal.journalBytes }, 'loaded committed offsets');
    this.maybeCompact();
  }

  /** Durable (written to the OS) before it returns. */
  commit(groupId: string, topic: string, partition: number, value: CommittedOffset): void {
    this.commitAll(groupId, [{ topic, partition, value }]);
  }

  /** Several commits of one group with a single write (and fsync): one OffsetCommit request. */
  commitAll(groupId: string, entries: readonly OffsetCommitEntry[]): void {
    if (entries.length === 0) return;
    this.append(entries.map(({ topic, partition, value }) => ({ type: 'commit', groupId, topic, partition, value: { ...value } })));
  }

  fetch(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every committed partition of a group, by topic name, then partition. */
  offsetsOf(groupId: string): GroupPartitionOffset[] {
    const group = this.groups.get(groupId);
    if (!group) return [];
    const result: GroupPartitionOffset[] = [];
    for (const topic of [...group.keys()].sort()) {
      const partitions = group.get(topic)!;
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
        result.push({ topic, partition, ...partitions.get(partition)! });
      }
    }
    return result;
  }

  /** Whether the group has any committed offset. */
  hasGroup(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  /** Groups that have committed offsets. */
  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(groupId: string): void {
    if (this.groups.has(groupId)) this.append([{ type: 'deleteGroup', groupId }]);
  }

  deleteOffset(groupId: string, topic: string, partition: number): void {
    this.deleteOffsets(groupId, [{ topic, partition }]);
  }

  /** Several deletions with a single write; partitions with nothing committed are skipped. */
  deleteOffsets(groupId: string, partitions: ReadonlyArray<{ topic: string; partition: number }>): void {
    const records: OffsetRecord[] = partitions
      .filter(({ topic, partition }) => this.fetch(groupId, topic, partition))
      .map(({ topic, partition }) => ({ type: 'deleteOffset', groupId, topic, partition }));
    if (records.length > 0) this.append(records);
  }

  /** A deleted topic takes its committed (and pending transactional) offsets with it. */
  removeTopic(topic: string): void {
    for (const pending of this.pendingTxn.values()) {
      for (const [key, { entry }] of pending) if (entry.topic === topic) pending.delete(key);
    }
    if ([...this.groups.values()].some((g) => g.has(topic))) this.append([{ type: 'removeTopic', topic }]);
  }

  // ---- Transactional offsets ------------------------------------------------------------------

  /** Hold offsets of a transaction until it ends (memory only; the caller makes them durable). */
  addPendingTxnOffsets(producerId: number, groupId: string, entries: readonly OffsetCommitEntry[]): void {
    let pending = this.pendingTxn.get(producerId);
    if (!pending) this.pendingTxn.set(producerId, (pending = new Map()));
    for (const e of entries) {
      pending.set(pendingKey(groupId, e.topic, e.partition), { groupId, entry: { topic: e.topic, partition: e.partition, value: { ...e.value } } });
    }
  }

  /** A transaction ended: commit its pending offsets (one durable write per group) or drop them. */
  completeTxnOffsets(producerId: number, commit: boolean): void {
    const pending = this.pendingTxn.get(producerId);
    if (!pending) return;
    if (commit) {
      for (const { groupId, entries } of this.pendingTxnOffsets(producerId)) {
        const newer = entries.filter((e) => {
          const current = this.fetch(groupId, e.topic, e.partition);
          return current === undefined || current.commitTimestamp <= e.value.commitTimestamp;
        });
        this.commitAll(groupId, newer);
      }
    }
    this.pendingTxn.delete(producerId);
  }

  /** A producer's pending offsets, by group. */
  pendingTxnOffsets(producerId: number): PendingTxnOffsets[] {
    const byGroup = new Map<string, OffsetCommitEntry[]>();
    for (const { groupId, entry } of this.pendingTxn.get(producerId)?.values() ?? []) {
      let entries = byGroup.get(groupId);
      if (!entries) byGroup.set(groupId, (entries = []));
      entries.push(entry);
    }
    return [...byGroup].map(([groupId, entries]) => ({ groupId, entries }));
  }

  /** Whether an open transaction holds an offset for this partition (OffsetFetch's requireStable). */
  hasPendingTxnOffset(groupId: string, topic: string, partition: number): boolean {
    const key = pendingKey(groupId, topic, partition);
    for (const pending of this.pendingTxn.values()) if (pending.has(key)) return true;
    return false;
  }

  /** Write the whole state as the snapshot and empty the journal. */
  compact(): void {
    this.openJournal();
    const records: OffsetRecord[] = [];
    for (const [groupId, topics] of this.groups) {
      for (const [topic, partitions] of topics) {
        for (const [partition, value] of partitions) records.push({ type: 'commit', groupId, topic, partition, value });
      }
    }
    const journalBytes = this.journal.journalBytes;
    this.journal.compact(records);
    this.logger.debug({ snapshotBytes: this.journal.snapshotBytes, journalBytes }, 'compacted the offsets journal');
  }

  close(): void {
    this.journal.close();
    this.closed = true;
  }

  /** Journal the records, then apply them; nothing is applied if the write fails. */
  private append(records: OffsetRecord[]): void {
    this.openJournal();
    this.journal.append(records);
    records.forEach((r) => this.apply(r));
    this.maybeCompact();
  }

  private openJournal(): void {
    if (this.closed) throw new Error('OffsetStore is closed');
    if (!this.journal.isOpen) this.load();
  }

  private maybeCompact(): void {
    if (!this.journal.wantsCompaction) return;
    try {
      this.compact();
    } catch (err) {
      // The journal still holds everything; try again after the next write.
      this.logger.warn({ err }, 'could not compact the offsets journal');
    }
  }

  private apply(r: OffsetRecord): void {
    switch (r.type) {
      case 'commit': {
        let group = this.groups.get(r.groupId);
        if (!group) this.groups.set(r.groupId, (group = new Map()));
        let partitions = group.get(r.topic);
        if (!partitions) group.set(r.topic, (partitions = new Map()));
        partitions.set(r.partition, r.value);
        break;
      }
      case 'deleteOffset': {
        const group = this.groups.get(r.groupId);
        const partitions = group?.get(r.topic);
        if (!group || !partitions) break;
        partitions.delete(r.partition);
        if (partitions.size === 0) group.delete(r.topic);
        if (group.size === 0) this.groups.delete(r.groupId);
        break;
      }
      case 'deleteGroup':
        this.groups.delete(r.groupId);
        break;
      case 'removeTopic':
        for (const [groupId, group] of this.groups) {
          group.delete(r.topic);
          if (group.size === 0) this.groups.delete(groupId);
        }
        break;
    }
  }
}
