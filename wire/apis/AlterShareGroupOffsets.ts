/**
 * AlterShareGroupOffsets (key 91), version 0, flexible. Share groups (KIP-932).
 *
 * Resets the share-partition start offsets of an empty share group (NON_EMPTY_GROUP otherwise).
 * Errors at the top level (group) and per partition.
 *
 * Where the layout comes from (not in /work/shared/kafka-protocol, and librdkafka 2.15 neither
 * sends nor mocks it): Apache Kafka 4.1+'s AlterShareGroupOffsets{Request,Response}.json, read
 * through the search tool. The response's top-level ErrorCode/ErrorMessage were added before the
 * version was stabilised (early drafts lack them); confirmed against a codec generated from
 * Kafka's current definitions (docs.rs kacrab-protocol 0.2.0).
 */
import { api, arrayOf, field, message } from '../schema';

export interface AlterShareGroupOffsetsRequestPartition {
  partitionIndex: number;
  startOffset: number;
}

export interface AlterShareGroupOffsetsRequestTopic {
  topicName: string;
  partitions: AlterShareGroupOffsetsRequestPartition[];
}

export interface AlterShareGroupOffsetsRequest {
  groupId: string;
  topics: AlterShareGroupOffsetsRequestTopic[];
}

export interface AlterShareGroupOffsetsResponsePartition {
  partitionIndex: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
}

export interface AlterShareGroupOffsetsResponseTopic {
  topicName: string;
  topicId: string;
  partitions: AlterShareGroupOffsetsResponsePartition[];
}

export interface AlterShareGroupOffsetsResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  responses: AlterShareGroupOffsetsResponseTopic[];
}

export const AlterShareGroupOffsets = api(
  message('request', 'AlterShareGroupOffsetsRequest', 91, '0', '0+', [
    field('groupId', 'string', '0+'),
    field(
      'topics',
      arrayOf([
        field('topicName', 'string', '0+'),
        field(
          'partitions',
          arrayOf([field('partitionIndex', 'int32', '0+'), field('startOffset', 'int64', '0+')]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'AlterShareGroupOffsetsResponse', 91, '0', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field(
      'responses',
      arrayOf([
        field('topicName', 'string', '0+'),
        field('topicId', 'uuid', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
