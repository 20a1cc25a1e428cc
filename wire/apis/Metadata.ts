/**
 * Metadata (key 3), versions 0-12, flexible from 9.
 *
 * Request topics: in v0 an empty array means "all topics"; from v1 null means "all topics" and an
 * empty array means "no topics". v4 adds AllowAutoTopicCreation. v10 adds topic ids (not used by
 * servers until v12). v11 drops IncludeClusterAuthorizedOperations (see DescribeCluster).
 */
import { api, arrayOf, field, message } from '../schema';

export interface MetadataRequestTopic {
  /** v10+. Zero uuid when querying by name. */
  topicId: string;
  /** Nullable v10+ (then query by topicId). */
  name: string | null;
}

export interface MetadataRequest {
  /** Nullable v1+: null = all topics. In v0, [] = all topics. */
  topics: MetadataRequestTopic[] | null;
  /** v4+, default true. */
  allowAutoTopicCreation: boolean;
  /** v8-10. */
  includeClusterAuthorizedOperations: boolean;
  /** v8+. */
  includeTopicAuthorizedOperations: boolean;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  /** v1+, null if no rack. */
  rack: string | null;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  /** v7+, default -1. */
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  /** v5+. */
  offlineReplicas: number[];
}

export interface MetadataResponseTopic {
  errorCode: number;
  /** Nullable v12+: null for unknown topics queried by id. Never null when errorCode is 0. */
  name: string | null;
  /** v10+. Zero for unknown topics queried by name. */
  topicId: string;
  /** v1+. */
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  /** v8+, bitfield; default -2147483648 (not requested). */
  topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  /** v3+. */
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  /** v2+, nullable. */
  clusterId: string | null;
  /** v1+, default -1. */
  controllerId: number;
  topics: MetadataResponseTopic[];
  /** v8-10, bitfield; default -2147483648. */
  clusterAuthorizedOperations: number;
}

export const Metadata = api(
  message('request', 'MetadataRequest', 3, '0-12', '9+', [
    field(
      'topics',
      arrayOf([
        field('topicId', 'uuid', '10+'),
        field('name', 'string', '0+', { nullable: '10+' }),
      ]),
      '0+',
      { nullable: '1+' },
    ),
    field('allowAutoTopicCreation', 'bool', '4+', { default: true }),
    field('includeClusterAuthorizedOperations', 'bool', '8-10'),
    field('includeTopicAuthorizedOperations', 'bool', '8+'),
  ]),
  message('response', 'MetadataResponse', 3, '0-12', '9+', [
    field('throttleTimeMs', 'int32', '3+'),
    field(
      'brokers',
      arrayOf([
        field('nodeId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '1+', { nullable: '1+', default: null }),
      ]),
      '0+',
    ),
    field('clusterId', 'string', '2+', { nullable: '2+', default: null }),
    field('controllerId', 'int32', '1+', { default: -1 }),
    field(
      'topics',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('name', 'string', '0+', { nullable: '12+' }),
        field('topicId', 'uuid', '10+'),
        field('isInternal', 'bool', '1+', { default: false }),
        field(
          'partitions',
          arrayOf([
            field('errorCode', 'int16', '0+'),
            field('partitionIndex', 'int32', '0+'),
            field('leaderId', 'int32', '0+'),
            field('leaderEpoch', 'int32', '7+', { default: -1 }),
            field('replicaNodes', arrayOf('int32'), '0+'),
            field('isrNodes', arrayOf('int32'), '0+'),
            field('offlineReplicas', arrayOf('int32'), '5+'),
          ]),
          '0+',
        ),
        field('topicAuthorizedOperations', 'int32', '8+', { default: -2147483648 }),
      ]),
      '0+',
    ),
    field('clusterAuthorizedOperations', 'int32', '8-10', { default: -2147483648 }),
  ]),
);
