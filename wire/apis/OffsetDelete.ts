/**
 * OffsetDelete (key 47), version 0 only, never flexible.
 *
 * Deletes a group's committed offsets for some partitions (KIP-496). Partitions of topics the
 * group is still subscribed to fail with 86 GROUP_SUBSCRIBED_TO_TOPIC. Note the response's order:
 * ErrorCode before ThrottleTimeMs.
 */
import { api, arrayOf, field, message } from '../schema';

export interface OffsetDeleteRequestPartition {
  partitionIndex: number;
}

export interface OffsetDeleteRequestTopic {
  name: string;
  partitions: OffsetDeleteRequestPartition[];
}

export interface OffsetDeleteRequest {
  groupId: string;
  topics: OffsetDeleteRequestTopic[];
}

export interface OffsetDeleteResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetDeleteResponseTopic {
  name: string;
  partitions: OffsetDeleteResponsePartition[];
}

export interface OffsetDeleteResponse {
  /** Top-level (group) error. */
  errorCode: number;
  throttleTimeMs: number;
  topics: OffsetDeleteResponseTopic[];
}

export const OffsetDelete = api(
  message('request', 'OffsetDeleteRequest', 47, '0', 'none', [
    field('groupId', 'string', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('partitions', arrayOf([field('partitionIndex', 'int32', '0+')]), '0+'),
      ]),
      '0+',
    ),
  ]),
  message('response', 'OffsetDeleteResponse', 47, '0', 'none', [
    field('errorCode', 'int16', '0+'),
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
