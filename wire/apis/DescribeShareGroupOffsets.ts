/**
 * DescribeShareGroupOffsets (key 90), versions 0-1, flexible in all versions. Share groups (KIP-932).
 *
 * The admin client's view of where share groups stand: per share-partition the start offset (the
 * first offset the group is not yet done with) and, from v1, the lag. Topics null = all the
 * group's topic-partitions. Errors per group (GROUP_ID_NOT_FOUND, NOT_COORDINATOR, …) and per
 * partition.
 *
 * Where the layouts come from (not in /work/shared/kafka-protocol, and librdkafka 2.15 neither
 * sends nor mocks it):
 * - v0 (Kafka 4.1): Apache Kafka's DescribeShareGroupOffsets{Request,Response}.json, read through
 *   the search tool.
 * - v1 (Kafka 4.2, KIP-1226): "Version 1 introduces Lag": an int64 after LeaderEpoch in each
 *   response partition (default -1, not computed); the request is unchanged. Placed from two
 *   independent published codecs (docs.rs kafrust / a PHP Kafka protocol library) that agree.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeShareGroupOffsetsRequestTopic {
  topicName: string;
  partitions: number[];
}

export interface DescribeShareGroupOffsetsRequestGroup {
  groupId: string;
  /** Nullable: null = all the group's topic-partitions. */
  topics: DescribeShareGroupOffsetsRequestTopic[] | null;
}

export interface DescribeShareGroupOffsetsRequest {
  groups: DescribeShareGroupOffsetsRequestGroup[];
}

export interface DescribeShareGroupOffsetsResponsePartition {
  partitionIndex: number;
  /** The share-partition start offset; -1 if the group has no state for it. */
  startOffset: number;
  leaderEpoch: number;
  /** v1+, default -1 (not computed). */
  lag: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
}

export interface DescribeShareGroupOffsetsResponseTopic {
  topicName: string;
  topicId: string;
  partitions: DescribeShareGroupOffsetsResponsePartition[];
}

export interface DescribeShareGroupOffsetsResponseGroup {
  groupId: string;
  topics: DescribeShareGroupOffsetsResponseTopic[];
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
}

export interface DescribeShareGroupOffsetsResponse {
  throttleTimeMs: number;
  groups: DescribeShareGroupOffsetsResponseGroup[];
}

export const DescribeShareGroupOffsets = api(
  message('request', 'DescribeShareGroupOffsetsRequest', 90, '0-1', '0+', [
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '0+'),
        field(
          'topics',
          arrayOf([field('topicName', 'string', '0+'), field('partitions', arrayOf('int32'), '0+')]),
          '0+',
          { nullable: '0+' },
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'DescribeShareGroupOffsetsResponse', 90, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '0+'),
        field(
          'topics',
          arrayOf([
            field('topicName', 'string', '0+'),
            field('topicId', 'uuid', '0+'),
            field(
              'partitions',
              arrayOf([
                field('partitionIndex', 'int32', '0+'),
                field('startOffset', 'int64', '0+'),
                field('leaderEpoch', 'int32', '0+'),
                field('lag', 'int64', '1+', { default: -1 }),
                field('errorCode', 'int16', '0+'),
                field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
              ]),
              '0+',
            ),
          ]),
          '0+',
        ),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
  ]),
);
