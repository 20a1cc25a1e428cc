/**
 * ConsumerGroupHeartbeat (key 68), versions 0-1, flexible in all versions.
 *
 * The next-generation consumer group protocol (KIP-848): one request replaces JoinGroup,
 * SyncGroup, Heartbeat and LeaveGroup, and the coordinator computes the assignment. A member
 * joins with MemberEpoch 0, leaves with -1 (-2: a static member that will rejoin). Most fields
 * are null ("unchanged since the last heartbeat"); a full heartbeat sends them all.
 * Partitions are named by topic id, never by name.
 *
 * v1 adds SubscribedTopicRegex (a regex subscription resolved by the broker) and the error
 * INVALID_REGULAR_EXPRESSION (128). librdkafka 2.15 speaks only v1 (rd_kafka_broker_ApiVersion_supported
 * with min = max = 1: a broker offering only v0 is "not supported"); Kafka 4 Java clients use v0-1.
 */
import { api, arrayOf, field, message, struct } from '../schema';

/** Topic-id-keyed partitions, as the member reports them and the coordinator assigns them. */
export interface ConsumerGroupHeartbeatTopicPartitions {
  topicId: string;
  partitions: number[];
}

export interface ConsumerGroupHeartbeatRequest {
  groupId: string;
  /** Chosen by the client (KIP-1082): librdkafka 2.15 sends a random base64 uuid from the first heartbeat. */
  memberId: string;
  /** 0 to join, -1 to leave, -2 for a static member that will rejoin; else the current epoch. */
  memberEpoch: number;
  /** Nullable, default null (not static, or unchanged). */
  instanceId: string | null;
  /** Nullable, default null (no rack, or unchanged). */
  rackId: string | null;
  /** Default -1 (unchanged). */
  rebalanceTimeoutMs: number;
  /** Nullable, default null (unchanged). */
  subscribedTopicNames: string[] | null;
  /** v1+, nullable, default null (unchanged). */
  subscribedTopicRegex: string | null;
  /** Nullable, default null (broker's default assignor, or unchanged), e.g. "uniform", "range". */
  serverAssignor: string | null;
  /** Nullable, default null (unchanged). The partitions the member owns. */
  topicPartitions: ConsumerGroupHeartbeatTopicPartitions[] | null;
}

export interface ConsumerGroupHeartbeatAssignment {
  topicPartitions: ConsumerGroupHeartbeatTopicPartitions[];
}

export interface ConsumerGroupHeartbeatResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  /** Nullable, default null. Set when the member joins with epoch 0. */
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  /** Nullable struct, default null (assignment unchanged). */
  assignment: ConsumerGroupHeartbeatAssignment | null;
}

const topicPartitions = () =>
  arrayOf([
    field('topicId', 'uuid', '0+'),
    field('partitions', arrayOf('int32'), '0+'),
  ]);

export const ConsumerGroupHeartbeat = api(
  message('request', 'ConsumerGroupHeartbeatRequest', 68, '0-1', '0+', [
    field('groupId', 'string', '0+'),
    field('memberId', 'string', '0+'),
    field('memberEpoch', 'int32', '0+'),
    field('instanceId', 'string', '0+', { nullable: '0+', default: null }),
    field('rackId', 'string', '0+', { nullable: '0+', default: null }),
    field('rebalanceTimeoutMs', 'int32', '0+', { default: -1 }),
    field('subscribedTopicNames', arrayOf('string'), '0+', { nullable: '0+', default: null }),
    field('subscribedTopicRegex', 'string', '1+', { nullable: '1+', default: null }),
    field('serverAssignor', 'string', '0+', { nullable: '0+', default: null }),
    field('topicPartitions', topicPartitions(), '0+', { nullable: '0+', default: null }),
  ]),
  message('response', 'ConsumerGroupHeartbeatResponse', 68, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('memberId', 'string', '0+', { nullable: '0+', default: null }),
    field('memberEpoch', 'int32', '0+'),
    field('heartbeatIntervalMs', 'int32', '0+'),
    // A nullable struct: one int8 marker (-1 null, 1 present) precedes it.
    field('assignment', struct([field('topicPartitions', topicPartitions(), '0+')]), '0+', { nullable: '0+', default: null }),
  ]),
);
