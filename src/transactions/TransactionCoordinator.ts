/**
 * The transaction coordinator, as Kafka's TransactionCoordinator, TransactionStateManager and
 * TransactionMarkerChannelManager do it on a single broker:
 *
 * - InitProducerId binds a transactional id to a producer id and bumps its epoch, fencing older
 *   instances; an open transaction of the old epoch is aborted first (the client is told 51
 *   CONCURRENT_TRANSACTIONS and retries).
 * - AddPartitionsToTxn / AddOffsetsToTxn move the transaction to Ongoing and record what it spans.
 * - TxnOffsetCommit holds offsets as pending in the offset store until the transaction ends.
 * - EndTxn: PrepareCommit or PrepareAbort is made durable, then a COMMIT or ABORT marker (a control
 *   batch) is appended to every partition of the transaction, pending offsets are committed or
 *   dropped, and the transaction is CompleteCommit or CompleteAbort.
 * - A timer aborts transactions open longer than their timeout, fencing the producer with an epoch
 *   bump, and forgets transactional ids idle for transactional.id.expiration.ms.
 *
 * Per partition it keeps the open transactions (for the last stable offset) and the aborted
 * transactions (for read_committed fetches), rebuilt from the log on load for every partition that
 * ever took part in a transaction.
 *
 * Everything runs on the event loop without awaiting, so a request sees no transition half done;
 * the markers of a transaction are written (locally) before EndTxn answers. State changes are
 * journaled (txnRecords.ts) before they take effect; a transaction found in Prepare* on load is
 * completed then, and Ongoing ones time out as usual.
 */
import type { Logger } from 'pino';
import { buildControlBatch } from '../../wire/controlRecords';
import { ErrorCode } from '../../wire/errors';
import { setPartitionLeaderEpoch } from '../../wire/records';
import type { BrokerConfig } from '../config';
import type { OffsetCommitEntry, OffsetStore } from '../groups/OffsetStore';
import type { ProducerIdManager } from '../producers/ProducerIdManager';
import { DiskVolume } from '../storage/DiskVolume';
import type { RecordJournal } from '../storage/Journal';
import type { StateVolume } from '../storage/StateVolume';
import type { Partition, TopicRegistry } from '../topics/TopicRegistry';
import { AbortedTxn, PartitionTxnIndex } from './PartitionTxnIndex';
import {
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  OFFSETS_TOPIC,
  TopicPartitionRef,
  TransactionMetadata,
  TxnState,
  cloneMetadata,
  isEpochExhausted,
  newTransactionMetadata,
  offsetsPartitionFor,
  partitionKey,
  transition,
} from './TransactionMetadata';
import { PendingOffset, TxnRecord, decodeTxnRecord, encodeTxnRecord } from './txnRecords';

export interface TransactionDeps {
  config: BrokerConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  producerIds: ProducerIdManager;
  logger: Logger;
  /** Where the journal lives; config.dataDir on disk by default. */
  volume?: StateVolume;
  /** For tests; Date.now by default. */
  clock?: () => number;
}

export interface ProducerIdAndEpoch {
  errorCode: ErrorCode;
  producerId: number;
  producerEpoch: number;
}

/** DescribeTransactions' view of one transactional id. */
export interface TransactionDescription {
  errorCode: ErrorCode;
  transactionalId: string;
  transactionState: string;
  transactionTimeoutMs: number;
  transactionStartTimeMs: number;
  producerId: number;
  producerEpoch: number;
  topics: { topic: string; partitions: number[] }[];
}

export interface TransactionListing {
  errorCode: ErrorCode;
  unknownStateFilters: string[];
  transactionStates: { transactionalId: string; producerId: number; transactionState: string }[];
}

export const TXN_STATE_DIR = '__transaction_state';
export const TXN_JOURNAL_NAME = 'transactions';
const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;
const SHORT_MAX = 32767;
/** The coordinator epoch written in markers: a single broker never changes coordinator. */
const COORDINATOR_EPOCH = 0;

const isPrepare = (s: TxnState) => s === TxnState.PrepareCommit || s === TxnState.PrepareAbort;

