/**
 * TxnOffsetCommit (key 28), versions 0-4, flexible from 3.
 *
 * Sent to the group coordinator after AddOffsetsToTxn: offsets committed as part of a transaction,
 * pending (OffsetFetch with RequireStable sees 88 UNSTABLE_OFFSET_COMMIT) until the transaction's
 * marker makes them visible or discards them. v2 adds CommittedLeaderEpoch. v3 adds the group
 * membership fields (GenerationId, MemberId, GroupInstanceId, KIP-447) so zombie members can be
 * fenced with ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID. v4 allows
 * TRANSACTION_ABORTABLE.
 */
import { api, arrayOf, field, message } from '../schema';

export interface TxnOffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v2+, default -1. */
  committedLeaderEpoch: number;
  /** Nullable. */
  committedMetadata: string | null;
}

export interface TxnOffsetCommitRequestTopic {
  name: string;
  partitions: TxnOffsetCommitRequestPartition[];
}

export interface TxnOffsetCommitRequest {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  /** v3+, default -1. */
  generationId: number;
  /** v3+, default "". */
  memberId: string;
  /** v3+, nullable, default null. */
  groupInstanceId: string | null;
  topics: TxnOffsetCommitRequestTopic[];
}

export interface TxnOffsetCommitResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface TxnOffsetCommitResponseTopic {
  name: string;
  partitions: TxnOffsetCommitResponsePartition[];
}

export interface TxnOffsetCommitResponse {
  throttleTimeMs: number;
  topics: TxnOffsetCommitResponseTopic[];
}

export const TxnOffsetCommit = api(
  message('request', 'TxnOffsetCommitRequest', 28, '0-4', '3+', [
    field('transactionalId', 'string', '0+'),
    field('groupId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('generationId', 'int32', '3+', { default: -1 }),
    field('memberId', 'string', '3+', { default: '' }),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('committedOffset', 'int64', '0+'),
            field('committedLeaderEpoch', 'int32', '2+', { default: -1 }),
            field('committedMetadata', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'TxnOffsetCommitResponse', 28, '0-4', '3+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
