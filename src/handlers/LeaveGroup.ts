/**
 * LeaveGroup: v0-2 name one member and answer with one error code (the member's, as Kafka folds
 * it into the top level); v3+ name a batch of members (by member id and/or group instance id)
 * and answer per member. A node that does not coordinate the group answers NOT_COORDINATOR.
 */
import { LeaveGroup, LeaveGroupRequest, LeaveGroupResponse } from '../../wire/apis/LeaveGroup';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler } from './types';

export default defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  api: LeaveGroup,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    if (!coordinatesGroup(ctx, request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    const batched = ctx.apiVersion >= 3;
    const leaving = batched
      ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
      : [{ memberId: request.memberId, groupInstanceId: null }];
    const result = ctx.broker.groups.leaveGroup(request.groupId, leaving);
    if (batched) return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
    const memberError = result.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
    return { throttleTimeMs: 0, errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError, members: [] };
  },
});
