/**
 * OffsetForLeaderEpoch (key 23), versions 0-4, flexible from 4.
 *
 * For each partition, the end offset of the requested LeaderEpoch: the start offset of the first
 * epoch greater than it, or the log end offset if it is the current epoch (KIP-101/279). Consumers
 * use it to detect truncation after a leader change (KIP-320). v1 answers with the LeaderEpoch the
 * end offset belongs to; v2 adds CurrentLeaderEpoch for fencing (74 FENCED_LEADER_EPOCH, 75
 * UNKNOWN_LEADER_EPOCH) and the throttle time; v3 adds ReplicaId (-1 consumer, -2 debug; followers
 * send their broker id). Unknown epochs answer -1 / -1.
 */
import { api, arrayOf, field, message } from '../schema';

export interface OffsetForLeaderPartition {
  partition: number;
  /** v2+, default -1 (no fencing). */
  currentLeaderEpoch: number;
  /** The epoch to look up. */
  leaderEpoch: number;
}

export interface OffsetForLeaderTopic {
  topic: string;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequest {
  /** v3+, default -2 (debug consumer); a broker id for followers. */
  replicaId: number;
  topics: OffsetForLeaderTopic[];
}

export interface EpochEndOffset {
  errorCode: number;
  partition: number;
  /** v1+, default -1. */
  leaderEpoch: number;
  /** Default -1. */
  endOffset: number;
}

export interface OffsetForLeaderTopicResult {
  topic: string;
  partitions: EpochEndOffset[];
}

export interface OffsetForLeaderEpochResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: OffsetForLeaderTopicResult[];
}

export const OffsetForLeaderEpoch = api(
  message('request', 'OffsetForLeaderEpochRequest', 23, '0-4', '4+', [
    field('replicaId', 'int32', '3+', { default: -2 }),
    field(
      'topics',
      arrayOf([
        field('topic', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partition', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '2+', { default: -1 }),
            field('leaderEpoch', 'int32', '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'OffsetForLeaderEpochResponse', 23, '0-4', '4+', [
    field('throttleTimeMs', 'int32', '2+'),
    field(
      'topics',
      arrayOf([
        field('topic', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('errorCode', 'int16', '0+'),
            field('partition', 'int32', '0+'),
            field('leaderEpoch', 'int32', '1+', { default: -1 }),
            field('endOffset', 'int64', '0+', { default: -1 }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
