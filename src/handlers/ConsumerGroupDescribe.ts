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
import { ALL_GROUP_OPERATIONS, OPERATIONS_NOT_REQUESTED, failedGroup, missingGroup } from './groupDescriptions';
import { defineHandler } from './types';

export default defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  api: ConsumerGroupDescribe,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const { consumerGroups, shareGroups } = ctx.broker;
    const groups = request.groupIds.map((groupId): ConsumerGroupDescribeGroup => {
      if (!coordinatesGroup(ctx, groupId)) return failedGroup(groupId, ErrorCode.NOT_COORDINATOR, null);
      const view = consumerGroups.describe(groupId);
      if (!view) return missingGroup(ctx, groupId, 'consumer', shareGroups.has(groupId));
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
