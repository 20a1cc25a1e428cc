/**
 * DeleteTopics (key 20), versions 0-6, flexible from 4.
 *
 * v0-5 send topic names (TopicNames); v6 sends Topics (name or topic id, name may be null).
 * v3+ may return TOPIC_DELETION_DISABLED. v5 adds ErrorMessage and THROTTLING_QUOTA_EXCEEDED.
 * v6 adds topic ids (UNKNOWN_TOPIC_ID when not found).
 */
import { api, arrayOf, field, message } from '../schema';

export interface DeleteTopicState {
  /** Nullable, default null: then delete by topicId. */
  name: string | null;
  topicId: string;
}

export interface DeleteTopicsRequest {
  /** v6+. */
  topics: DeleteTopicState[];
  /** v0-5. */
  topicNames: string[];
  timeoutMs: number;
}

export interface DeletableTopicResult {
  /** Nullable v6+. */
  name: string | null;
  /** v6+. */
  topicId: string;
  errorCode: number;
  /** v5+, nullable, default null. */
  errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  /** v1+. */
  throttleTimeMs: number;
  responses: DeletableTopicResult[];
}

export const DeleteTopics = api(
  message('request', 'DeleteTopicsRequest', 20, '0-6', '4+', [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '6+', { nullable: '6+', default: null }),
        field('topicId', 'uuid', '6+'),
      ]),
      '6+',
    ),
    field('topicNames', arrayOf('string'), '0-5'),
    field('timeoutMs', 'int32', '0+'),
  ]),
  message('response', 'DeleteTopicsResponse', 20, '0-6', '4+', [
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'responses',
      arrayOf([
        field('name', 'string', '0+', { nullable: '6+' }),
        field('topicId', 'uuid', '6+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '5+', { nullable: '5+', default: null }),
      ]),
      '0+',
    ),
  ]),
);
