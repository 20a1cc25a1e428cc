/**
 * Every share-partition this broker leads: the in-flight records of each share group on each
 * topic-partition (SharePartition), and their durable state in the data dir (or MemoryVolume):
 * the journal `__share_group_state/share.journal` with its snapshot `share.snapshot`
 * (shareStateJournal.ts for the format), compacted as the offset store's journal is. Kafka keeps
 * this state in `__share_group_state` through its share coordinator; here the broker writes it.
 *
 * State is keyed by group, topic id and partition, so a deleted topic's state goes with it and a
 * topic created again under the same name starts fresh. A share-partition is created when the
 * group first reads it: from its stored state if any, else at share.auto.offset.reset.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import type { GroupConfigs } from '../groups/GroupConfigs';
import type { RecordJournal } from '../storage/Journal';
import type { StateVolume } from '../storage/StateVolume';
import type { Partition, TopicRegistry } from '../topics/TopicRegistry';
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import type { SharePartitionDirectory, SharePartitionHandle, SharePartitionSummary, ShareStartOffset } from './contracts';
import { SharePartition } from './SharePartition';
import {
  MAX_PAYLOAD_BYTES,
  SHARE_STATE_DIR,
  SHARE_STATE_JOURNAL_NAME,
  ShareStateRecord,
  StoredShareState,
  shareStateCodec,
} from './shareStateJournal';

export interface SharePartitionManagerDeps {
  volume: StateVolume;
  topics: TopicRegistry;
  transactions: TransactionCoordinator;
  groupConfigs: GroupConfigs;
  logger: Logger;
  /** fsync state before acknowledging (the log's flushOnAppend). */
  flushOnWrite: boolean;
  /** Do not compact a journal smaller than this (bytes); 4 MiB unless set. */
  compactAfterBytes?: number;
  /** The clock of record locks (Date.now unless set). */
  now?: () => number;
}

/** DescribeShareGroupOffsets: one share-partition's start offset and lag. */
const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

const stateKey = (groupId: string, topicId: string, partition: number) => `${groupId}\u0000${topicId}\u0000${partition}`;
const listenerKey = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

interface Listeners {
  set: Set<() => void>;
  unsubscribe: () => void;
}

export class SharePartitionManager implements SharePartitionDirectory {
  private readonly journal: RecordJournal<ShareStateRecord>;
  /** The durable image: what the journal and snapshot hold, by state key. */
  private readonly stored = new Map<string, StoredShareState>();
  /** Share-partitions in use, by state key. */
  private readonly live = new Map<string, { sp: SharePartition; unsubscribe: () => void }>();
  private readonly listeners = new Map<string, Listeners>();
  private closed = false;

  constructor(private readonly deps: SharePartitionManagerDeps) {
    this.journal = deps.volume.journal(
      SHARE_STATE_DIR,
      SHARE_STATE_JOURNAL_NAME,
      shareStateCodec,
      { flushOnWrite: deps.flushOnWrite, compactAfterBytes: deps.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, maxPayloadBytes: MAX_PAYLOAD_BYTES },
      deps.logger,
    );
  }

  get journalPath(): string {
    return this.journal.journalPath;
  }

  /** Bytes in the journal and in the last snapshot (compaction moves the first into the second). */
  get journalSizes(): { journalBytes: number; snapshotBytes: number } {
    return { journalBytes: this.journal.journalBytes, snapshotBytes: this.journal.snapshotBytes };
  }

  /** Restore the share state written before the last stop or crash; drop that of deleted topics. */
  load(): void {
    if (this.journal.isOpen) throw new Error('SharePartitionManager is already loaded');
    this.journal.load((r) => this.apply(r));
    this.deps.logger.debug({ sharePartitions: this.stored.size, journalBytes: this.journal.journalBytes }, 'loaded share-group state');
    this.dropDeletedTopics();
    this.maybeCompact();
  }

  get(groupId: string, topic: string, partition: number): SharePartitionHandle | undefined {
    return this.sharePartition(groupId, topic, partition);
  }

  onAvailable(groupId: string, topic: string, partition: number, listener: () => void): () => void {
    const p = this.partitionOf(topic, partition);
    if (!p) return () => {};
    const key = listenerKey(groupId, topic, partition);
    let entry = this.listeners.get(key);
    if (!entry) {
      const set = new Set<() => void>();
      // New records in the log may be acquired: wake every fetch of this group waiting on it.
      entry = { set, unsubscribe: p.onAppend(() => this.notify(groupId, topic, partition)) };
      this.listeners.set(key, entry);
    }
    entry.set.add(listener);
    const current = entry;
    return () => {
      current.set.delete(listener);
      if (current.set.size === 0 && this.listeners.get(key) === current) {
        current.unsubscribe();
        this.listeners.delete(key);
      }
    };
  }

