/**
 * CreatePartitions (key 37), versions 0-3, flexible from 2.
 *
 * Raises a topic's partition count to Count (never lowers it: 37 INVALID_PARTITIONS). Assignments
 * null = let the broker place the new partitions; otherwise one entry per new partition. v1
 * throttles after answering; v3 may return 89 THROTTLING_QUOTA_EXCEEDED (KIP-599). ValidateOnly
 * checks without creating.
 */
import { api, arrayOf, field, message } from '../schema';

export interface CreatePartitionsAssignment {
  /** The assigned broker ids. */
  brokerIds: number[];
}

export interface CreatePartitionsTopic {
  name: string;
  /** The new partition count. */
  count: number;
  /** Nullable: null = broker-chosen placement. */
  assignments: CreatePartitionsAssignment[] | null;
}

export interface CreatePartitionsRequest {
  topics: CreatePartitionsTopic[];
  timeoutMs: number;
  /** Check only; create nothing. */
  validateOnly: boolean;
}

export interface CreatePartitionsTopicResult {
  name: string;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
}

export interface CreatePartitionsResponse {
  throttleTimeMs: number;
  results: CreatePartitionsTopicResult[];
}

export const CreatePartitions = api(
  message('request', 'CreatePartitionsRequest', 37, '0-3', '2+', [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('count', 'int32', '0+'),
        field('assignments', arrayOf([field('brokerIds', arrayOf('int32'), '0+')]), '0+', { nullable: '0+' }),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+'),
    field('validateOnly', 'bool', '0+'),
  ]),
  message('response', 'CreatePartitionsResponse', 37, '0-3', '2+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'results',
      arrayOf([
        field('name', 'string', '0+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
  ]),
);