export class TransactionCoordinator {
  private readonly txns = new Map<string, TransactionMetadata>();
  /** producer id → transactional id, for Produce's hook. */
  private readonly byProducerId = new Map<number, string>();
  /** Partitions whose logs hold transactional batches, by topicId + partition. */
  private readonly txnPartitions = new Map<string, { topicId: string; topic: string; partition: number }>();
  private readonly indexes = new WeakMap<Partition, PartitionTxnIndex>();
  private readonly journal: RecordJournal<TxnRecord>;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | null = null;

  constructor(protected readonly deps: TransactionDeps) {
    this.clock = deps.clock ?? Date.now;
    this.journal = (deps.volume ?? new DiskVolume(deps.config.dataDir)).journal(
      TXN_STATE_DIR,
      TXN_JOURNAL_NAME,
      { encode: encodeTxnRecord, decode: decodeTxnRecord },
      { flushOnWrite: deps.config.log.flushOnAppend, compactAfterBytes: COMPACT_AFTER_BYTES },
      deps.logger,
    );
  }

  private get logger(): Logger {
    return this.deps.logger;
  }

  // ---- Loading and shutdown ------------------------------------------------------------------

  /** Restore transaction state (and finish or abort what was in flight) after a restart. */
  load(): void {
    const pending = new Map<string, { producerId: number; groupId: string; offsets: PendingOffset[] }[]>();
    this.journal.load((r) => {
      switch (r.type) {
        case 'metadata':
          this.setTxn(r.meta);
          if (r.meta.state !== TxnState.Ongoing && !isPrepare(r.meta.state)) pending.delete(r.meta.transactionalId);
          break;
        case 'remove':
          this.deleteTxn(r.transactionalId);
          pending.delete(r.transactionalId);
          break;
        case 'txnPartition':
          this.txnPartitions.set(`${r.topicId}:${r.partition}`, { topicId: r.topicId, topic: r.topic, partition: r.partition });
          break;
        case 'pendingOffsets': {
          const list = pending.get(r.transactionalId) ?? [];
          list.push({ producerId: r.producerId, groupId: r.groupId, offsets: r.offsets });
          pending.set(r.transactionalId, list);
          break;
        }
      }
    });

    // Pending offsets of transactions still open (or ending) go back to the offset store.
    for (const [transactionalId, list] of pending) {
      const meta = this.txns.get(transactionalId);
      for (const p of list) {
        if (meta && p.producerId === meta.producerId) this.deps.offsets.addPendingTxnOffsets(p.producerId, p.groupId, p.offsets);
      }
    }

    // Open and aborted transactions per partition, from the logs.
    for (const [key, tp] of this.txnPartitions) {
      const partition = this.deps.topics.partition(tp.topic, tp.partition);
      if (!partition || partition.topic.id !== tp.topicId) {
        this.txnPartitions.delete(key); // the topic is gone; the next snapshot forgets it
        continue;
      }
      const index = PartitionTxnIndex.rebuild(partition.log, (offset, err) =>
        this.logger.warn({ topic: tp.topic, partition: tp.partition, offset, err }, 'unreadable transaction marker'),
      );
      this.indexes.set(partition, index);
    }

    // A decision made before the crash is carried out now.
    for (const meta of this.txns.values()) if (isPrepare(meta.state)) this.tryComplete(meta);

    this.logger.debug({ transactionalIds: this.txns.size, partitions: this.txnPartitions.size }, 'loaded transaction state');
    this.maybeCompact();
    const interval = this.deps.config.transactions.abortTimedOutCheckIntervalMs;
    this.timer = setInterval(() => this.runPeriodicTasks(), interval);
    this.timer.unref();
  }

