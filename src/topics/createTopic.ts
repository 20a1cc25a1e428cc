/** Creating a topic, with Kafka's checks: shared by CreateTopics and Metadata auto-creation. */
import { ErrorCode } from '../../wire/errors';
import type { BrokerState } from '../handlers/types';
import { topicConfigProblem } from './configs';
import { topicNameProblem } from './names';
import { Topic } from './TopicRegistry';

export interface CreateTopicError {
  errorCode: ErrorCode;
  errorMessage: string;
}

/**
 * Kafka's controller (ReplicationControlManager.MAX_PARTITIONS_PER_BATCH) refuses a request that
 * would create more partitions than this in all. Here it also bounds what one request can cost:
 * each partition on disk holds open files, and each in memory its own structures.
 */
export const MAX_PARTITIONS_PER_REQUEST = 10_000;

/** Kafka's PolicyViolationException for such a request. */
export const TOO_MANY_PARTITIONS: CreateTopicError = {
  errorCode: ErrorCode.POLICY_VIOLATION,
  errorMessage: 'Excessively large number of partitions per request.',
};

/** Why this topic cannot be created, or null. */
export function createTopicProblem(
  broker: BrokerState,
  name: string,
  partitions: number,
  configs: Record<string, string | null>,
): CreateTopicError | null {
  const nameProblem = topicNameProblem(name);
  if (nameProblem) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: nameProblem };
  if (broker.topics.get(name)) {
    return { errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, errorMessage: `Topic '${name}' already exists.` };
  }
  const collision = broker.topics.collidingWith(name);
  if (collision) {
    return {
      errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
      errorMessage: `Topic '${name}' collides with existing topics: ${collision.name}`,
    };
  }
  if (!Number.isInteger(partitions) || partitions <= 0) {
    return { errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'Number of partitions must be larger than 0.' };
  }
  for (const [key, value] of Object.entries(configs)) {
    const problem = topicConfigProblem(key, value);
    if (problem) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: problem };
  }
  return null;
}

export function createTopic(
  broker: BrokerState,
  name: string,
  partitions: number,
  configs: Record<string, string>,
): Topic | CreateTopicError {
  const problem = createTopicProblem(broker, name, partitions, configs);
  if (problem) return problem;
  return broker.topics.create(name, partitions, configs);
}
