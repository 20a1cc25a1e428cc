/**
 * Metadata: the alive nodes, and the topics asked for (auto-creating them when allowed) with each
 * partition's leader, replicas and ISR. As Kafka (KRaft): a partition without a leader is
 * LEADER_NOT_AVAILABLE, and v0 lists only alive replicas, with REPLICA_NOT_AVAILABLE if any are
 * missing (v1+ list all replicas and name the stopped ones in offlineReplicas).
 */
import {
  Metadata,
  MetadataRequest,
  MetadataResponse,
  MetadataResponsePartition,
  MetadataResponseTopic,
} from '../../wire/apis/Metadata';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { NO_LEADER } from '../cluster/ClusterView';
import { Partition, Topic } from '../topics/TopicRegistry';
import { MAX_PARTITIONS_PER_REQUEST, createTopic } from '../topics/createTopic';
import { INTERNAL_TOPICS } from '../topics/names';
import { BrokerState, defineHandler } from './types';

/** Kafka's "not requested" value for authorized-operation bitfields. */
const OPERATIONS_NOT_REQUESTED = -2147483648;
/** READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS: no ACLs yet, so all. */
const ALL_TOPIC_OPERATIONS = [3, 4, 5, 6, 7, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);

export default defineHandler<MetadataRequest, MetadataResponse>({
  api: Metadata,
  minVersion: 0,
  maxVersion: 12,
  handle(request, ctx) {
    const { broker, apiVersion } = ctx;
    const operations = request.includeTopicAuthorizedOperations ? ALL_TOPIC_OPERATIONS : OPERATIONS_NOT_REQUESTED;
    // v0 asks for all topics with an empty list; v1+ with null.
    const all = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    // Before v4 the flag does not exist and auto-creation is always allowed.
    const allowCreate = broker.config.autoCreateTopics && (apiVersion < 4 || request.allowAutoTopicCreation);
    if (!all && apiVersion >= 10 && apiVersion < FIRST_VERSION_WITH_TOPIC_IDS) {
      const refused = refuseTopicIds(request);
      if (refused) return refused;
    }

    const tooManyToCreate = !all && allowCreate && autoCreatedPartitions(broker, request) > MAX_PARTITIONS_PER_REQUEST;
    const topics: MetadataResponseTopic[] = all
      ? broker.topics.list().map((t) => describeTopic(broker, t, operations, apiVersion))
      : request.topics!.map((wanted) => {
          if (wanted.name === null) {
            const byId = broker.topics.getById(wanted.topicId);
            if (!byId) return topicError(ErrorCode.UNKNOWN_TOPIC_ID, null, wanted.topicId, operations);
            return describeTopic(broker, byId, operations, apiVersion);
          }
          const existing = broker.topics.get(wanted.name);
          if (existing) return describeTopic(broker, existing, operations, apiVersion);
          if (!allowCreate) return topicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, wanted.name, ZERO_UUID, operations);
          // Kafka sends the request's auto-creations to its controller as one CreateTopics, which
          // refuses them all past the per-request cap; the answer meanwhile is LEADER_NOT_AVAILABLE.
          if (tooManyToCreate) return topicError(ErrorCode.LEADER_NOT_AVAILABLE, wanted.name, ZERO_UUID, operations);
          const created = createTopic(broker, wanted.name, broker.config.numPartitions, {});
          if ('errorCode' in created) return topicError(created.errorCode, wanted.name, ZERO_UUID, operations);
          broker.logger.info({ topic: wanted.name, partitions: broker.config.numPartitions }, 'auto-created topic');
          return describeTopic(broker, created, operations, apiVersion);
        });

    return {
      throttleTimeMs: 0,
      brokers: broker.cluster.aliveNodes().map((n) => ({ nodeId: n.nodeId, host: n.host, port: n.port, rack: null })),
      clusterId: broker.clusterId,
      controllerId: broker.cluster.controllerId(),
      topics,
      clusterAuthorizedOperations: OPERATIONS_NOT_REQUESTED,
    };
  },
});

/** The partitions auto-creating the request's unknown topics would add, counted once per name. */
function autoCreatedPartitions(broker: BrokerState, request: MetadataRequest): number {
  const unknown = new Set(request.topics!.flatMap((t) => (t.name !== null && !broker.topics.get(t.name) ? [t.name] : [])));
  return unknown.size * broker.config.numPartitions;
}

/** Metadata v10 and v11 carry topic ids in the schema, but Kafka looks topics up by id only from v12. */
const FIRST_VERSION_WITH_TOPIC_IDS = 12;

/**
 * KafkaApis refuses v10/v11 requests naming a topic by id (a null name, or a non-zero id) with
 * InvalidRequestException, answered as MetadataRequest.getErrorResponse does: INVALID_REQUEST for
 * every requested topic, a null name as "" (those versions cannot encode null), no brokers.
 * The message ("Topic name can not be null for version 11") has no field in Metadata responses.
 */
function refuseTopicIds(request: MetadataRequest): MetadataResponse | null {
  const byId = request.topics!.some((t) => t.name === null || (t.topicId !== undefined && t.topicId !== ZERO_UUID));
  if (!byId) return null;
  return {
    throttleTimeMs: 0,
    brokers: [],
    clusterId: null,
    controllerId: -1,
    topics: request.topics!.map((t) => topicError(ErrorCode.INVALID_REQUEST, t.name ?? '', t.topicId ?? ZERO_UUID, OPERATIONS_NOT_REQUESTED)),
    clusterAuthorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}

function describeTopic(broker: BrokerState, topic: Topic, operations: number, version: number): MetadataResponseTopic {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: INTERNAL_TOPICS.has(topic.name),
    partitions: topic.partitions.map((p) => describePartition(broker, p, version)),
    topicAuthorizedOperations: operations,
  };
}

function describePartition(broker: BrokerState, p: Partition, version: number): MetadataResponsePartition {
  const { leader, leaderEpoch, replicas, isr, offline } = broker.cluster.leadership(p);
  // Kafka's errorUnavailableEndpoints: v0 leaves out replicas on stopped nodes and says so.
  const replicaNodes = version === 0 ? replicas.filter((id) => !offline.includes(id)) : replicas;
  let errorCode: number = ErrorCode.NONE;
  if (leader === NO_LEADER) errorCode = ErrorCode.LEADER_NOT_AVAILABLE;
  else if (replicaNodes.length < replicas.length) errorCode = ErrorCode.REPLICA_NOT_AVAILABLE;
  return { errorCode, partitionIndex: p.index, leaderId: leader, leaderEpoch, replicaNodes, isrNodes: isr, offlineReplicas: offline };
}

function topicError(errorCode: ErrorCode, name: string | null, topicId: string, operations: number): MetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: operations };
}
