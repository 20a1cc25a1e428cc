/**
 * One share-partition (KIP-932): the records of one topic-partition that one share group has in
 * flight, between the start offset (SPSO: everything below is done) and the end offset (SPEO: the
 * next offset not yet fetched). Records are acquired by members in whole batches, locked for
 * share.record.lock.duration.ms, then acknowledged (accept → Acknowledged, release → Available,
 * reject or gap → Archived); a lock that runs out makes them Available again, or Archived once
 * they were delivered share.delivery.count.limit times. The start offset moves over leading done
 * records. State changes are written through `persist` (the manager's journal); acknowledgements
 * are durable before they are answered. Kafka: SharePartition.java.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import { ATTR_CONTROL, ATTR_TRANSACTIONAL, attributesOf, baseOffsetOf, lastOffsetOf, producerIdOf } from '../../wire/records';
import type { Partition } from '../topics/TopicRegistry';
import type { AbortedTxn } from '../transactions/PartitionTxnIndex';
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import {
  AcknowledgeType,
  AcknowledgementBatch,
  AcquiredRange,
  Acquisition,
  RecordState,
  ShareGroupSettings,
  SharePartitionHandle,
  SharePartitionSummary,
} from './contracts';
import { InFlightRange, InFlightRecords } from './inFlightRecords';
import type { StoredShareState, StoredStateBatch } from './shareStateJournal';
import { shareLag } from './shareLag';

export interface SharePartitionContext {
  groupId: string;
  topicId: string;
  partition: Partition;
  transactions: TransactionCoordinator;
  /** The group's settings now (they can change with IncrementalAlterConfigs). */
  settings(): ShareGroupSettings;
  /** Make the state durable; throws when it could not be written. */
  persist(state: StoredShareState): void;
  /** Records may have become available: wake waiting fetches. */
  notifyAvailable(): void;
  logger: Logger;
  now?: () => number;
}

const NO_ACQUISITION: Acquisition = { acquired: [], batches: [] };

export class SharePartition implements SharePartitionHandle {
  private startOffset = 0;
  private endOffset = 0;
  private stateEpoch = 0;
  private readonly inFlight = new InFlightRecords();
  /** Changed since the last durable write (acquisitions are written lazily, as Kafka does not write them at all). */
  private dirty = false;
  private lockTimer: NodeJS.Timeout | null = null;
  private lockTimerDue = 0;
  private closed = false;
  private readonly now: () => number;

  /** `stored`: the durable state to resume from; null: a share-partition the group reads for the first time. */
  constructor(
    private readonly ctx: SharePartitionContext,
    stored: StoredShareState | null,
  ) {
    this.now = ctx.now ?? (() => Date.now());
    if (stored) {
      this.resume(stored);
    } else {
      this.startOffset = this.endOffset = this.initialOffset();
      this.ctx.persist(this.stored());
    }
  }

  get groupId(): string {
    return this.ctx.groupId;
  }

  get topic(): string {
    return this.ctx.partition.topic.name;
  }

  get partitionIndex(): number {
    return this.ctx.partition.index;
  }

  acquire(memberId: string, maxRecords: number, maxBytes: number): Acquisition {
    if (this.closed) return NO_ACQUISITION;
    const now = this.now();
    this.expireLocks(now);
    this.followLogStart();
    const settings = this.ctx.settings();
    const startBefore = this.startOffset;
    const endBefore = this.endOffset;
    const wanted = maxRecords > 0 ? maxRecords : settings.partitionMaxRecordLocks;
    let locks = this.inFlight.counts()[RecordState.Acquired];
    const acquisition = new AcquisitionBuilder(Math.max(maxBytes, 1));
    const lock = (first: number, last: number, deliveryCount: number): InFlightRange => {
      locks += last - first + 1;
      acquisition.acquired.push({ firstOffset: first, lastOffset: last, deliveryCount });
      return { first, last, state: RecordState.Acquired, deliveryCount, memberId, lockExpiresAt: now + settings.recordLockDurationMs };
    };
    const more = () => acquisition.records < wanted && locks < settings.partitionMaxRecordLocks && !acquisition.full;

    // Released and expired records first, oldest first, then new ones from the end offset.
    const available = this.inFlight.all().filter((r) => r.state === RecordState.Available).map((r) => ({ ...r }));
    for (const r of available) {
      if (!more()) break;
      if (r.deliveryCount >= settings.deliveryCountLimit) {
        for (const s of this.inFlight.slice(r.first, r.last, false)!) s.state = RecordState.Archived;
        continue;
      }
      const batches = this.ctx.partition.log.read(r.first, acquisition.bytesLeft);
      const reached = batches.length > 0 ? lastOffsetOf(batches[batches.length - 1]) : r.last;
      const last = Math.min(r.last, reached, r.first + (settings.partitionMaxRecordLocks - locks) - 1);
      for (const b of batches) if (baseOffsetOf(b) <= last) acquisition.addBatch(b);
      for (const s of this.inFlight.slice(r.first, last, false)!) Object.assign(s, lock(s.first, s.last, s.deliveryCount + 1));
      acquisition.records += last - r.first + 1;
    }
    this.fetchNew(settings, acquisition, more, lock);

    this.inFlight.merge();
    this.advanceStart();
    if (acquisition.acquired.length > 0 || this.endOffset !== endBefore || this.startOffset !== startBefore) this.dirty = true;
    this.scheduleLockExpiry();
    return acquisition.result();
  }