  /** Stop every timer (broker shutdown). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.journal.close();
  }

  // ---- InitProducerId ------------------------------------------------------------------------

  /**
   * InitProducerId for a transactional id: a new producer id or a bumped epoch for an existing
   * one, fencing older instances; an ongoing transaction of the old epoch is aborted first.
   * producerId/producerEpoch are the caller's current ones (v3+), or −1/−1.
   */
  initProducerId(transactionalId: string, transactionTimeoutMs: number, producerId: number, producerEpoch: number): ProducerIdAndEpoch {
    const fail = (errorCode: ErrorCode): ProducerIdAndEpoch => ({ errorCode, producerId: NO_PRODUCER_ID, producerEpoch: NO_PRODUCER_EPOCH });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (transactionTimeoutMs <= 0 || transactionTimeoutMs > this.deps.config.transactions.maxTimeoutMs) {
      return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    }
    if ((producerId === NO_PRODUCER_ID) !== (producerEpoch === NO_PRODUCER_EPOCH)) return fail(ErrorCode.INVALID_REQUEST);
    const expected = producerId === NO_PRODUCER_ID ? null : { producerId, producerEpoch };

    let meta = this.txns.get(transactionalId);
    if (!meta) {
      // As Kafka: cached at once (epoch −1), made durable by the transition below.
      meta = newTransactionMetadata(transactionalId, this.deps.producerIds.allocate(), transactionTimeoutMs, this.clock());
      this.setTxn(meta);
    }

    if (expected && !isValidProducerId(meta, expected)) return fail(ErrorCode.PRODUCER_FENCED);
    switch (meta.state) {
      case TxnState.PrepareCommit:
      case TxnState.PrepareAbort:
        return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
      case TxnState.Ongoing: {
        // Abort the old epoch's transaction with a bumped epoch (never returned to anyone); the
        // client retries and gets the epoch after that.
        if (meta.producerEpoch >= SHORT_MAX) return fail(ErrorCode.UNKNOWN_SERVER_ERROR); // Kafka: IllegalStateException
        const error = this.endTransaction(transactionalId, meta.producerId, meta.producerEpoch + 1, false, false);
        return fail(error === ErrorCode.NONE ? ErrorCode.CONCURRENT_TRANSACTIONS : error);
      }
      case TxnState.Empty:
      case TxnState.CompleteCommit:
      case TxnState.CompleteAbort: {
        const next = prepare(meta);
        if (isEpochExhausted(meta.producerEpoch) && (!expected || expected.producerEpoch === meta.producerEpoch)) {
          next.producerId = this.deps.producerIds.allocate();
          next.producerEpoch = 0;
          next.lastProducerEpoch = expected ? meta.producerEpoch : NO_PRODUCER_EPOCH;
        } else {
          const bumped = bumpEpoch(meta, expected?.producerEpoch ?? null);
          if (bumped === null) return fail(ErrorCode.PRODUCER_FENCED);
          next.producerEpoch = bumped.epoch;
          next.lastProducerEpoch = bumped.lastEpoch;
        }
        next.timeoutMs = transactionTimeoutMs;
        transition(next, TxnState.Empty, this.clock());
        const error = this.store(next);
        if (error !== ErrorCode.NONE) return fail(error);
        this.logger.info({ transactionalId, producerId: next.producerId, producerEpoch: next.producerEpoch }, 'initialized transactional id');
        return { errorCode: ErrorCode.NONE, producerId: next.producerId, producerEpoch: next.producerEpoch };
      }
      default:
        throw new Error(`transactional id ${transactionalId} is ${meta.state}, which it can never be here`);
    }
  }

  // ---- AddPartitionsToTxn, AddOffsetsToTxn ---------------------------------------------------

  /**
   * Add partitions (and groups' offsets) to the producer's transaction, starting it if needed.
   * The caller has checked that the partitions exist.
   */
  addToTransaction(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    partitions: readonly TopicPartitionRef[],
    groups: readonly string[] = [],
  ): ErrorCode {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (meta.producerEpoch !== producerEpoch) return ErrorCode.PRODUCER_FENCED;
    if (isPrepare(meta.state)) return ErrorCode.CONCURRENT_TRANSACTIONS;
    const known =
      partitions.every((p) => meta.partitions.has(partitionKey(p.topic, p.partition))) &&
      groups.every((g) => containsOffsetsPartitionOf(meta, g));
    if (meta.state === TxnState.Ongoing && known) return ErrorCode.NONE;

    const next = prepare(meta);
    for (const p of partitions) next.partitions.set(partitionKey(p.topic, p.partition), { topic: p.topic, partition: p.partition });
    for (const g of groups) next.groups.add(g);
    transition(next, TxnState.Ongoing, this.clock());
    return this.store(next, this.newTxnPartitionRecords(partitions));
  }

