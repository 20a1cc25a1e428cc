/**
 * DeleteShareGroupOffsets (key 92), version 0, flexible. Share groups (KIP-932).
 *
 * Deletes an empty share group's state for whole topics (NON_EMPTY_GROUP otherwise): the request
 * names topics only, and errors come back at the top level and per topic.
 *
 * Where the layout comes from (not in /work/shared/kafka-protocol, and librdkafka 2.15 neither
 * sends nor mocks it): Apache Kafka 4.1+'s DeleteShareGroupOffsets{Request,Response}.json, read
 * through the search tool. Early drafts listed partitions per topic in the request and response;
 * the stable version 0 is topic-level only, confirmed against a codec generated from Kafka's
 * current definitions (docs.rs kacrab-protocol 0.2.0: DeleteShareGroupOffsetsResponseTopic =
 * TopicName, TopicId, ErrorCode, ErrorMessage).
 */
import { api, arrayOf, field, message } from '../schema';

export interface DeleteShareGroupOffsetsRequestTopic {
  topicName: string;
}

export interface DeleteShareGroupOffsetsRequest {
  groupId: string;
  topics: DeleteShareGroupOffsetsRequestTopic[];
}

export interface DeleteShareGroupOffsetsResponseTopic {
  topicName: string;
  topicId: string;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
}

export interface DeleteShareGroupOffsetsResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  responses: DeleteShareGroupOffsetsResponseTopic[];
}

export const DeleteShareGroupOffsets = api(
  message('request', 'DeleteShareGroupOffsetsRequest', 92, '0', '0+', [
    field('groupId', 'string', '0+'),
    field('topics', arrayOf([field('topicName', 'string', '0+')]), '0+'),
  ]),
  message('response', 'DeleteShareGroupOffsetsResponse', 92, '0', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field(
      'responses',
      arrayOf([
        field('topicName', 'string', '0+'),
        field('topicId', 'uuid', '0+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
  ]),
);
