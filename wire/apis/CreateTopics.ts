/**
 * CreateTopics (key 19), versions 0-7, flexible from 5.
 *
 * v1 adds validateOnly and a per-topic error message. v4: numPartitions / replicationFactor may be
 * -1 (broker defaults) even without assignments (KIP-464). v5 returns the topic's configs.
 * v6 may return THROTTLING_QUOTA_EXCEEDED. v7 returns the topic id.
 */
import { api, arrayOf, field, message } from '../schema';

export interface CreatableReplicaAssignment {
  partitionIndex: number;
  brokerIds: number[];
}

export interface CreatableTopicConfig {
  name: string;
  /** Nullable. */
  value: string | null;
}

export interface CreatableTopic {
  name: string;
  /** -1 = manual assignment or the broker default. */
  numPartitions: number;
  /** -1 = manual assignment or the broker default. */
  replicationFactor: number;
  /** Manual assignment, or [] for automatic. */
  assignments: CreatableReplicaAssignment[];
  configs: CreatableTopicConfig[];
}

export interface CreateTopicsRequest {
  topics: CreatableTopic[];
  /** Default 60000. */
  timeoutMs: number;
  /** v1+. Check only; create nothing. */
  validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  name: string;
  /** Nullable. */
  value: string | null;
  readOnly: boolean;
  /** Default -1. */
  configSource: number;
  isSensitive: boolean;
}

export interface CreatableTopicResult {
  name: string;
  /** v7+. */
  topicId: string;
  errorCode: number;
  /** v1+, null if no error (Kafka marks it nullable in all versions). */
  errorMessage: string | null;
  /** v5+, tagged 0. Set if configs are not returned. */
  topicConfigErrorCode: number;
  /** v5+, default -1. */
  numPartitions: number;
  /** v5+, default -1. */
  replicationFactor: number;
  /** v5+, nullable. */
  configs: CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: CreatableTopicResult[];
}

export const CreateTopics = api(
  message('request', 'CreateTopicsRequest', 19, '0-7', '5+', [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('numPartitions', 'int32', '0+'),
        field('replicationFactor', 'int16', '0+'),
        field(
          'assignments',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('brokerIds', arrayOf('int32'), '0+'),
          ]),
          '0+',
        ),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('validateOnly', 'bool', '1+', { default: false }),
  ]),
  message('response', 'CreateTopicsResponse', 19, '0-7', '5+', [
    field('throttleTimeMs', 'int32', '2+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('topicId', 'uuid', '7+'),
        field('errorCode', 'int16', '0+'),
        // Kafka: versions "1+", nullableVersions "0+".
        field('errorMessage', 'string', '1+', { nullable: '0+' }),
        field('topicConfigErrorCode', 'int16', '5+', { tag: 0, taggedVersions: '5+' }),
        field('numPartitions', 'int32', '5+', { default: -1 }),
        field('replicationFactor', 'int16', '5+', { default: -1 }),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '5+'),
            field('value', 'string', '5+', { nullable: '5+' }),
            field('readOnly', 'bool', '5+'),
            field('configSource', 'int8', '5+', { default: -1 }),
            field('isSensitive', 'bool', '5+'),
          ]),
          '5+',
          { nullable: '5+' },
        ),
      ]),
      '0+',
    ),
  ]),
);