  acknowledge(memberId: string, batches: AcknowledgementBatch[]): ErrorCode {
    if (this.closed) return ErrorCode.INVALID_RECORD_STATE;
    for (const b of batches) if (malformed(b)) return ErrorCode.INVALID_REQUEST;
    if (batches.length === 0) return ErrorCode.NONE;
    this.expireLocks(this.now());
    const limit = this.ctx.settings().deliveryCountLimit;
    const saved = this.inFlight.save();
    const savedStart = this.startOffset;
    const rollback = (error: ErrorCode) => {
      this.inFlight.restore(saved);
      this.startOffset = savedStart;
      return error;
    };
    let released = false;
    // As Kafka: all or nothing; an offset not acquired by this member fails the whole acknowledgement.
    for (const b of batches) {
      const held = this.inFlight.slice(b.firstOffset, b.lastOffset, true);
      if (!held || held.some((r) => r.state !== RecordState.Acquired || r.memberId !== memberId)) return rollback(ErrorCode.INVALID_RECORD_STATE);
      for (const { first, last, type } of typeRuns(b)) {
        for (const r of this.inFlight.slice(first, last, true)!) released = settle(r, type, limit) || released;
      }
    }
    this.inFlight.merge();
    this.advanceStart();
    try {
      this.ctx.persist(this.stored());
    } catch (err) {
      this.ctx.logger.error({ err, group: this.groupId, topic: this.topic, partition: this.partitionIndex }, 'could not write share-partition state');
      return rollback(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
    this.dirty = false;
    this.scheduleLockExpiry();
    if (released) this.ctx.notifyAvailable();
    return ErrorCode.NONE;
  }

  releaseMember(memberId: string): void {
    if (this.closed) return;
    const limit = this.ctx.settings().deliveryCountLimit;
    let changed = false;
    for (const r of this.inFlight.all()) {
      if (r.state === RecordState.Acquired && r.memberId === memberId) changed = settle(r, AcknowledgeType.Release, limit) || true;
    }
    if (changed) this.afterUnlock();
  }

  summary(): SharePartitionSummary {
    this.followLogStart();
    const counts = this.inFlight.counts();
    return {
      groupId: this.groupId,
      topic: this.topic,
      partition: this.partitionIndex,
      startOffset: this.startOffset,
      endOffset: this.endOffset,
      available: counts[RecordState.Available],
      acquired: counts[RecordState.Acquired],
      acknowledged: counts[RecordState.Acknowledged],
      archived: counts[RecordState.Archived],
      maxDeliveryCount: this.inFlight.all().reduce((max, r) => Math.max(max, r.deliveryCount), 0),
      lag: Math.max(0, this.readLimit() - this.endOffset),
    };
  }

  /**
   * DescribeShareGroupOffsets: the start offset and the records not yet consumed (the log up to
   * the high watermark, or the last stable offset, less what is done in flight).
   */
  startOffsetAndLag(): { startOffset: number; lag: number } {
    const s = this.summary();
    return { startOffset: s.startOffset, lag: shareLag(s) };
  }

  /** AlterShareGroupOffsets: start over at `offset` with nothing in flight (the group is empty). Durable. */
  reset(offset: number): void {
    this.clearLockTimer();
    this.inFlight.clear();
    this.stateEpoch += 1;
    this.startOffset = this.endOffset = offset;
    this.ctx.persist(this.stored());
    this.dirty = false;
    this.ctx.notifyAvailable();
  }

  /** The durable form: acquired records as available with their delivery count, neighbours merged. */
  stored(): StoredShareState {
    const batches: StoredStateBatch[] = [];
    for (const r of this.inFlight.all()) {
      const state = r.state === RecordState.Acquired ? RecordState.Available : (r.state as StoredStateBatch['state']);
      const prev = batches[batches.length - 1];
      if (prev && prev.lastOffset + 1 === r.first && prev.state === state && prev.deliveryCount === r.deliveryCount) prev.lastOffset = r.last;
      else batches.push({ firstOffset: r.first, lastOffset: r.last, deliveryCount: r.deliveryCount, state });
    }
    const { groupId, topicId } = this.ctx;
    return { groupId, topicId, partition: this.partitionIndex, stateEpoch: this.stateEpoch, startOffset: this.startOffset, endOffset: this.endOffset, batches };
  }

  /** Whether acquisitions changed the state since its last durable write. */
  get needsWrite(): boolean {
    return this.dirty;
  }

  /** The state was written by the owner (close, compaction). */
  markWritten(): void {
    this.dirty = false;
  }

  /** Stop the lock timer; nothing more is done. The owner writes the state first if needsWrite. */
  close(): void {
    this.closed = true;
    this.clearLockTimer();
  }

  // ---- Internals -----------------------------------------------------------------------------

  private resume(stored: StoredShareState): void {
    this.stateEpoch = stored.stateEpoch;
    this.startOffset = stored.startOffset;
    this.endOffset = stored.endOffset;
    for (const b of stored.batches) {
      this.inFlight.push({ first: b.firstOffset, last: b.lastOffset, state: b.state, deliveryCount: b.deliveryCount, memberId: null, lockExpiresAt: 0 });
    }
  }

  /** share.auto.offset.reset: where a group reading this partition for the first time starts. */
  private initialOffset(): number {
    const { log } = this.ctx.partition;
    const reset = this.ctx.settings().autoOffsetReset;
    switch (reset.kind) {
      case 'earliest':
        return log.logStartOffset;
      case 'by_duration':
        return log.offsetForTimestamp(this.now() - reset.durationMs)?.offset ?? log.logEndOffset;
      default:
        return this.readLimit();
    }
  }

  /** Where fetching stops: the high watermark, or under read_committed the last stable offset. */
  private readLimit(): number {
    const { partition, transactions } = this.ctx;
    return this.ctx.settings().isolationLevel === 'read_committed' ? transactions.lastStableOffset(partition) : partition.log.logEndOffset;
  }

  /** Bring batches from the end offset into flight: acquire data, archive control and aborted records. */
  private fetchNew(
    settings: ShareGroupSettings,
    acquisition: AcquisitionBuilder,
    more: () => boolean,
    lock: (first: number, last: number, deliveryCount: number) => InFlightRange,
  ): void {
    const readUpTo = this.readLimit();
    const readCommitted = settings.isolationLevel === 'read_committed';
    while (more() && this.endOffset < readUpTo) {
      const batches = this.ctx.partition.log.read(this.endOffset, acquisition.bytesLeft);
      if (batches.length === 0) return;
      const aborted = readCommitted ? this.ctx.transactions.abortedTransactions(this.ctx.partition, this.endOffset, readUpTo) : [];
      for (const b of batches) {
        const base = baseOffsetOf(b);
        const last = lastOffsetOf(b);
        if (base >= readUpTo || !more() || !acquisition.fits(b)) return;
        if (last < this.endOffset) continue;
        const first = Math.max(base, this.endOffset);
        const attributes = attributesOf(b);
        if (attributes & ATTR_CONTROL || (attributes & ATTR_TRANSACTIONAL && isAborted(aborted, producerIdOf(b), base))) {
          // Never delivered: a transaction marker, or a record of an aborted transaction.
          this.inFlight.push({ first, last, state: RecordState.Archived, deliveryCount: 0, memberId: null, lockExpiresAt: 0 });
          this.endOffset = last + 1;
          continue;
        }
        const count = Math.min(last - first + 1, settings.partitionMaxRecordLocks - acquisitionLocks(this.inFlight));
        this.inFlight.push(lock(first, first + count - 1, 1));
        acquisition.addBatch(b);
        acquisition.records += count;
        this.endOffset = first + count;
        if (count < last - first + 1) return; // the lock limit cut the batch
      }
    }
  }

  /** Locks past their time: the records become available again, or archived at the delivery limit. */
  private expireLocks(now: number): void {
    const limit = this.ctx.settings().deliveryCountLimit;
    let changed = false;
    for (const r of this.inFlight.all()) {
      if (r.state === RecordState.Acquired && r.lockExpiresAt <= now) {
        settle(r, AcknowledgeType.Release, limit);
        changed = true;
      }
    }
    if (changed) this.afterUnlock();
  }

  /** After records were unlocked without an acknowledgement: tidy, write (best effort), wake fetches. */
  private afterUnlock(): void {
    this.inFlight.merge();
    this.advanceStart();
    try {
      this.ctx.persist(this.stored());
      this.dirty = false;
    } catch (err) {
      this.dirty = true;
      this.ctx.logger.warn({ err, group: this.groupId, topic: this.topic, partition: this.partitionIndex }, 'could not write share-partition state');
    }
    this.scheduleLockExpiry();
    this.ctx.notifyAvailable();
  }

  /** The start offset moves over the leading done records (up to the end offset when all are done). */
  private advanceStart(): void {
    const start = this.inFlight.firstUndone() ?? this.endOffset;
    if (start > this.startOffset) {
      this.startOffset = start;
      this.inFlight.dropBelow(start);
    }
  }

  /** Retention or DeleteRecords moved the log start past the start offset: follow it. */
  private followLogStart(): void {
    const logStart = this.ctx.partition.log.logStartOffset;
    if (logStart <= this.startOffset) return;
    this.startOffset = logStart;
    this.endOffset = Math.max(this.endOffset, logStart);
    this.inFlight.dropBelow(logStart);
    this.advanceStart();
    this.dirty = true;
    this.scheduleLockExpiry();
  }

  private scheduleLockExpiry(): void {
    if (this.closed) return;
    let due = Infinity;
    for (const r of this.inFlight.all()) if (r.state === RecordState.Acquired) due = Math.min(due, r.lockExpiresAt);
    if (due === Infinity) return this.clearLockTimer();
    if (this.lockTimer && this.lockTimerDue === due) return;
    this.clearLockTimer();
    this.lockTimerDue = due;
    this.lockTimer = setTimeout(() => {
      this.lockTimer = null;
      this.expireLocks(this.now());
      this.scheduleLockExpiry();
    }, Math.max(0, due - this.now()));
    this.lockTimer.unref?.();
  }

  private clearLockTimer(): void {
    if (this.lockTimer) clearTimeout(this.lockTimer);
    this.lockTimer = null;
  }
}

/** Acquired ranges and the stored batches holding them, within a byte budget. */
class AcquisitionBuilder {
  readonly acquired: AcquiredRange[] = [];
  records = 0;
  private readonly batches = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** At least one batch always goes, however large (KIP-74); then up to maxBytes. */
  fits(batch: Buffer): boolean {
    return this.bytes === 0 || this.batches.has(baseOffsetOf(batch)) || this.bytes + batch.length <= this.maxBytes;
  }

  get full(): boolean {
    return this.bytes > 0 && this.bytes >= this.maxBytes;
  }

  get bytesLeft(): number {
    return this.bytes === 0 ? this.maxBytes : Math.max(1, this.maxBytes - this.bytes);
  }

  addBatch(batch: Buffer): void {
    const base = baseOffsetOf(batch);
    if (this.batches.has(base)) return;
    this.batches.set(base, batch);
    this.bytes += batch.length;
  }

  result(): Acquisition {
    const batches = [...this.batches.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    return { acquired: this.acquired.sort((a, b) => a.firstOffset - b.firstOffset), batches };
  }
}

function acquisitionLocks(inFlight: InFlightRecords): number {
  return inFlight.counts()[RecordState.Acquired];
}

/** A batch of a transaction that was aborted: its producer's aborted transaction spans it. */
function isAborted(aborted: readonly AbortedTxn[], producerId: number, baseOffset: number): boolean {
  return aborted.some((t) => t.producerId === producerId && t.firstOffset <= baseOffset && baseOffset < t.lastOffset);
}

function malformed(b: AcknowledgementBatch): boolean {
  if (!Number.isInteger(b.firstOffset) || !Number.isInteger(b.lastOffset) || b.firstOffset < 0 || b.lastOffset < b.firstOffset) return true;
  const n = b.lastOffset - b.firstOffset + 1;
  if (b.acknowledgeTypes.length !== 1 && b.acknowledgeTypes.length !== n) return true;
  return b.acknowledgeTypes.some((t) => !(t in AcknowledgeType) || typeof t !== 'number');
}

/** A batch's offsets in runs of one acknowledgement type. */
function typeRuns(b: AcknowledgementBatch): { first: number; last: number; type: AcknowledgeType }[] {
  if (b.acknowledgeTypes.length === 1) return [{ first: b.firstOffset, last: b.lastOffset, type: b.acknowledgeTypes[0] }];
  const runs: { first: number; last: number; type: AcknowledgeType }[] = [];
  b.acknowledgeTypes.forEach((type, i) => {
    const offset = b.firstOffset + i;
    const prev = runs[runs.length - 1];
    if (prev && prev.type === type) prev.last = offset;
    else runs.push({ first: offset, last: offset, type });
  });
  return runs;
}

/** Apply an acknowledgement (or an unlock, as Release) to acquired records; true if they became available. */
function settle(r: InFlightRange, type: AcknowledgeType, deliveryCountLimit: number): boolean {
  r.memberId = null;
  r.lockExpiresAt = 0;
  switch (type) {
    case AcknowledgeType.Accept:
      r.state = RecordState.Acknowledged;
      return false;
    case AcknowledgeType.Release:
      r.state = r.deliveryCount >= deliveryCountLimit ? RecordState.Archived : RecordState.Available;
      return r.state === RecordState.Available;
    default:
      // Reject, and Gap (an offset with no record): never delivered again.
      r.state = RecordState.Archived;
      return false;
  }
}