  /**
   * AddPartitionsToTxn v4+ with VerifyOnly: whether each partition is already in the producer's
   * open transaction (Kafka's handleVerifyPartitionsInTransaction): NONE, or TRANSACTION_ABORTABLE
   * (older requesters are told INVALID_TXN_STATE). A single code is an error for the whole
   * transaction.
   */
  verifyPartitions(transactionalId: string, producerId: number, producerEpoch: number, partitions: readonly TopicPartitionRef[]): ErrorCode | ErrorCode[] {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (meta.producerEpoch !== producerEpoch) return ErrorCode.PRODUCER_FENCED;
    if (isPrepare(meta.state)) return ErrorCode.CONCURRENT_TRANSACTIONS;
    return partitions.map((p) => (meta.partitions.has(partitionKey(p.topic, p.partition)) ? ErrorCode.NONE : ErrorCode.TRANSACTION_ABORTABLE));
  }

  // ---- TxnOffsetCommit -----------------------------------------------------------------------

  /**
   * Offsets committed inside a transaction: checked against the transaction (the producer must
   * own it and have added the group's offsets with AddOffsetsToTxn, as Kafka's transaction
   * verification checks), made durable in the journal, and held as pending by the offset store.
   * Without the group's offsets in an open transaction: TRANSACTION_ABORTABLE (INVALID_TXN_STATE
   * for clients before TxnOffsetCommit v4). Group membership is the caller's to check.
   */
  txnOffsetCommit(transactionalId: string, producerId: number, producerEpoch: number, groupId: string, entries: readonly OffsetCommitEntry[]): ErrorCode {
    const error = this.verifyTxnOffsetCommit(transactionalId, producerId, producerEpoch, groupId);
    if (error !== ErrorCode.NONE || entries.length === 0) return error;
    try {
      this.journal.append([{ type: 'pendingOffsets', transactionalId, producerId, groupId, offsets: [...entries] }]);
    } catch (err) {
      this.logger.error({ err, transactionalId, groupId }, 'could not write transactional offsets');
      return ErrorCode.NOT_COORDINATOR;
    }
    this.deps.offsets.addPendingTxnOffsets(producerId, groupId, entries);
    this.maybeCompact();
    return ErrorCode.NONE;
  }

