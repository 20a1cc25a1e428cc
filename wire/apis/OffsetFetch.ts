/**
 * OffsetFetch (key 9), versions 0-9, flexible from 6.
 *
 * v0-7 ask about one group (GroupId, Topics); v8+ about several (Groups, each with its Topics,
 * KIP-709): the response moves from Topics + ErrorCode to Groups, each with its own topics and
 * group-level ErrorCode. Topics may be null from v2 (all committed offsets of the group); v2 also
 * adds the top-level ErrorCode. v3 adds throttle time, v5 CommittedLeaderEpoch. v7 adds
 * RequireStable: with pending transactional commits, partitions fail with retriable 88
 * UNSTABLE_OFFSET_COMMIT. v9 adds MemberId/MemberEpoch for KIP-848 consumers.
 * An offset with nothing committed is -1 with metadata "" (and leader epoch -1).
 */
import { api, arrayOf, field, message } from '../schema';

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestTopics {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  /** v9+, nullable, default null. KIP-848 consumers only. */
  memberId: string | null;
  /** v9+, default -1. KIP-848 consumers only. */
  memberEpoch: number;
  /** Nullable: null = all topics. */
  topics: OffsetFetchRequestTopics[] | null;
}

export interface OffsetFetchRequest {
  /** v0-7. */
  groupId: string;
  /** v0-7, nullable v2-7: null = all topics. */
  topics: OffsetFetchRequestTopic[] | null;
  /** v8+. */
  groups: OffsetFetchRequestGroup[];
  /** v7+. */
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  /** -1 if none. */
  committedOffset: number;
  /** v5-7, default -1. */
  committedLeaderEpoch: number;
  /** Nullable. */
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponsePartitions {
  partitionIndex: number;
  /** -1 if none. */
  committedOffset: number;
  /** Default -1. */
  committedLeaderEpoch: number;
  /** Nullable. */
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseTopics {
  name: string;
  partitions: OffsetFetchResponsePartitions[];
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: OffsetFetchResponseTopics[];
  /** Group-level error. */
  errorCode: number;
}

export interface OffsetFetchResponse {
  /** v3+. */
  throttleTimeMs: number;
  /** v0-7. */
  topics: OffsetFetchResponseTopic[];
  /** v2-7, top-level error. */
  errorCode: number;
  /** v8+. */
  groups: OffsetFetchResponseGroup[];
}

export const OffsetFetch = api(
  message('request', 'OffsetFetchRequest', 9, '0-9', '6+', [
    field('groupId', 'string', '0-7'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0-7'),
        field('partitionIndexes', arrayOf('int32'), '0-7'),
      ]),
      '0-7',
      { nullable: '2-7' },
    ),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '8+'),
        field('memberId', 'string', '9+', { nullable: '9+', default: null }),
        field('memberEpoch', 'int32', '9+', { default: -1 }),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '8+'),
            field('partitionIndexes', arrayOf('int32'), '8+'),
          ]),
          '8+',
          { nullable: '8+' },
        ),
      ]),
      '8+',
    ),
    field('requireStable', 'bool', '7+', { default: false }),
  ]),
  message('response', 'OffsetFetchResponse', 9, '0-9', '6+', [
    field('throttleTimeMs', 'int32', '3+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0-7'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0-7'),
            field('committedOffset', 'int64', '0-7'),
            field('committedLeaderEpoch', 'int32', '5-7', { default: -1 }),
            field('metadata', 'string', '0-7', { nullable: '0-7' }),
            field('errorCode', 'int16', '0-7'),
          ]),
          '0-7',
        ),
      ]),
      '0-7',
    ),
    field('errorCode', 'int16', '2-7', { default: 0 }),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '8+'),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '8+'),
            field(
              'partitions',
              arrayOf([
                field('partitionIndex', 'int32', '8+'),
                field('committedOffset', 'int64', '8+'),
                field('committedLeaderEpoch', 'int32', '8+', { default: -1 }),
                field('metadata', 'string', '8+', { nullable: '8+' }),
                field('errorCode', 'int16', '8+'),
              ]),
              '8+',
            ),
          ]),
          '8+',
        ),
        field('errorCode', 'int16', '8+', { default: 0 }),
      ]),
      '8+',
    ),
  ]),
);
