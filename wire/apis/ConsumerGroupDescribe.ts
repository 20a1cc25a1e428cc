/**
 * ConsumerGroupDescribe (key 69), version 0, flexible.
 *
 * The admin client's description of a KIP-848 consumer group (the new-protocol counterpart of
 * DescribeGroups): group and assignment epochs, the assignor, and per member its subscription,
 * current and target assignment (topics by id and name). An unknown group is answered per group
 * with GROUP_ID_NOT_FOUND (69); AuthorizedOperations is INT32_MIN when not requested.
 * librdkafka 2.15 sends v0 only.
 */
import { api, arrayOf, field, message, struct } from '../schema';

export interface ConsumerGroupDescribeRequest {
  groupIds: string[];
  includeAuthorizedOperations: boolean;
}

export interface ConsumerGroupDescribeTopicPartitions {
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface ConsumerGroupDescribeAssignment {
  topicPartitions: ConsumerGroupDescribeTopicPartitions[];
}

export interface ConsumerGroupDescribeMember {
  memberId: string;
  /** Nullable, default null. */
  instanceId: string | null;
  /** Nullable, default null. */
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  /** Nullable, default null. */
  subscribedTopicRegex: string | null;
  assignment: ConsumerGroupDescribeAssignment;
  targetAssignment: ConsumerGroupDescribeAssignment;
}

export interface ConsumerGroupDescribeGroup {
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  groupId: string;
  /** "Empty", "Assigning", "Reconciling", "Stable", "Dead", or "" with an error. */
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupDescribeMember[];
  /** Bitfield; default -2147483648 (not requested). */
  authorizedOperations: number;
}

export interface ConsumerGroupDescribeResponse {
  throttleTimeMs: number;
  groups: ConsumerGroupDescribeGroup[];
}

// Kafka's common structs TopicPartitions and Assignment (a non-nullable struct: no marker byte).
const assignment = () =>
  struct([
    field(
      'topicPartitions',
      arrayOf([
        field('topicId', 'uuid', '0+'),
        field('topicName', 'string', '0+'),
        field('partitions', arrayOf('int32'), '0+'),
      ]),
      '0+',
    ),
  ]);

export const ConsumerGroupDescribe = api(
  message('request', 'ConsumerGroupDescribeRequest', 69, '0', '0+', [
    field('groupIds', arrayOf('string'), '0+'),
    field('includeAuthorizedOperations', 'bool', '0+'),
  ]),
  message('response', 'ConsumerGroupDescribeResponse', 69, '0', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'groups',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
        field('groupId', 'string', '0+'),
        field('groupState', 'string', '0+'),
        field('groupEpoch', 'int32', '0+'),
        field('assignmentEpoch', 'int32', '0+'),
        field('assignorName', 'string', '0+'),
        field(
          'members',
          arrayOf([
            field('memberId', 'string', '0+'),
            field('instanceId', 'string', '0+', { nullable: '0+', default: null }),
            field('rackId', 'string', '0+', { nullable: '0+', default: null }),
            field('memberEpoch', 'int32', '0+'),
            field('clientId', 'string', '0+'),
            field('clientHost', 'string', '0+'),
            field('subscribedTopicNames', arrayOf('string'), '0+'),
            field('subscribedTopicRegex', 'string', '0+', { nullable: '0+', default: null }),
            field('assignment', assignment(), '0+'),
            field('targetAssignment', assignment(), '0+'),
          ]),
          '0+',
        ),
        field('authorizedOperations', 'int32', '0+', { default: -2147483648 }),
      ]),
      '0+',
    ),
  ]),
);
