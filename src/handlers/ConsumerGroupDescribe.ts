/**
 * ConsumerGroupDescribe (69), v0: a KIP-848 group's epochs, assignor and members with their
 * current and target assignments. As Kafka: an unknown id is GROUP_ID_NOT_FOUND "Group X not
 * found.", a classic or share group's id GROUP_ID_NOT_FOUND "Group X is not a consumer group.",
 * and a node that does not coordinate the group NOT_COORDINATOR.
 */
import {
  ConsumerGroupDescribe,
  ConsumerGroupDescribeGroup,
  ConsumerGroupDescribeRequest,
  ConsumerGroupDescribeResponse,
} from '../../wire/apis/ConsumerGroupDescribe';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler } from './types';

const OPERATIONS_NOT_REQUESTED = -2147483648;
/** READ, DELETE, DESCRIBE: the group operations; no ACLs yet, so all are allowed. */
const ALL_GROUP_OPERATIONS = [3, 6, 8].reduce((bits, op) => bits | (1 << op), 0);

export default defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  api: ConsumerGroupDescribe,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const { consumerGroups, shareGroups, groups: classic } = ctx.broker;
    const groups = request.groupIds.map((groupId): ConsumerGroupDescribeGroup => {
      if (!coordinatesGroup(ctx, groupId)) return failed(groupId, ErrorCode.NOT_COORDINATOR, null);
      const view = consumerGroups.describe(groupId);
      if (!view) {
        const classicState = classic.describeGroup(groupId).state;
        if (classicState === '') return failed(groupId, ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
        const otherKind = shareGroups.has(groupId) || classicState !== 'Dead';
        return failed(groupId, ErrorCode.GROUP_ID_NOT_FOUND, otherKind ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`);
      }
      const assignment = (list: { topic: string; topicId: string; partitions: number[] }[]) => ({
        topicPartitions: list.map((t) => ({ topicId: t.topicId, topicName: t.topic, partitions: t.partitions })),
      });
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        groupId,
        groupState: view.state,
        groupEpoch: view.groupEpoch,
        assignmentEpoch: view.assignmentEpoch,
        assignorName: view.assignorName,
        members: view.members.map((m) => ({
          memberId: m.memberId,
          instanceId: m.instanceId,
          rackId: m.rackId ?? null,
          memberEpoch: m.memberEpoch,
          clientId: m.clientId,
          clientHost: m.clientHost,
          subscribedTopicNames: m.subscribedTopicNames,
          subscribedTopicRegex: m.subscribedTopicRegex,
          assignment: assignment(m.assignment),
          targetAssignment: assignment(m.targetAssignment),
        })),
        authorizedOperations: request.includeAuthorizedOperations ? ALL_GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED,
      };
    });
    return { throttleTimeMs: 0, groups };
  },
});

function failed(groupId: string, errorCode: ErrorCode, errorMessage: string | null): ConsumerGroupDescribeGroup {
  return {
    errorCode,
    errorMessage,
    groupId,
    groupState: '',
    groupEpoch: 0,
    assignmentEpoch: 0,
    assignorName: '',
    members: [],
    authorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}
