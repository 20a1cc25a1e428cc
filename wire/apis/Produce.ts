/**
 * Produce (key 0), versions 0-11, flexible from 9.
 *
 * acks: 0 = no response at all, 1 = leader only, -1 = full ISR. v3 adds TransactionalId and
 * RecordBatch v2. v8 adds RecordErrors/ErrorMessage to the response. v10 adds the tagged
 * CurrentLeader / NodeEndpoints (KIP-951). v11 allows TRANSACTION_ABORTABLE (KIP-890).
 * Records are an opaque RecordBatch blob (see records.ts).
 */
import { api, arrayOf, field, message, struct } from '../schema';

export interface PartitionProduceData {
  index: number;
  /** Nullable. */
  records: Buffer | null;
}

export interface TopicProduceData {
  name: string;
  partitionData: PartitionProduceData[];
}

export interface ProduceRequest {
  /** v3+, null if the producer is not transactional. */
  transactionalId: string | null;
  /** 0 = no acknowledgment (and no response), 1 = leader only, -1 = full ISR. */
  acks: number;
  timeoutMs: number;
  topicData: TopicProduceData[];
}

export interface BatchIndexAndErrorMessage {
  batchIndex: number;
  /** Nullable, default null. */
  batchIndexErrorMessage: string | null;
}

export interface ProduceLeaderIdAndEpoch {
  /** -1 if unknown. */
  leaderId: number;
  /** -1 if unknown. */
  leaderEpoch: number;
}

export interface PartitionProduceResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  /** v2+. -1 for CreateTime topics; broker append time for LogAppendTime topics. */
  logAppendTimeMs: number;
  /** v5+, default -1. */
  logStartOffset: number;
  /** v8+. Batch indices of records that caused the batch to be dropped. */
  recordErrors: BatchIndexAndErrorMessage[];
  /** v8+, nullable, default null. */
  errorMessage: string | null;
  /** v10+, tagged 0. Default {-1, -1}. */
  currentLeader: ProduceLeaderIdAndEpoch;
}

export interface TopicProduceResponse {
  name: string;
  partitionResponses: PartitionProduceResponse[];
}

export interface ProduceNodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  /** Nullable, default null. */
  rack: string | null;
}

export interface ProduceResponse {
  responses: TopicProduceResponse[];
  /** v1+. */
  throttleTimeMs: number;
  /** v10+, tagged 0. Leaders for partitions answered with NOT_LEADER_OR_FOLLOWER. */
  nodeEndpoints: ProduceNodeEndpoint[];
}

export const Produce = api(
  message('request', 'ProduceRequest', 0, '0-11', '9+', [
    field('transactionalId', 'string', '3+', { nullable: '3+', default: null }),
    field('acks', 'int16', '0+'),
    field('timeoutMs', 'int32', '0+'),
    field(
      'topicData',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitionData',
          arrayOf([
            field('index', 'int32', '0+'),
            field('records', 'records', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'ProduceResponse', 0, '0-11', '9+', [
    field(
      'responses',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitionResponses',
          arrayOf([
            field('index', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('baseOffset', 'int64', '0+'),
            field('logAppendTimeMs', 'int64', '2+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field(
              'recordErrors',
              arrayOf([
                field('batchIndex', 'int32', '8+'),
                field('batchIndexErrorMessage', 'string', '8+', { nullable: '8+', default: null }),
              ]),
              '8+',
            ),
            field('errorMessage', 'string', '8+', { nullable: '8+', default: null }),
            field(
              'currentLeader',
              struct([
                field('leaderId', 'int32', '10+', { default: -1 }),
                field('leaderEpoch', 'int32', '10+', { default: -1 }),
              ]),
              '10+',
              { tag: 0, taggedVersions: '10+' },
            ),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('throttleTimeMs', 'int32', '1+', { default: 0 }),
    field(
      'nodeEndpoints',
      arrayOf([
        field('nodeId', 'int32', '10+'),
        field('host', 'string', '10+'),
        field('port', 'int32', '10+'),
        field('rack', 'string', '10+', { nullable: '10+', default: null }),
      ]),
      '10+',
      { tag: 0, taggedVersions: '10+' },
    ),
  ]),
);
