/**
 * ListOffsets (key 2), versions 0-10, flexible from 6.
 *
 * Timestamp in the request: -1 = latest (log end offset / high watermark), -2 = earliest
 * (log start offset), -3 = max timestamp (v7+), -4 = local log start (v8+), -5 = last tiered (v9+);
 * otherwise the first offset whose timestamp is >= the given one.
 * v0 returns a list of offsets (MaxNumOffsets); v1+ a single Timestamp/Offset pair.
 * v2 adds IsolationLevel, v4 leader epochs, v10 TimeoutMs (KIP-1075).
 */
import { api, arrayOf, field, message } from '../schema';

export interface ListOffsetsPartition {
  partitionIndex: number;
  /** v4+, default -1. */
  currentLeaderEpoch: number;
  /** -1 latest, -2 earliest, -3 max timestamp, or a timestamp in ms. */
  timestamp: number;
  /** v0 only, default 1. */
  maxNumOffsets: number;
}

export interface ListOffsetsTopic {
  name: string;
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsRequest {
  /** -1 for a normal consumer. */
  replicaId: number;
  /** v2+. 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED. */
  isolationLevel: number;
  topics: ListOffsetsTopic[];
  /** v10+. */
  timeoutMs: number;
}

export interface ListOffsetsPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  /** v0 only. */
  oldStyleOffsets: number[];
  /** v1+, default -1. */
  timestamp: number;
  /** v1+, default -1. */
  offset: number;
  /** v4+, default -1. */
  leaderEpoch: number;
}

export interface ListOffsetsTopicResponse {
  name: string;
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: ListOffsetsTopicResponse[];
}

export const ListOffsets = api(
  message('request', 'ListOffsetsRequest', 2, '0-10', '6+', [
    field('replicaId', 'int32', '0+'),
    field('isolationLevel', 'int8', '2+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '4+', { default: -1 }),
            field('timestamp', 'int64', '0+'),
            field('maxNumOffsets', 'int32', '0', { default: 1 }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '10+'),
  ]),
  message('response', 'ListOffsetsResponse', 2, '0-10', '6+', [
    field('throttleTimeMs', 'int32', '2+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('oldStyleOffsets', arrayOf('int64'), '0'),
            field('timestamp', 'int64', '1+', { default: -1 }),
            field('offset', 'int64', '1+', { default: -1 }),
            field('leaderEpoch', 'int32', '4+', { default: -1 }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
