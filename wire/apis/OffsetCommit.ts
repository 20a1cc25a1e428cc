/**
 * OffsetCommit (key 8), versions 0-9, flexible from 8.
 *
 * v1 adds group membership (GenerationIdOrMemberEpoch, MemberId) and a per-partition
 * CommitTimestamp (v1 only). v2-4 carry RetentionTimeMs (-1 = broker default); v5 drops it.
 * v3 adds throttle time. v6 adds CommittedLeaderEpoch. v7 adds GroupInstanceId. v9 may be used
 * with the KIP-848 consumer protocol (member epoch instead of generation; STALE_MEMBER_EPOCH,
 * GROUP_ID_NOT_FOUND). Generation -1 with an empty member id is a "simple" commit outside any
 * group membership.
 */
import { api, arrayOf, field, message } from '../schema';

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v6+, default -1. */
  committedLeaderEpoch: number;
  /** v1 only, default -1. */
  commitTimestamp: number;
  /** Nullable. */
  committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** v1+, default -1: the generation (classic groups) or member epoch (KIP-848). */
  generationIdOrMemberEpoch: number;
  /** v1+. */
  memberId: string;
  /** v7+, nullable, default null. */
  groupInstanceId: string | null;
  /** v2-4, default -1 (broker default retention). */
  retentionTimeMs: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetCommitResponseTopic {
  name: string;
  partitions: OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponse {
  /** v3+. */
  throttleTimeMs: number;
  topics: OffsetCommitResponseTopic[];
}

export const OffsetCommit = api(
  message('request', 'OffsetCommitRequest', 8, '0-9', '8+', [
    field('groupId', 'string', '0+'),
    field('generationIdOrMemberEpoch', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '1+'),
    field('groupInstanceId', 'string', '7+', { nullable: '7+', default: null }),
    field('retentionTimeMs', 'int64', '2-4', { default: -1 }),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('committedOffset', 'int64', '0+'),
            field('committedLeaderEpoch', 'int32', '6+', { default: -1 }),
            field('commitTimestamp', 'int64', '1', { default: -1 }),
            field('committedMetadata', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'OffsetCommitResponse', 8, '0-9', '8+', [
    field('throttleTimeMs', 'int32', '3+'),
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
