/**
 * DescribeGroups: each group's state, protocol and members. As Kafka before v6, an unknown group
 * is described as "Dead" without an error. A group this node does not coordinate is answered
 * NOT_COORDINATOR with nothing else, as Kafka's error entries. A KIP-848 consumer group or a share
 * group is "Dead" with no protocol type and no error, as Kafka 4 answers below v6 (v6 would say
 * GROUP_ID_NOT_FOUND "Group X is not a classic group."); ConsumerGroupDescribe describes them.
 */
import { DescribeGroups, DescribeGroupsRequest, DescribeGroupsResponse, DescribedGroup } from '../../wire/apis/DescribeGroups';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler } from './types';

/** Kafka's "not requested" value for authorized-operation bitfields. */
const OPERATIONS_NOT_REQUESTED = -2147483648;
/** READ, DELETE, DESCRIBE: the group operations; no ACLs yet, so all are allowed. */
const ALL_GROUP_OPERATIONS = [3, 6, 8].reduce((bits, op) => bits | (1 << op), 0);

export default defineHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  api: DescribeGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const askedForOperations = ctx.apiVersion >= 3 && request.includeAuthorizedOperations;
    const groups = request.groups.map((groupId) => {
      if (!coordinatesGroup(ctx, groupId)) return notCoordinator(groupId);
      // Kafka 4 before v6: a consumer (KIP-848) or share group is described as Dead, no error.
      if (ctx.broker.consumerGroups.has(groupId) || ctx.broker.shareGroups.has(groupId)) return otherKind(groupId);
      const group = ctx.broker.groups.describeGroup(groupId);
      return {
        errorCode: group.errorCode,
        groupId,
        groupState: group.state,
        protocolType: group.protocolType,
        protocolData: group.protocolName,
        members: group.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        })),
        authorizedOperations: askedForOperations && group.errorCode === ErrorCode.NONE ? ALL_GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED,
      };
    });
    return { throttleTimeMs: 0, groups };
  },
});

function notCoordinator(groupId: string): DescribedGroup {
  return {
    errorCode: ErrorCode.NOT_COORDINATOR,
    groupId,
    groupState: '',
    protocolType: '',
    protocolData: '',
    members: [],
    authorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}

function otherKind(groupId: string): DescribedGroup {
  return { ...notCoordinator(groupId), errorCode: ErrorCode.NONE, groupState: 'Dead' };
}
