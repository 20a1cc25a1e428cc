/**
 * ShareAcknowledge (key 79), versions 0-1, flexible in all versions. Share groups (KIP-932).
 *
 * Acknowledges delivered records without fetching more (ShareFetch can carry the same
 * acknowledgements): ranges with one type for the range or one per offset, 0 gap / 1 accept /
 * 2 release / 3 reject. Only ShareFetch opens a share session; epoch -1 closes it.
 *
 * Where the layouts come from:
 * - v0 (Kafka 4.0 early access): /work/shared/kafka-protocol/ShareAcknowledge{Request,Response}.json.
 * - v1 (Kafka 4.1+, what librdkafka 2.15 sends): identical to v0. Request from librdkafka's
 *   rd_kafka_ShareAcknowledgeRequest (rdkafka_fetcher.c) and rd_kafka_mock_handle_ShareAcknowledge
 *   (rdkafka_mock_handlers.c); response from the mock handler and librdkafka's parser
 *   rd_kafka_share_acknowledge_reply_handle (rdkafka_fetcher.c). They agree with the JSON.
 */
import { api, arrayOf, field, message } from '../schema';
import {
  ShareAcknowledgementBatch,
  ShareLeaderIdAndEpoch,
  ShareNodeEndpoint,
  acknowledgementBatchFields,
  currentLeaderType,
  nodeEndpointFields,
} from './ShareFetch';

export interface ShareAcknowledgePartition {
  partitionIndex: number;
  acknowledgementBatches: ShareAcknowledgementBatch[];
}

export interface ShareAcknowledgeTopic {
  topicId: string;
  partitions: ShareAcknowledgePartition[];
}

export interface ShareAcknowledgeRequest {
  /** Nullable, default null. */
  groupId: string | null;
  /** Nullable. */
  memberId: string | null;
  shareSessionEpoch: number;
  topics: ShareAcknowledgeTopic[];
}

export interface ShareAcknowledgePartitionData {
  partitionIndex: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  currentLeader: ShareLeaderIdAndEpoch;
}

export interface ShareAcknowledgeTopicResponse {
  topicId: string;
  partitions: ShareAcknowledgePartitionData[];
}

export interface ShareAcknowledgeResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  responses: ShareAcknowledgeTopicResponse[];
  nodeEndpoints: ShareNodeEndpoint[];
}

export const ShareAcknowledge = api(
  message('request', 'ShareAcknowledgeRequest', 79, '0-1', '0+', [
    field('groupId', 'string', '0+', { nullable: '0+', default: null }),
    field('memberId', 'string', '0+', { nullable: '0+' }),
    field('shareSessionEpoch', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('topicId', 'uuid', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('acknowledgementBatches', arrayOf(acknowledgementBatchFields), '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
  message('response', 'ShareAcknowledgeResponse', 79, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field(
      'responses',
      arrayOf([
        field('topicId', 'uuid', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
            field('currentLeader', currentLeaderType, '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('nodeEndpoints', arrayOf(nodeEndpointFields), '0+'),
  ]),
);