  /** The transaction checks of txnOffsetCommit alone (TxnOffsetCommit checks them first). */
  verifyTxnOffsetCommit(transactionalId: string, producerId: number, producerEpoch: number, groupId: string): ErrorCode {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    // Kafka's verification answers a fenced producer with INVALID_PRODUCER_EPOCH here.
    if (meta.producerEpoch !== producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (isPrepare(meta.state)) return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (meta.state !== TxnState.Ongoing || !containsOffsetsPartitionOf(meta, groupId)) return ErrorCode.TRANSACTION_ABORTABLE;
    return ErrorCode.NONE;
  }

  // ---- EndTxn --------------------------------------------------------------------------------

  /**
   * Commit or abort the producer's transaction (Kafka's endTransaction). From a client the epoch
   * must be the current one; the coordinator itself aborts with a bumped epoch to fence.
   */
  endTransaction(transactionalId: string, producerId: number, producerEpoch: number, commit: boolean, fromClient = true): ErrorCode {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if ((fromClient && producerEpoch !== meta.producerEpoch) || producerEpoch < meta.producerEpoch) return ErrorCode.PRODUCER_FENCED;

    switch (meta.state) {
      case TxnState.Ongoing: {
        const next = prepare(meta);
        const now = this.clock();
        if (producerEpoch > meta.producerEpoch) {
          // Fencing: the bumped epoch is written with PrepareAbort and stamped on the markers.
          transition(next, TxnState.PrepareEpochFence, now);
          next.producerEpoch = producerEpoch;
          next.lastProducerEpoch = NO_PRODUCER_EPOCH;
        }
        transition(next, commit ? TxnState.PrepareCommit : TxnState.PrepareAbort, now);
        const error = this.store(next);
        if (error !== ErrorCode.NONE) return error;
        // Kafka answers once the decision is durable; the markers follow (here: at once).
        this.tryComplete(next);
        return ErrorCode.NONE;
      }
      case TxnState.CompleteCommit:
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case TxnState.CompleteAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case TxnState.PrepareCommit:
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case TxnState.PrepareAbort:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      case TxnState.Empty:
        return ErrorCode.INVALID_TXN_STATE;
      default:
        throw new Error(`transactional id ${transactionalId} is ${meta.state}, which it can never be here`);
    }
  }

  /**
   * Write the markers of a Prepare* transaction, settle its offsets and complete it. On failure
   * it stays in Prepare* (clients get CONCURRENT_TRANSACTIONS) and the timer tries again.
   */
  private tryComplete(meta: TransactionMetadata): void {
    const commit = meta.state === TxnState.PrepareCommit;
    try {
      for (const [key, tp] of meta.partitions) {
        const partition = this.deps.topics.partition(tp.topic, tp.partition);
        // A deleted partition needs no marker (Kafka drops markers for unknown partitions).
        if (partition && !partition.topic.deleted) this.writeMarker(partition, meta.producerId, meta.producerEpoch, commit);
        // As Kafka, a partition leaves the transaction once its marker is written (in memory).
        meta.partitions.delete(key);
      }
      this.deps.offsets.completeTxnOffsets(meta.producerId, commit);
    } catch (err) {
      this.logger.error({ err, transactionalId: meta.transactionalId }, 'could not write transaction markers; will retry');
      return;
    }
    const next = prepare(meta);
    transition(next, commit ? TxnState.CompleteCommit : TxnState.CompleteAbort, this.clock());
    if (this.store(next) === ErrorCode.NONE) {
      this.logger.debug({ transactionalId: meta.transactionalId, producerId: meta.producerId, commit }, 'completed transaction');
    }
  }

  private writeMarker(partition: Partition, producerId: number, producerEpoch: number, commit: boolean): void {
    const batch = buildControlBatch({ producerId, producerEpoch, commit, coordinatorEpoch: COORDINATOR_EPOCH, timestamp: this.clock() });
    setPartitionLeaderEpoch(batch, partition.leaderEpoch);
    const { baseOffset } = partition.append(batch);
    this.indexFor(partition).onMarker(producerId, commit, baseOffset);
    partition.notifyAppended();
  }

  // ---- Produce's hooks -----------------------------------------------------------------------

  /**
   * For Produce, before appending a transactional batch (Kafka's transaction verification,
   * KIP-890): the producer must own the transactional id and have added the partition to its
   * open transaction. As Kafka's AddPartitionsToTxnManager tells producers: a fenced epoch is
   * INVALID_PRODUCER_EPOCH, a partition outside the transaction TRANSACTION_ABORTABLE for Produce
   * v11+ (abortableErrors) and INVALID_TXN_STATE before.
   */
  verifyTransactionalProduce(
    transactionalId: string,
    partition: Partition,
    producerId: number,
    producerEpoch: number,
    abortableErrors = false,
  ): ErrorCode {
    const result = this.verifyPartitions(transactionalId, producerId, producerEpoch, [{ topic: partition.topic.name, partition: partition.index }]);
    const error = typeof result === 'number' ? result : result[0];
    if (error === ErrorCode.PRODUCER_FENCED) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (error === ErrorCode.TRANSACTION_ABORTABLE && !abortableErrors) return ErrorCode.INVALID_TXN_STATE;
    return error;
  }

  /**
   * Called by Produce after a transactional batch is appended, so the partition's last stable
   * offset stays below the open transaction until its marker is written.
   */
  onTransactionalAppend(partition: Partition, producerId: number, producerEpoch: number, baseOffset: number): void {
    this.indexFor(partition).onTransactionalBatch(producerId, baseOffset);
    const records = this.newTxnPartitionRecords([{ topic: partition.topic.name, partition: partition.index }]);
    const transactionalId = this.byProducerId.get(producerId);
    const meta = transactionalId === undefined ? undefined : this.txns.get(transactionalId);
    const key = partitionKey(partition.topic.name, partition.index);
    if (meta && meta.state === TxnState.Ongoing && meta.producerEpoch === producerEpoch && !meta.partitions.has(key)) {
      // Written without AddPartitionsToTxn: take the partition in, so its marker is written.
      this.logger.warn({ transactionalId: meta.transactionalId, topic: partition.topic.name, partition: partition.index }, 'transactional write to a partition not added to the transaction');
      const next = prepare(meta);
      next.partitions.set(key, { topic: partition.topic.name, partition: partition.index });
      transition(next, TxnState.Ongoing, this.clock());
      this.store(next, records);
    } else if (records.length > 0) {
      try {
        this.appendRecords(records);
      } catch (err) {
        // The batch is in the log already; only a restart before the next write would miss it.
        this.logger.error({ err, topic: partition.topic.name, partition: partition.index }, 'could not record a transactional partition');
      }
    }
    if (!meta || meta.state !== TxnState.Ongoing) {
      this.logger.warn({ producerId, topic: partition.topic.name, partition: partition.index }, 'transactional write outside an open transaction');
    }
  }

  // ---- Reads: last stable offset, aborted transactions ---------------------------------------

  /** After the partition's log start moved forward: aborted transactions wholly below it are gone. */
  forgetBelowLogStart(partition: Partition): void {
    this.indexes.get(partition)?.forgetBelow(partition.log.logStartOffset);
  }

  /**
   * The first offset of the earliest open transaction in the partition, or its high watermark;
   * never below the log start offset (as Kafka's firstUnstableOffset).
   */
  lastStableOffset(partition: Partition): number {
    const { logStartOffset, logEndOffset } = partition.log;
    const index = this.indexes.get(partition);
    return index ? Math.max(index.lastStableOffset(logEndOffset), logStartOffset) : logEndOffset;
  }

  /** Aborted transactions overlapping [fetchOffset, upperBoundOffset) (a read_committed Fetch). */
  abortedTransactions(partition: Partition, fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    return this.indexes.get(partition)?.abortedOverlapping(fetchOffset, upperBoundOffset) ?? [];
  }

  /** Open transactions in the partition: producer id → first offset. */
  openTransactions(partition: Partition): ReadonlyMap<number, number> {
    return this.indexes.get(partition)?.open ?? new Map();
  }

  // ---- DescribeTransactions, ListTransactions ------------------------------------------------

  describe(transactionalId: string): TransactionDescription {
    const described = transactionDescriptionOf(transactionalId, ErrorCode.NONE);
    if (transactionalId === '') return { ...described, errorCode: ErrorCode.INVALID_REQUEST };
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.state === TxnState.Dead) return { ...described, errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND };
    const byTopic = new Map<string, number[]>();
    const add = (topic: string, partition: number) => {
      const partitions = byTopic.get(topic) ?? [];
      if (!partitions.includes(partition)) partitions.push(partition);
      byTopic.set(topic, partitions);
    };
    for (const p of meta.partitions.values()) add(p.topic, p.partition);
    for (const g of meta.groups) add(OFFSETS_TOPIC, offsetsPartitionFor(g));
    return {
      ...described,
      transactionState: meta.state,
      transactionTimeoutMs: meta.timeoutMs,
      transactionStartTimeMs: meta.startTimestamp,
      producerId: meta.producerId,
      producerEpoch: meta.producerEpoch,
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    };
  }