  releaseMember(groupId: string, memberId: string): void {
    for (const { sp } of this.live.values()) if (sp.groupId === groupId) sp.releaseMember(memberId);
  }

  /** Every share-partition of a group that has state (initialized), by topic then partition. */
  summaries(groupId: string): SharePartitionSummary[] {
    return this.initialized(groupId).map((sp) => sp.summary());
  }

  /** DescribeShareGroupOffsets: the start offset and lag of each initialized share-partition of the group. */
  startOffsets(groupId: string): ShareStartOffset[] {
    return this.initialized(groupId).map((sp) => {
      const topic = this.deps.topics.get(sp.topic)!;
      return { topic: sp.topic, topicId: topic.id, partition: sp.partitionIndex, ...sp.startOffsetAndLag() };
    });
  }

  /**
   * AlterShareGroupOffsets: the share-partition starts over at `offset` with nothing in flight
   * (the caller checks the group is empty). Durable before it returns.
   */
  alterStartOffset(groupId: string, topic: string, partition: number, offset: number): ErrorCode {
    const p = this.partitionOf(topic, partition);
    if (!p) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (!Number.isInteger(offset) || offset < 0) return ErrorCode.INVALID_REQUEST;
    const key = stateKey(groupId, p.topic.id, partition);
    const live = this.live.get(key);
    if (live) {
      live.sp.reset(offset);
    } else {
      const stateEpoch = (this.stored.get(key)?.stateEpoch ?? -1) + 1;
      this.write([{ type: 'state', groupId, topicId: p.topic.id, partition, stateEpoch, startOffset: offset, endOffset: offset, batches: [] }]);
      this.notify(groupId, topic, partition);
    }
    return ErrorCode.NONE;
  }

  /** DeleteShareGroupOffsets: forget the group's state of a topic (one partition, or all of them). */
  deleteState(groupId: string, topic: string, partition?: number): void {
    const t = this.deps.topics.get(topic);
    if (!t) return;
    const doomed = [...this.stored.values()].filter((s) => s.groupId === groupId && s.topicId === t.id && (partition === undefined || s.partition === partition));
    this.drop(doomed.map((s) => ({ type: 'delete', groupId, topicId: s.topicId, partition: s.partition })));
  }

  /** DeleteGroups: forget all of the group's share state. */
  deleteGroup(groupId: string): void {
    if (![...this.stored.values()].some((s) => s.groupId === groupId)) return;
    this.drop([{ type: 'deleteGroup', groupId }]);
  }

  groupIds(): string[] {
    return [...new Set([...this.stored.values()].map((s) => s.groupId))];
  }

  /** Whether the group has any share state (some share-partition was initialized). */
  hasState(groupId: string): boolean {
    return [...this.stored.values()].some((s) => s.groupId === groupId);
  }

  /** Write the whole state as the snapshot and empty the journal. */
  compact(): void {
    // What acquisitions changed goes into the snapshot too (not through write(), which compacts).
    const pending = [...this.live.values()].filter(({ sp }) => sp.needsWrite).map(({ sp }) => sp);
    const image = new Map(this.stored);
    for (const sp of pending) {
      const state = sp.stored();
      image.set(stateKey(state.groupId, state.topicId, state.partition), state);
    }
    this.journal.compact([...image.values()].map((s) => ({ type: 'state', ...s })));
    for (const [key, state] of image) this.stored.set(key, state);
    for (const sp of pending) sp.markWritten();
  }

  /** Write what acquisitions changed, stop lock timers and close the journal. Again does nothing. */
  close(): void {
    if (this.closed) return;
    try {
      this.writePending();
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not write share-group state on close');
    }
    for (const { sp, unsubscribe } of this.live.values()) {
      sp.close();
      unsubscribe();
    }
    this.live.clear();
    for (const entry of this.listeners.values()) entry.unsubscribe();
    this.listeners.clear();
    this.journal.close();
    this.closed = true;
  }

  // ---- Internals -----------------------------------------------------------------------------

