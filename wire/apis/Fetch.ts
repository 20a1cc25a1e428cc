/**
 * Fetch (key 1), versions 0-17, flexible from 12.
 *
 * v3 adds MaxBytes (partitions are processed in request order). v4 adds IsolationLevel and
 * RecordBatch v2. v7 adds fetch sessions (SessionId/SessionEpoch, ForgottenTopicsData).
 * v12 adds LastFetchedEpoch and the tagged ClusterId / DivergingEpoch / CurrentLeader / SnapshotId.
 * v13 replaces topic names with topic ids (UNKNOWN_TOPIC_ID). v15 moves ReplicaId into the tagged
 * ReplicaState. v16 adds NodeEndpoints. v17 adds ReplicaDirectoryId.
 * KIP-74: the first batch is returned even if it is larger than maxBytes / partitionMaxBytes.
 */
import { api, arrayOf, field, message, struct } from '../schema';

export interface FetchReplicaState {
  /** -1 for consumers. */
  replicaId: number;
  /** -1 if not available. */
  replicaEpoch: number;
}

export interface FetchPartition {
  partition: number;
  /** v9+, default -1 (no fencing). */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** v12+, -1 if none. */
  lastFetchedEpoch: number;
  /** v5+, followers only; default -1. */
  logStartOffset: number;
  partitionMaxBytes: number;
  /** v17+, tagged 0. */
  replicaDirectoryId: string;
}

export interface FetchTopic {
  /** v0-12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: FetchPartition[];
}

export interface ForgottenTopic {
  /** v7-12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: number[];
}

export interface FetchRequest {
  /** v12+, tagged 0, nullable, default null. */
  clusterId: string | null;
  /** v0-14: -1 for consumers (broker id for followers). */
  replicaId: number;
  /** v15+, tagged 1. Default {-1, -1}. */
  replicaState: FetchReplicaState;
  maxWaitMs: number;
  minBytes: number;
  /** v3+, default 0x7fffffff. */
  maxBytes: number;
  /** v4+. 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED (only below the last stable offset). */
  isolationLevel: number;
  /** v7+, 0 = no session. */
  sessionId: number;
  /** v7+, default -1. */
  sessionEpoch: number;
  topics: FetchTopic[];
  /** v7+. Incremental fetch: partitions to remove from the session. */
  forgottenTopicsData: ForgottenTopic[];
  /** v11+. */
  rackId: string;
}

export interface FetchEpochEndOffset {
  epoch: number;
  endOffset: number;
}

export interface FetchLeaderIdAndEpoch {
  /** -1 if unknown. */
  leaderId: number;
  leaderEpoch: number;
}

export interface FetchSnapshotId {
  endOffset: number;
  epoch: number;
}

export interface FetchAbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface FetchPartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  /** v4+, default -1. */
  lastStableOffset: number;
  /** v5+, default -1. */
  logStartOffset: number;
  /** v12+, tagged 0. Default {-1, -1}. */
  divergingEpoch: FetchEpochEndOffset;
  /** v12+, tagged 1. Default {-1, -1}. */
  currentLeader: FetchLeaderIdAndEpoch;
  /** v12+, tagged 2. Default {-1, -1}. */
  snapshotId: FetchSnapshotId;
  /** v4+, nullable. */
  abortedTransactions: FetchAbortedTransaction[] | null;
  /** v11+, default -1. */
  preferredReadReplica: number;
  /** Nullable. Whole batches. */
  records: Buffer | null;
}

export interface FetchableTopicResponse {
  /** v0-12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: FetchPartitionData[];
}

export interface FetchNodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  /** Nullable, default null. */
  rack: string | null;
}

export interface FetchResponse {
  /** v1+. */
  throttleTimeMs: number;
  /** v7+, top-level error. */
  errorCode: number;
  /** v7+, 0 if not part of a fetch session. */
  sessionId: number;
  responses: FetchableTopicResponse[];
  /** v16+, tagged 0. */
  nodeEndpoints: FetchNodeEndpoint[];
}

export const Fetch = api(
  message('request', 'FetchRequest', 1, '0-17', '12+', [
    field('clusterId', 'string', '12+', { nullable: '12+', default: null, tag: 0, taggedVersions: '12+' }),
    field('replicaId', 'int32', '0-14', { default: -1 }),
    field(
      'replicaState',
      struct([
        field('replicaId', 'int32', '15+', { default: -1 }),
        field('replicaEpoch', 'int64', '15+', { default: -1 }),
      ]),
      '15+',
      { tag: 1, taggedVersions: '15+' },
    ),
    field('maxWaitMs', 'int32', '0+'),
    field('minBytes', 'int32', '0+'),
    field('maxBytes', 'int32', '3+', { default: 0x7fffffff }),
    field('isolationLevel', 'int8', '4+', { default: 0 }),
    field('sessionId', 'int32', '7+', { default: 0 }),
    field('sessionEpoch', 'int32', '7+', { default: -1 }),
    field(
      'topics',
      arrayOf([
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field(
          'partitions',
          arrayOf([
            field('partition', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '9+', { default: -1 }),
            field('fetchOffset', 'int64', '0+'),
            field('lastFetchedEpoch', 'int32', '12+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field('partitionMaxBytes', 'int32', '0+'),
            field('replicaDirectoryId', 'uuid', '17+', { tag: 0, taggedVersions: '17+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field(
      'forgottenTopicsData',
      arrayOf([
        field('topic', 'string', '7-12'),
        field('topicId', 'uuid', '13+'),
        field('partitions', arrayOf('int32'), '7+'),
      ]),
      '7+',
    ),
    field('rackId', 'string', '11+', { default: '' }),
  ]),
  message('response', 'FetchResponse', 1, '0-17', '12+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '7+'),
    field('sessionId', 'int32', '7+', { default: 0 }),
    field(
      'responses',
      arrayOf([
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('highWatermark', 'int64', '0+'),
            field('lastStableOffset', 'int64', '4+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field(
              'divergingEpoch',
              struct([
                field('epoch', 'int32', '12+', { default: -1 }),
                field('endOffset', 'int64', '12+', { default: -1 }),
              ]),
              '12+',
              { tag: 0, taggedVersions: '12+' },
            ),
            field(
              'currentLeader',
              struct([
                field('leaderId', 'int32', '12+', { default: -1 }),
                field('leaderEpoch', 'int32', '12+', { default: -1 }),
              ]),
              '12+',
              { tag: 1, taggedVersions: '12+' },
            ),
            field(
              'snapshotId',
              struct([
                // Kafka gives these "0+" inside a "12+" struct.
                field('endOffset', 'int64', '0+', { default: -1 }),
                field('epoch', 'int32', '0+', { default: -1 }),
              ]),
              '12+',
              { tag: 2, taggedVersions: '12+' },
            ),
            field(
              'abortedTransactions',
              arrayOf([
                field('producerId', 'int64', '4+'),
                field('firstOffset', 'int64', '4+'),
              ]),
              '4+',
              { nullable: '4+' },
            ),
            field('preferredReadReplica', 'int32', '11+', { default: -1 }),
            field('records', 'records', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field(
      'nodeEndpoints',
      arrayOf([
        field('nodeId', 'int32', '16+'),
        field('host', 'string', '16+'),
        field('port', 'int32', '16+'),
        field('rack', 'string', '16+', { nullable: '16+', default: null }),
      ]),
      '16+',
      { tag: 0, taggedVersions: '16+' },
    ),
  ]),
);
