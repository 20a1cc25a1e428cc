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
import { defineHandler } from './types';

const OPERATIONS_NOT_REQUESTED = -2147483648;
/** READ, DELETE, DESCRIBE: the group operations; no ACLs yet, so all are allowed. */
const ALL_GROUP_OPERATIONS = [3, 6, 8].reduce((bits, op) => bits | (1 << op), 0);

export default defineHandler<ShareGroupDescribeRequest, ShareGroupDescribeResponse>({
  api: ShareGroupDescribe,
  minVersion: 1,
  maxVersion: 1,
  handle(request, ctx) {
    const { consumerGroups, shareGroups, groups: classic } = ctx.broker;
    const groups = request.groupIds.map((groupId): ShareGroupDescribeGroup => {
      if (!coordinatesGroup(ctx, groupId)) return failed(groupId, ErrorCode.NOT_COORDINATOR, null);
      const view = shareGroups.describe(groupId);
      if (!view) {
        const classicState = classic.describeGroup(groupId).state;
        if (classicState === '') return failed(groupId, ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
        const otherKind = consumerGroups.has(groupId) || classicState !== 'Dead';
        return failed(groupId, ErrorCode.GROUP_ID_NOT_FOUND, otherKind ? `Group ${groupId} is not a share group.` : `Group ${groupId} not found.`);
      }
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

function failed(groupId: string, errorCode: ErrorCode, errorMessage: string | null): ShareGroupDescribeGroup {
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
