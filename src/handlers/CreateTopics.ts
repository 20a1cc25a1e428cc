/**
 * CreateTopics: Kafka's checks, −1 meaning "the broker's default", and validateOnly. Every node is
 * a replica of every partition (see ClusterView), so a replication factor up to the number of
 * nodes is accepted and the topic reports that many replicas.
 */
import {
  CreatableTopic,
  CreatableTopicResult,
  CreateTopics,
  CreateTopicsRequest,
  CreateTopicsResponse,
} from '../../wire/apis/CreateTopics';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { CreateTopicError, MAX_PARTITIONS_PER_REQUEST, TOO_MANY_PARTITIONS, createTopicProblem } from '../topics/createTopic';
import { BrokerState, defineHandler } from './types';

/** DescribeConfigs' source for a config set on the topic. */
const DYNAMIC_TOPIC_CONFIG = 1;

export default defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  api: CreateTopics,
  minVersion: 0,
  maxVersion: 7,
  handle(request, ctx) {
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const unique = request.topics.filter((t) => counts.get(t.name) === 1);
    if (requestedPartitions(unique, ctx.broker.config.numPartitions) > MAX_PARTITIONS_PER_REQUEST) {
      // Kafka fails the whole request, before any other check, for every topic in it (duplicates included).
      return { throttleTimeMs: 0, topics: request.topics.map((t) => failed(t.name, TOO_MANY_PARTITIONS)) };
    }
    const topics = request.topics.map((t): CreatableTopicResult => {
      if (counts.get(t.name)! > 1) {
        return failed(t.name, {
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `Create topics request from client \`${ctx.clientId}\` contains multiple entries for the following topics: ${t.name}`,
        });
      }
      return createOne(ctx.broker, t, request.validateOnly);
    });
    return { throttleTimeMs: 0, topics };
  },
});

/** The partitions a request asks for, counted as ReplicationControlManager.validateTotalNumberOfPartitions does. */
function requestedPartitions(topics: CreatableTopic[], defaultPartitions: number): number {
  let total = 0;
  for (const t of topics) {
    if (t.assignments.length > 0) total += t.assignments.length;
    else if (t.numPartitions === -1) total += defaultPartitions;
    else if (t.numPartitions > 0) total += t.numPartitions;
  }
  return total;
}

function createOne(broker: BrokerState, t: CreatableTopic, validateOnly: boolean): CreatableTopicResult {
  const layout = partitionLayout(broker, t);
  if ('errorCode' in layout) return failed(t.name, layout);
  const requested = Object.fromEntries(t.configs.map((c) => [c.name, c.value]));
  const problem = createTopicProblem(broker, t.name, layout.partitions, requested);
  if (problem) return failed(t.name, problem);
  // A null value means "the default": nothing to store.
  const configs: Record<string, string> = {};
  for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;

  const topicId = validateOnly ? ZERO_UUID : broker.topics.create(t.name, layout.partitions, configs).id;
  if (!validateOnly) broker.logger.info({ topic: t.name, partitions: layout.partitions }, 'created topic');
  return {
    name: t.name,
    topicId,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    topicConfigErrorCode: ErrorCode.NONE,
    numPartitions: layout.partitions,
    replicationFactor: broker.cluster.nodes.length,
    configs: Object.entries(configs).map(([name, value]) => ({
      name,
      value,
      readOnly: false,
      configSource: DYNAMIC_TOPIC_CONFIG,
      isSensitive: false,
    })),
  };
}

/** Partition count from numPartitions (−1: the default) or from explicit assignments (single node only). */
function partitionLayout(broker: BrokerState, t: CreatableTopic): { partitions: number } | CreateTopicError {
  const node = broker.config.nodeId;
  const nodeCount = broker.cluster.nodes.length;
  if (t.assignments.length > 0) {
    if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
      return {
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      };
    }
    const indexes = t.assignments.map((a) => a.partitionIndex).sort((a, b) => a - b);
    const consecutive = indexes.every((index, i) => index === i);
    const onThisNode = t.assignments.every((a) => a.brokerIds.length === 1 && a.brokerIds[0] === node);
    if (nodeCount > 1) {
      return {
        errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        errorMessage: `A simulated cluster places every partition on all ${nodeCount} nodes itself: give numPartitions and replicationFactor instead of assignments.`,
      };
    }
    if (!consecutive || !onThisNode) {
      return {
        errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        errorMessage: `Partitions must be numbered from 0 and each assigned to exactly one broker, ${node} (this is a single-node cluster).`,
      };
    }
    return { partitions: indexes.length };
  }
  if (t.replicationFactor !== -1 && t.replicationFactor <= 0) {
    return {
      errorCode: ErrorCode.INVALID_REPLICATION_FACTOR,
      errorMessage: 'Replication factor must be larger than 0, or -1 to use the default value.',
    };
  }
  if (t.replicationFactor > nodeCount) {
    return {
      errorCode: ErrorCode.INVALID_REPLICATION_FACTOR,
      errorMessage: `Unable to replicate the partition ${t.replicationFactor} time(s): The target replication factor of ${t.replicationFactor} cannot be reached because only ${nodeCount} broker(s) are registered.`,
    };
  }
  if (t.numPartitions !== -1 && t.numPartitions <= 0) {
    return { errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'Number of partitions was set to an invalid non-positive value.' };
  }
  return { partitions: t.numPartitions === -1 ? broker.config.numPartitions : t.numPartitions };
}

function failed(name: string, error: CreateTopicError): CreatableTopicResult {
  return {
    name,
    topicId: ZERO_UUID,
    errorCode: error.errorCode,
    errorMessage: error.errorMessage,
    topicConfigErrorCode: ErrorCode.NONE,
    numPartitions: -1,
    replicationFactor: -1,
    configs: [], // Kafka resets configs to an empty list (not null) when a create fails
  };
}
