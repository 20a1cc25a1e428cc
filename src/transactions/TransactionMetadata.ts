/**
 * The state of one transactional id, as Kafka's TransactionMetadata keeps it, and its state
 * machine (Kafka's TransactionState and each state's valid previous states):
 *
 *   Empty ──AddPartitions──▶ Ongoing ──EndTxn──▶ PrepareCommit ──markers──▶ CompleteCommit
 *                             │    │                                            │
 *                             │    └──EndTxn(abort)──▶ PrepareAbort ──▶ CompleteAbort
 *                             └──InitProducerId / timeout──▶ PrepareEpochFence ──▶ PrepareAbort
 *   CompleteCommit, CompleteAbort ──AddPartitions──▶ Ongoing;  ──InitProducerId──▶ Empty
 *   Empty, CompleteCommit, CompleteAbort ──expiration──▶ Dead (then forgotten)
 */

export enum TxnState {
  Empty = 'Empty',
  Ongoing = 'Ongoing',
  PrepareCommit = 'PrepareCommit',
  PrepareAbort = 'PrepareAbort',
  CompleteCommit = 'CompleteCommit',
  CompleteAbort = 'CompleteAbort',
  Dead = 'Dead',
  PrepareEpochFence = 'PrepareEpochFence',
}

/** Kafka's TransactionState ids, used in the journal. */
export const TXN_STATE_IDS: Record<TxnState, number> = {
  [TxnState.Empty]: 0,
  [TxnState.Ongoing]: 1,
  [TxnState.PrepareCommit]: 2,
  [TxnState.PrepareAbort]: 3,
  [TxnState.CompleteCommit]: 4,
  [TxnState.CompleteAbort]: 5,
  [TxnState.Dead]: 6,
  [TxnState.PrepareEpochFence]: 7,
};

export function txnStateFromId(id: number): TxnState {
  const state = (Object.keys(TXN_STATE_IDS) as TxnState[]).find((s) => TXN_STATE_IDS[s] === id);
  if (state === undefined) throw new Error(`unknown transaction state id ${id}`);
  return state;
}

/** The states each state may be entered from. */
const VALID_PREVIOUS: Record<TxnState, readonly TxnState[]> = {
  [TxnState.Empty]: [TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.Ongoing]: [TxnState.Ongoing, TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.PrepareCommit]: [TxnState.Ongoing],
  [TxnState.PrepareAbort]: [TxnState.Ongoing, TxnState.PrepareEpochFence],
  [TxnState.CompleteCommit]: [TxnState.PrepareCommit],
  [TxnState.CompleteAbort]: [TxnState.PrepareAbort],
  [TxnState.Dead]: [TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.PrepareEpochFence]: [TxnState.Ongoing],
};

export function canTransition(from: TxnState, to: TxnState): boolean {
  return VALID_PREVIOUS[to].includes(from);
}

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
const SHORT_MAX = 32767;

/** Kafka rotates to a new producer id rather than use the last two epochs. */
export function isEpochExhausted(epoch: number): boolean {
  return epoch >= SHORT_MAX - 1;
}

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export interface TransactionMetadata {
  readonly transactionalId: string;
  producerId: number;
  /** The producer id before the last rotation (Kafka's lastProducerId); −1 if none. */
  lastProducerId: number;
  producerEpoch: number;
  /** The epoch before the last bump, so a retried InitProducerId gets the same answer; −1 if none. */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** Partitions in the current transaction, by partitionKey. */
  partitions: Map<string, TopicPartitionRef>;
  /** Groups whose offsets are in the current transaction (AddOffsetsToTxn). */
  groups: Set<string>;
  /** When the current transaction started (first AddPartitions/AddOffsets); −1 if none. */
  startTimestamp: number;
  lastUpdateTimestamp: number;
}

export function newTransactionMetadata(transactionalId: string, producerId: number, timeoutMs: number, now: number): TransactionMetadata {
  return {
    transactionalId,
    producerId,
    lastProducerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    lastProducerEpoch: NO_PRODUCER_EPOCH,
    timeoutMs,
    state: TxnState.Empty,
    partitions: new Map(),
    groups: new Set(),
    startTimestamp: -1,
    lastUpdateTimestamp: now,
  };
}

/** Move to `to`, or throw if the state machine does not allow it (a bug, as in Kafka). */
export function transition(meta: TransactionMetadata, to: TxnState, now: number): void {
  if (!canTransition(meta.state, to)) {
    throw new Error(`transactional id ${meta.transactionalId}: illegal transition ${meta.state} -> ${to}`);
  }
  // Kafka keeps the start time of a completed transaction; a new producer epoch (Empty) clears it.
  if (to === TxnState.Ongoing && meta.state !== TxnState.Ongoing) meta.startTimestamp = now;
  if (to === TxnState.Empty) meta.startTimestamp = -1;
  if (to === TxnState.Empty || to === TxnState.CompleteCommit || to === TxnState.CompleteAbort) {
    meta.partitions = new Map();
    meta.groups = new Set();
  }
  meta.state = to;
  meta.lastUpdateTimestamp = now;
}

/** A copy to keep or to write (the maps are copied too). */
export function cloneMetadata(meta: TransactionMetadata): TransactionMetadata {
  return { ...meta, partitions: new Map(meta.partitions), groups: new Set(meta.groups) };
}

/**
 * The __consumer_offsets partition Kafka would use for a group (Utils.abs(groupId.hashCode) % 50),
 * so DescribeTransactions shows what Kafka shows after AddOffsetsToTxn.
 */
export const OFFSETS_TOPIC = '__consumer_offsets';
export const OFFSETS_TOPIC_PARTITIONS = 50;
export function offsetsPartitionFor(groupId: string): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  const abs = hash === -2147483648 ? 0 : Math.abs(hash);
  return abs % OFFSETS_TOPIC_PARTITIONS;
}