  /** Kafka's listTransactionStates: empty filters match everything; durationMs < 0 is no filter. */
  list(stateFilters: readonly string[], producerIdFilters: readonly number[], durationMs = -1): TransactionListing {
    const known = Object.values(TxnState) as string[];
    const states = new Set(stateFilters.filter((s) => known.includes(s)));
    const unknownStateFilters = stateFilters.filter((s) => !known.includes(s));
    const producerIds = new Set(producerIdFilters);
    const now = this.clock();
    const transactionStates = [...this.txns.values()]
      .filter(
        (m) =>
          m.state !== TxnState.Dead &&
          (producerIds.size === 0 || producerIds.has(m.producerId)) &&
          (stateFilters.length === 0 || states.has(m.state)) &&
          !(durationMs >= 0 && now - m.startTimestamp <= durationMs),
      )
      .map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, transactionState: m.state as string }));
    return { errorCode: ErrorCode.NONE, unknownStateFilters, transactionStates };
  }

  // ---- The timer -----------------------------------------------------------------------------

  /** What the timer does: abort timed-out transactions, retry unfinished ones, expire idle ids. */
  runPeriodicTasks(): void {
    try {
      this.abortTimedOutTransactions();
      for (const meta of [...this.txns.values()]) if (isPrepare(meta.state)) this.tryComplete(meta);
      this.removeExpiredTransactionalIds();
    } catch (err) {
      this.logger.error({ err }, 'transaction coordinator housekeeping failed');
    }
  }

  /** Kafka's abortTimedOutTransactions: fence the producer (epoch + 1) and abort. */
  abortTimedOutTransactions(now = this.clock()): void {
    for (const meta of [...this.txns.values()]) {
      if (meta.state !== TxnState.Ongoing || meta.startTimestamp + meta.timeoutMs >= now) continue;
      if (meta.producerEpoch >= SHORT_MAX) continue; // cannot bump; Kafka refuses too
      this.logger.info({ transactionalId: meta.transactionalId, producerId: meta.producerId }, 'aborting a timed-out transaction');
      const error = this.endTransaction(meta.transactionalId, meta.producerId, meta.producerEpoch + 1, false, false);
      if (error !== ErrorCode.NONE) this.logger.warn({ transactionalId: meta.transactionalId, error: ErrorCode[error] }, 'could not abort a timed-out transaction');
    }
  }

  /** Kafka's transactional.id.expiration.ms: ids without an open transaction, idle that long. */
  removeExpiredTransactionalIds(now = this.clock()): void {
    const expiration = this.deps.config.transactions.idExpirationMs;
    for (const meta of [...this.txns.values()]) {
      const idle = meta.state === TxnState.Empty || meta.state === TxnState.CompleteCommit || meta.state === TxnState.CompleteAbort;
      if (!idle || meta.lastUpdateTimestamp + expiration > now) continue;
      try {
        this.appendRecords([{ type: 'remove', transactionalId: meta.transactionalId }]);
        this.deleteTxn(meta.transactionalId);
      } catch (err) {
        this.logger.warn({ err, transactionalId: meta.transactionalId }, 'could not expire a transactional id');
      }
    }
  }

  // ---- State storage -------------------------------------------------------------------------

  private indexFor(partition: Partition): PartitionTxnIndex {
    let index = this.indexes.get(partition);
    if (!index) this.indexes.set(partition, (index = new PartitionTxnIndex()));
    return index;
  }

  /** Records for partitions not yet known to hold transactional batches (applied by appendRecords). */
  private newTxnPartitionRecords(partitions: readonly TopicPartitionRef[]): TxnRecord[] {
    const records: TxnRecord[] = [];
    for (const p of partitions) {
      const topic = this.deps.topics.get(p.topic);
      if (!topic || this.txnPartitions.has(`${topic.id}:${p.partition}`)) continue;
      records.push({ type: 'txnPartition', topicId: topic.id, topic: p.topic, partition: p.partition });
    }
    return records;
  }

  /** Journal records; txnPartition ones are applied here, the caller applies the rest. */
  private appendRecords(records: TxnRecord[]): void {
    this.journal.append(records);
    for (const r of records) {
      if (r.type === 'txnPartition') this.txnPartitions.set(`${r.topicId}:${r.partition}`, { topicId: r.topicId, topic: r.topic, partition: r.partition });
    }
    this.maybeCompact();
  }

  /** Make a new state of a transactional id durable, then current. Kafka's errors on failure. */
  private store(meta: TransactionMetadata, extra: TxnRecord[] = []): ErrorCode {
    try {
      this.appendRecords([{ type: 'metadata', meta }, ...extra]);
    } catch (err) {
      this.logger.error({ err, transactionalId: meta.transactionalId }, 'could not write transaction state');
      // Kafka answers a failed write to the transaction log (KAFKA_STORAGE_ERROR) with NOT_COORDINATOR.
      return ErrorCode.NOT_COORDINATOR;
    }
    this.setTxn(meta);
    return ErrorCode.NONE;
  }

  private setTxn(meta: TransactionMetadata): void {
    const previous = this.txns.get(meta.transactionalId);
    if (previous && previous.producerId !== meta.producerId) this.byProducerId.delete(previous.producerId);
    this.txns.set(meta.transactionalId, meta);
    this.byProducerId.set(meta.producerId, meta.transactionalId);
  }

  private deleteTxn(transactionalId: string): void {
    const meta = this.txns.get(transactionalId);
    if (meta && this.byProducerId.get(meta.producerId) === transactionalId) this.byProducerId.delete(meta.producerId);
    this.txns.delete(transactionalId);
  }

  private maybeCompact(): void {
    if (this.journal.wantsCompaction) this.compact();
  }

  /** Replace the journal with a snapshot of the current state. */
  compact(): void {
    const records: TxnRecord[] = [];
    for (const tp of this.txnPartitions.values()) {
      const topic = this.deps.topics.get(tp.topic);
      if (topic && topic.id === tp.topicId) records.push({ type: 'txnPartition', ...tp });
    }
    for (const meta of this.txns.values()) {
      if (meta.producerEpoch === NO_PRODUCER_EPOCH && meta.state === TxnState.Empty) continue; // never initialized
      records.push({ type: 'metadata', meta });
      if (meta.state !== TxnState.Ongoing && !isPrepare(meta.state)) continue;
      for (const { groupId, entries } of this.deps.offsets.pendingTxnOffsets(meta.producerId)) {
        records.push({ type: 'pendingOffsets', transactionalId: meta.transactionalId, producerId: meta.producerId, groupId, offsets: entries });
      }
    }
    try {
      this.journal.compact(records);
    } catch (err) {
      this.logger.warn({ err }, 'could not compact the transaction journal');
    }
  }
}

