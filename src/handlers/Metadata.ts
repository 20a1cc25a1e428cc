/** Metadata: this one broker, and the topics asked for (auto-creating them when allowed). */
import {
  Metadata,
  MetadataRequest,
  MetadataResponse,
  MetadataResponseTopic,
} from '../../wire/apis/Metadata';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { Topic } from '../topics/TopicRegistry';
import { createTopic } from '../topics/createTopic';
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

    const topics: MetadataResponseTopic[] = all
      ? broker.topics.list().map((t) => describeTopic(broker, t, operations))
      : request.topics!.map((wanted) => {
          if (wanted.name === null) {
            const byId = broker.topics.getById(wanted.topicId);
            if (!byId) return topicError(ErrorCode.UNKNOWN_TOPIC_ID, null, wanted.topicId, operations);
            return describeTopic(broker, byId, operations);
          }
          const existing = broker.topics.get(wanted.name);
          if (existing) return describeTopic(broker, existing, operations);
          if (!allowCreate) return topicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, wanted.name, ZERO_UUID, operations);
          const created = createTopic(broker, wanted.name, broker.config.numPartitions, {});
          if ('errorCode' in created) return topicError(created.errorCode, wanted.name, ZERO_UUID, operations);
          broker.logger.info({ topic: wanted.name, partitions: broker.config.numPartitions }, 'auto-created topic');
          return describeTopic(broker, created, operations);
        });

    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: broker.config.nodeId, host: broker.advertised.host, port: broker.advertised.port, rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.config.nodeId,
      topics,
      clusterAuthorizedOperations: OPERATIONS_NOT_REQUESTED,
    };
  },
});

function describeTopic(broker: BrokerState, topic: Topic, operations: number): MetadataResponseTopic {
  const node = broker.config.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: INTERNAL_TOPICS.has(topic.name),
    partitions: topic.partitions.map((p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: node,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: operations,
  };
}

function topicError(errorCode: ErrorCode, name: string | null, topicId: string, operations: number): MetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: operations };
}
