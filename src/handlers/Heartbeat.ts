/** Heartbeat: keeps a member's session alive; 27 tells it a rebalance is under way. */
import { Heartbeat, HeartbeatRequest, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { defineHandler } from './types';

export default defineHandler<HeartbeatRequest, HeartbeatResponse>({
  api: Heartbeat,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const errorCode = ctx.broker.groups.heartbeat(request.groupId, request.memberId, request.generationId, request.groupInstanceId);
    return { throttleTimeMs: 0, errorCode };
  },
});