/** A copy to change; lastProducerId follows the current id, as Kafka's prepareTransitionTo sets it. */
function prepare(meta: TransactionMetadata): TransactionMetadata {
  const next = cloneMetadata(meta);
  next.lastProducerId = meta.producerId;
  return next;
}

/**
 * Kafka's isValidProducerId for InitProducerId with an expected id and epoch: a fresh id, the
 * current id, or the previous id with an exhausted epoch (a retry after a rotation).
 */
function isValidProducerId(meta: TransactionMetadata, expected: { producerId: number; producerEpoch: number }): boolean {
  return (
    meta.producerEpoch === NO_PRODUCER_EPOCH ||
    expected.producerId === meta.producerId ||
    (expected.producerId === meta.lastProducerId && isEpochExhausted(expected.producerEpoch))
  );
}

/** Kafka's prepareIncrementProducerEpoch; null when the expected epoch is fenced. */
function bumpEpoch(meta: TransactionMetadata, expectedEpoch: number | null): { epoch: number; lastEpoch: number } | null {
  const bumped = meta.producerEpoch + 1;
  if (expectedEpoch === null) return { epoch: bumped, lastEpoch: NO_PRODUCER_EPOCH };
  if (meta.producerEpoch === NO_PRODUCER_EPOCH || expectedEpoch === meta.producerEpoch) return { epoch: bumped, lastEpoch: meta.producerEpoch };
  // A retry of a bump whose answer was lost: the same answer again.
  if (expectedEpoch === meta.lastProducerEpoch) return { epoch: meta.producerEpoch, lastEpoch: meta.lastProducerEpoch };
  return null;
}

/** Kafka adds the group's __consumer_offsets partition; groups sharing one are covered alike. */
function containsOffsetsPartitionOf(meta: TransactionMetadata, groupId: string): boolean {
  if (meta.groups.has(groupId)) return true;
  const partition = offsetsPartitionFor(groupId);
  for (const g of meta.groups) if (offsetsPartitionFor(g) === partition) return true;
  return false;
}

/** A DescribeTransactions entry with only the id and the error, every other field at Kafka's default. */
export function transactionDescriptionOf(transactionalId: string, errorCode: ErrorCode): TransactionDescription {
  return {
    errorCode,
    transactionalId,
    transactionState: '',
    transactionTimeoutMs: 0,
    transactionStartTimeMs: -1,
    producerId: -1,
    producerEpoch: -1,
    topics: [],
  };
}
