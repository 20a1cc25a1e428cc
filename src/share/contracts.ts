/**
 * What the share-group parts agree on (KIP-932): the membership side (ShareGroupCoordinator,
 * share sessions, the ShareFetch / ShareAcknowledge handlers) asks the share-partition side
 * (SharePartitionManager and its SharePartitions) to acquire and acknowledge records. Kafka splits
 * them the same way: GroupCoordinator for membership, SharePartitionManager in the broker for the
 * in-flight records, and the share coordinator for their durable state.
 */
import type { ErrorCode } from '../../wire/errors';

/** Kafka's RecordState ids (as persisted in its share-group state, and reported by the console). */
export enum RecordState {
  Available = 0,
  Acquired = 1,
  Acknowledged = 2,
  Archived = 4,
}

/** ShareFetch / ShareAcknowledge acknowledgement types. */
export enum AcknowledgeType {
  /** An offset with no record (compacted away, or a control record): nothing to acknowledge. */
  Gap = 0,
  Accept = 1,
  /** Make it available again; its delivery count stays. */
  Release = 2,
  /** Archive it: never delivered again. */
  Reject = 3,
}

/** One acknowledgement range, as ShareFetch and ShareAcknowledge carry it. */
export interface AcknowledgementBatch {
  firstOffset: number;
  /** Inclusive. */
  lastOffset: number;
  /** One type for the whole range, or one per offset. */
  acknowledgeTypes: number[];
}

/** A range of records acquired by one member, as ShareFetch answers it. */
export interface AcquiredRange {
  firstOffset: number;
  /** Inclusive. */
  lastOffset: number;
  deliveryCount: number;
}

/** share.auto.offset.reset: where a share-partition starts when the group first reads it. */
export type ShareAutoOffsetReset = { kind: 'latest' } | { kind: 'earliest' } | { kind: 'by_duration'; durationMs: number };

/** A share group's effective settings: broker defaults overridden by group configs. */
export interface ShareGroupSettings {
  autoOffsetReset: ShareAutoOffsetReset;
  /** share.record.lock.duration.ms */
  recordLockDurationMs: number;
  /** share.delivery.count.limit */
  deliveryCountLimit: number;
  /** group.share.partition.max.record.locks (broker-wide) */
  partitionMaxRecordLocks: number;
  /** share.isolation.level */
  isolationLevel: 'read_uncommitted' | 'read_committed';
  /** share.session.timeout.ms */
  sessionTimeoutMs: number;
  /** share.heartbeat.interval.ms */
  heartbeatIntervalMs: number;
}

/** What one ShareFetch got from one partition. */
export interface Acquisition {
  /** Ranges now acquired by the member, in offset order; empty when nothing was available. */
  acquired: AcquiredRange[];
  /** The stored batches that hold those records, unchanged (a batch may hold records not acquired). */
  batches: Buffer[];
}

/** A share-partition's state for describe APIs, the CLI and the console. */
export interface SharePartitionSummary {
  groupId: string;
  topic: string;
  partition: number;
  /** Kafka's share-partition start offset (SPSO): every offset below it is done. −1: not initialized yet. */
  startOffset: number;
  /** Kafka's end offset (SPEO): the next offset not yet fetched into the in-flight set. */
  endOffset: number;
  /** Records between start and end offset, per state. */
  available: number;
  acquired: number;
  acknowledged: number;
  archived: number;
  /** Highest delivery count among in-flight records (0 when none). */
  maxDeliveryCount: number;
  /** Records in the log not yet fetched by the group: log end (or LSO) − end offset. */
  lag: number;
}

/** One share-partition: the in-flight records of one share group on one topic-partition. */
export interface SharePartitionHandle {
  /**
   * Acquire up to maxRecords available records (reading at most about maxBytes of log) for the
   * member, locked for recordLockDurationMs; their delivery count goes up by one. Records past the
   * delivery count limit are archived instead. Nothing is acquired while the partition already
   * holds partitionMaxRecordLocks acquired records.
   */
  acquire(memberId: string, maxRecords: number, maxBytes: number): Acquisition;
  /**
   * Apply a member's acknowledgements. Durable before it returns. INVALID_RECORD_STATE if any
   * offset in the batches is not acquired by this member (nothing of that batch is applied),
   * INVALID_REQUEST for a malformed batch.
   */
  acknowledge(memberId: string, batches: AcknowledgementBatch[]): ErrorCode;
  /** The member's session ended or it left: its acquired records become available now. */
  releaseMember(memberId: string): void;
  summary(): SharePartitionSummary;
}

/** DescribeShareGroupOffsets: where an initialized share-partition stands. */
export interface ShareStartOffset {
  topic: string;
  topicId: string;
  partition: number;
  startOffset: number;
  /** Records not yet consumed: unfetched up to the high watermark (or LSO), plus available and acquired ones (KIP-1226). */
  lag: number;
}

/** Everything the membership side and the share admin APIs need from the share-partition side. */
export interface SharePartitionDirectory {
  /** The share-partition, created (and its start offset initialized) on first use; undefined if the topic-partition does not exist. */
  get(groupId: string, topic: string, partition: number): SharePartitionHandle | undefined;
  /** Called (with no arguments) whenever records may have become available: new data, release, lock expiry. Returns an unsubscribe. */
  onAvailable(groupId: string, topic: string, partition: number, listener: () => void): () => void;
  /** Every member of the group released everywhere (member left or was fenced). */
  releaseMember(groupId: string, memberId: string): void;
  /** Groups that have share state (some share-partition was initialized), members or not. */
  groupIds(): string[];
  hasState(groupId: string): boolean;
  /** Every initialized share-partition of the group. */
  summaries(groupId: string): SharePartitionSummary[];
  startOffsets(groupId: string): ShareStartOffset[];
  /** AlterShareGroupOffsets: start over at `offset` with nothing in flight (the caller checks the group is empty). */
  alterStartOffset(groupId: string, topic: string, partition: number, offset: number): ErrorCode;
  /** DeleteShareGroupOffsets: a topic's (or one partition's) state. */
  deleteState(groupId: string, topic: string, partition?: number): void;
  /** DeleteGroups: all of the group's state. */
  deleteGroup(groupId: string): void;
}

export type { ErrorCode };
