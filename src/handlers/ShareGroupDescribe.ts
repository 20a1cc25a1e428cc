/**
 * ShareGroupDescribe (77), v1 (Kafka 4.1+ removed the early-access v0): a share group's state,
 * epochs, assignor ("simple") and members with their subscriptions and assignments. As Kafka: an
 * unknown id is GROUP_ID_NOT_FOUND "Group X not found.", a classic or consumer group's id
 * GROUP_ID_NOT_FOUND "Group X is not a share group.", and a node that does not coordinate the
 * group NOT_COORDINATOR.
 */
import { ShareGroupDescribe, ShareGroupDescribeGroup, ShareGroupDescribeRequest, ShareGroupDescribeResponse } from '../../wire/apis/ShareGroupDescribe';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { ALL_GROUP_OPERATIONS, OPERATIONS_NOT_REQUESTED, failedGroup, missingGroup } from './groupDescriptions';
import { defineHandler } from './types';

export default defineHandler<ShareGroupDescribeRequest, ShareGroupDescribeResponse>({
  api: ShareGroupDescribe,
  minVersion: 1,
  maxVersion: 1,
  handle(request, ctx) {
    const { consumerGroups, shareGroups } = ctx.broker;
    const groups = request.groupIds.map((groupId): ShareGroupDescribeGroup => {
      if (!coordinatesGroup(ctx, groupId)) return failedGroup(groupId, ErrorCode.NOT_COORDINATOR, null);
      const view = shareGroups.describe(groupId);
      if (!view) return missingGroup(ctx, groupId, 'share', consumerGroups.has(groupId));
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        groupId,
        groupState: view.state,
        groupEpoch: view.groupEpoch,
        assignmentEpoch: view.assignmentEpoch,
        assignorName: 'simple',
        members: view.members.map((m) => ({
          memberId: m.memberId,
          rackId: m.rackId,
          memberEpoch: m.memberEpoch,
          clientId: m.clientId,
          clientHost: m.clientHost,
          subscribedTopicNames: m.subscribedTopicNames,
          assignment: { topicPartitions: m.assignment.map((t) => ({ topicId: t.topicId, topicName: t.topic, partitions: t.partitions })) },
        })),
        authorizedOperations: request.includeAuthorizedOperations ? ALL_GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED,
      };
    });
    return { throttleTimeMs: 0, groups };
  },
});
