/** Heartbeat: keeps a member's session alive; 27 tells it a rebalance is under way, 16 to find the coordinator again. */
import { Heartbeat, HeartbeatRequest, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler } from './types';

export default defineHandler<HeartbeatRequest, HeartbeatResponse>({
  api: Heartbeat,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    if (!coordinatesGroup(ctx, request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    const errorCode = ctx.broker.groups.heartbeat(request.groupId, request.memberId, request.generationId, request.groupInstanceId);
    return { throttleTimeMs: 0, errorCode };
  },
});
