/**
 * CreatePartitions: a topic grows to `count` partitions, never shrinks (37 INVALID_PARTITIONS, with
 * Kafka's messages). New partitions get leaders from the cluster view like the others. Manual
 * assignments are accepted on a single node when they name it; a simulated cluster places every
 * partition on all nodes itself, so it refuses them.
 */
import {
  CreatePartitions,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreatePartitionsTopic,
  CreatePartitionsTopicResult,
} from '../../wire/apis/CreatePartitions';
import { ErrorCode } from '../../wire/errors';
import { MAX_PARTITIONS_PER_REQUEST, TOO_MANY_PARTITIONS } from '../topics/createTopic';
import { RequestContext, defineHandler } from './types';

export default defineHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  api: CreatePartitions,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const seen = new Map<string, number>();
    for (const t of request.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    if (addedPartitions(request.topics.filter((t) => seen.get(t.name) === 1), ctx) > MAX_PARTITIONS_PER_REQUEST) {
      const results = request.topics.map((t) => result(t.name, TOO_MANY_PARTITIONS.errorCode, TOO_MANY_PARTITIONS.errorMessage));
      return { throttleTimeMs: 0, results };
    }
    const results = request.topics.map((t): CreatePartitionsTopicResult => {
      if (seen.get(t.name)! > 1) return result(t.name, ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.');
      return grow(t, request.validateOnly, ctx);
    });
    return { throttleTimeMs: 0, results };
  },
});

/**
 * The partitions a request would add. Kafka's controller has the same 10,000 cap here only
 * through its 10,000-record batch limit; KAFKA-19673 proposes CreateTopics' rule and message for
 * CreatePartitions, which is what this follows: the whole request is refused.
 */
function addedPartitions(topics: CreatePartitionsTopic[], ctx: RequestContext): number {
  let total = 0;
  for (const t of topics) {
    const current = ctx.broker.topics.get(t.name)?.partitions.length;
    if (current !== undefined && t.count > current) total += t.count - current;
  }
  return total;
}

function grow(t: CreatePartitionsTopic, validateOnly: boolean, ctx: RequestContext): CreatePartitionsTopicResult {
  const { topics, cluster, logger } = ctx.broker;
  const topic = topics.get(t.name);
  if (!topic) return result(t.name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${t.name}' does not exist.`);
  const current = topic.partitions.length;
  if (t.count < current) {
    return result(t.name, ErrorCode.INVALID_PARTITIONS, `Topic currently has ${current} partitions, which is higher than the requested ${t.count}.`);
  }
  if (t.count === current) return result(t.name, ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
  if (t.assignments !== null) {
    const problem = assignmentProblem(t.assignments.map((a) => a.brokerIds), t.count - current, ctx);
    if (problem) return result(t.name, ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
  }
  if (!validateOnly) {
    topics.addPartitions(t.name, t.count);
    logger.info({ topic: t.name, from: current, to: t.count, nodes: cluster.nodes.length }, 'added partitions');
  }
  return result(t.name, ErrorCode.NONE, null);
}

function assignmentProblem(assignments: number[][], added: number, ctx: RequestContext): string | null {
  if (assignments.length !== added) {
    return `Attempted to add ${added} additional partition(s), but only ${assignments.length} assignment(s) were specified.`;
  }
  const nodeCount = ctx.broker.cluster.nodes.length;
  if (nodeCount > 1) {
    return `A simulated cluster places every partition on all ${nodeCount} nodes itself: leave the assignments out (null).`;
  }
  const node = ctx.broker.config.nodeId;
  for (const brokerIds of assignments) {
    const unknown = brokerIds.find((id) => id !== node);
    if (unknown !== undefined) return `The manual partition assignment includes broker ${unknown}, but no broker with that id is registered.`;
    if (brokerIds.length !== 1) {
      return `The manual partition assignment includes a partition with ${brokerIds.length} replica(s), but this is not consistent with previous partitions, which have 1 replica(s).`;
    }
  }
  return null;
}

function result(name: string, errorCode: ErrorCode, errorMessage: string | null): CreatePartitionsTopicResult {
  return { name, errorCode, errorMessage };
}
