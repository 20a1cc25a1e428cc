/**
 * ShareFetch (key 78), versions 0-1, flexible in all versions. Share groups (KIP-932).
 *
 * A share consumer's fetch: it opens a share session (ShareSessionEpoch 0), fetches records that the
 * broker acquires for it (AcquiredRecords ranges with their delivery counts, batches returned as
 * stored), acknowledges earlier deliveries in the same request (AcknowledgementBatches, types
 * 0 gap / 1 accept / 2 release / 3 reject, one type for the whole range or one per offset), and
 * closes the session (epoch -1). Topics are named by id only.
 *
 * Where the layouts come from:
 * - v0 (Kafka 4.0 early access): /work/shared/kafka-protocol/ShareFetch{Request,Response}.json.
 * - v1 (Kafka 4.1+, what librdkafka 2.15 sends): the request from librdkafka's
 *   rd_kafka_ShareFetchRequest (rdkafka_fetcher.c) and rd_kafka_mock_handle_ShareFetch
 *   (rdkafka_mock_handlers.c): adds MaxRecords and BatchSize after MaxBytes and drops
 *   PartitionMaxBytes (v0 only). The response from rd_kafka_mock_handle_ShareFetch and librdkafka's
 *   parser rd_kafka_share_fetch_reply_handle (rdkafka_fetcher.c): adds AcquisitionLockTimeoutMs
 *   after ErrorMessage. The shared JSON predates v1; librdkafka's bytes win.
 */
import { api, arrayOf, field, message, struct } from '../schema';

export interface ShareAcknowledgementBatch {
  firstOffset: number;
  /** Inclusive. */
  lastOffset: number;
  /** One type for the whole range, or one per offset: 0 gap, 1 accept, 2 release, 3 reject. */
  acknowledgeTypes: number[];
}

export interface ShareFetchPartition {
  partitionIndex: number;
  /** v0 only; default 0. */
  partitionMaxBytes: number;
  acknowledgementBatches: ShareAcknowledgementBatch[];
}

export interface ShareFetchTopic {
  topicId: string;
  partitions: ShareFetchPartition[];
}

export interface ShareForgottenTopic {
  topicId: string;
  partitions: number[];
}

export interface ShareFetchRequest {
  /** Nullable, default null. */
  groupId: string | null;
  /** Nullable. */
  memberId: string | null;
  /** 0 opens a share session, -1 closes it, otherwise increments per request. */
  shareSessionEpoch: number;
  maxWaitMs: number;
  minBytes: number;
  /** Default 0x7fffffff. */
  maxBytes: number;
  /** v1+: the maximum number of records to acquire. */
  maxRecords: number;
  /** v1+: the optimal number of records per acquired batch. */
  batchSize: number;
  topics: ShareFetchTopic[];
  /** Partitions to remove from the share session. */
  forgottenTopicsData: ShareForgottenTopic[];
}

export interface ShareLeaderIdAndEpoch {
  /** -1 if unknown. */
  leaderId: number;
  leaderEpoch: number;
}

export interface ShareAcquiredRecords {
  firstOffset: number;
  /** Inclusive. */
  lastOffset: number;
  deliveryCount: number;
}

export interface ShareFetchPartitionData {
  partitionIndex: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  acknowledgeErrorCode: number;
  /** Nullable, default null. */
  acknowledgeErrorMessage: string | null;
  currentLeader: ShareLeaderIdAndEpoch;
  /** Nullable: stored batches, one Buffer or a list of Buffers written by reference. */
  records: Buffer | Buffer[] | null;
  acquiredRecords: ShareAcquiredRecords[];
}

export interface ShareFetchTopicResponse {
  topicId: string;
  partitions: ShareFetchPartitionData[];
}

export interface ShareNodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  /** Nullable, default null. */
  rack: string | null;
}

export interface ShareFetchResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  /** v1+: how long acquired records stay locked to this member. */
  acquisitionLockTimeoutMs: number;
  responses: ShareFetchTopicResponse[];
  /** Leaders of partitions answered NOT_LEADER_OR_FOLLOWER. */
  nodeEndpoints: ShareNodeEndpoint[];
}

/** Shared with ShareAcknowledge, which carries the same acknowledgement batches. */
export const acknowledgementBatchFields = [
  field('firstOffset', 'int64', '0+'),
  field('lastOffset', 'int64', '0+'),
  field('acknowledgeTypes', arrayOf('int8'), '0+'),
];

export const currentLeaderType = struct([field('leaderId', 'int32', '0+'), field('leaderEpoch', 'int32', '0+')]);

export const nodeEndpointFields = [
  field('nodeId', 'int32', '0+'),
  field('host', 'string', '0+'),
  field('port', 'int32', '0+'),
  field('rack', 'string', '0+', { nullable: '0+', default: null }),
];

export const ShareFetch = api(
  message('request', 'ShareFetchRequest', 78, '0-1', '0+', [
    field('groupId', 'string', '0+', { nullable: '0+', default: null }),
    field('memberId', 'string', '0+', { nullable: '0+' }),
    field('shareSessionEpoch', 'int32', '0+'),
    field('maxWaitMs', 'int32', '0+'),
    field('minBytes', 'int32', '0+'),
    field('maxBytes', 'int32', '0+', { default: 0x7fffffff }),
    field('maxRecords', 'int32', '1+'),
    field('batchSize', 'int32', '1+'),
    field(
      'topics',
      arrayOf([
        field('topicId', 'uuid', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('partitionMaxBytes', 'int32', '0'),
            field('acknowledgementBatches', arrayOf(acknowledgementBatchFields), '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field(
      'forgottenTopicsData',
      arrayOf([field('topicId', 'uuid', '0+'), field('partitions', arrayOf('int32'), '0+')]),
      '0+',
    ),
  ]),
  message('response', 'ShareFetchResponse', 78, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('acquisitionLockTimeoutMs', 'int32', '1+'),
    field(
      'responses',
      arrayOf([
        field('topicId', 'uuid', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
            field('acknowledgeErrorCode', 'int16', '0+'),
            field('acknowledgeErrorMessage', 'string', '0+', { nullable: '0+', default: null }),
            field('currentLeader', currentLeaderType, '0+'),
            field('records', 'records', '0+', { nullable: '0+' }),
            field(
              'acquiredRecords',
              arrayOf([
                field('firstOffset', 'int64', '0+'),
                field('lastOffset', 'int64', '0+'),
                field('deliveryCount', 'int16', '0+'),
              ]),
              '0+',
            ),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('nodeEndpoints', arrayOf(nodeEndpointFields), '0+'),
  ]),
);