  private partitionOf(topic: string, partition: number): Partition | undefined {
    const t = this.deps.topics.get(topic);
    return t && !t.deleted ? t.partitions[partition] : undefined;
  }

  private sharePartition(groupId: string, topic: string, partition: number): SharePartition | undefined {
    if (this.closed) return undefined;
    const p = this.partitionOf(topic, partition);
    if (!p) return undefined;
    const key = stateKey(groupId, p.topic.id, partition);
    const live = this.live.get(key);
    if (live) return live.sp;
    this.dropDeletedTopics();
    const sp = new SharePartition(
      {
        groupId,
        topicId: p.topic.id,
        partition: p,
        transactions: this.deps.transactions,
        settings: () => this.deps.groupConfigs.shareSettings(groupId),
        persist: (state) => this.write([{ type: 'state', ...state }]),
        notifyAvailable: () => this.notify(groupId, topic, partition),
        logger: this.deps.logger,
        now: this.deps.now,
      },
      this.stored.get(key) ?? null,
    );
    // The topic's deletion wakes its partitions' listeners: the state goes with the topic.
    const unsubscribe = p.onAppend(() => {
      if (p.topic.deleted) this.dropDeletedTopics();
    });
    this.live.set(key, { sp, unsubscribe });
    return sp;
  }

  /** The group's share-partitions that have state, live (resumed if needed), by topic then partition. */
  private initialized(groupId: string): SharePartition[] {
    this.dropDeletedTopics();
    const result: SharePartition[] = [];
    for (const s of [...this.stored.values()]) {
      if (s.groupId !== groupId) continue;
      const topic = this.deps.topics.getById(s.topicId);
      const sp = topic ? this.sharePartition(groupId, topic.name, s.partition) : undefined;
      if (sp) result.push(sp);
    }
    return result.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partitionIndex - b.partitionIndex));
  }

  private notify(groupId: string, topic: string, partition: number): void {
    const entry = this.listeners.get(listenerKey(groupId, topic, partition));
    if (entry) for (const listener of [...entry.set]) listener();
  }

  /** Forget the state of topics that no longer exist (deleted while running, or before a restart). */
  private dropDeletedTopics(): void {
    const gone = [...this.stored.values()].filter((s) => {
      const topic = this.deps.topics.getById(s.topicId);
      return !topic || topic.deleted || s.partition >= topic.partitions.length;
    });
    if (gone.length === 0) return;
    this.deps.logger.debug({ sharePartitions: gone.length }, 'dropping the share state of deleted topics');
    this.drop(gone.map((s) => ({ type: 'delete', groupId: s.groupId, topicId: s.topicId, partition: s.partition })));
  }

  /** Journal the deletions, then stop the share-partitions they name. */
  private drop(records: ShareStateRecord[]): void {
    if (records.length === 0) return;
    this.write(records);
    for (const [key, { sp, unsubscribe }] of this.live) {
      if (this.stored.has(key)) continue;
      sp.close();
      unsubscribe();
      this.live.delete(key);
    }
  }

  /** State that acquisitions changed and nothing wrote yet. */
  private writePending(): void {
    const pending = [...this.live.values()].filter(({ sp }) => sp.needsWrite);
    if (pending.length === 0) return;
    this.write(pending.map(({ sp }) => ({ type: 'state', ...sp.stored() })));
    for (const { sp } of pending) sp.markWritten();
  }

  /** Journal the records, then apply them; nothing is applied if the write fails. */
  private write(records: ShareStateRecord[]): void {
    if (this.closed) throw new Error('SharePartitionManager is closed');
    this.journal.append(records);
    records.forEach((r) => this.apply(r));
    this.maybeCompact();
  }

  private maybeCompact(): void {
    if (!this.journal.wantsCompaction) return;
    try {
      this.compact();
    } catch (err) {
      // The journal still holds everything; try again after the next write.
      this.deps.logger.warn({ err }, 'could not compact the share-group state journal');
    }
  }

  private apply(r: ShareStateRecord): void {
    switch (r.type) {
      case 'state': {
        const { type: _type, ...state } = r;
        this.stored.set(stateKey(r.groupId, r.topicId, r.partition), state);
        break;
      }
      case 'delete':
        this.stored.delete(stateKey(r.groupId, r.topicId, r.partition));
        break;
      case 'deleteGroup':
        for (const [key, s] of this.stored) if (s.groupId === r.groupId) this.stored.delete(key);
        break;
    }
  }
}
