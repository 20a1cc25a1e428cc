/**
 * ShareGroupHeartbeat (76), v1 (Kafka 4.1+ removed the early-access v0): share group members join
 * (epoch 0, with the member id the client chose), heartbeat and leave (−1); see
 * ShareGroupCoordinator. As Kafka: the request is validated first (INVALID_REQUEST), then a node
 * that does not coordinate the group answers NOT_COORDINATOR, and an id taken by a classic or
 * KIP-848 consumer group GROUP_ID_NOT_FOUND "Group X is not a share group.".
 */
import { ShareGroupHeartbeat, ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse } from '../../wire/apis/ShareGroupHeartbeat';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { validateShareHeartbeat } from '../share/ShareGroupCoordinator';
import { clientHostOf } from '../share/clientHost';
import { defineHandler } from './types';

export default defineHandler<ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse>({
  api: ShareGroupHeartbeat,
  minVersion: 1,
  maxVersion: 1,
  handle(request, ctx) {
    const { shareGroups, consumerGroups, groups: classic } = ctx.broker;
    const heartbeat = { ...request, clientId: ctx.clientId ?? '', clientHost: clientHostOf(ctx.peer) };
    const invalid = validateShareHeartbeat(heartbeat);
    if (invalid) return failure(ErrorCode.INVALID_REQUEST, invalid);
    if (!coordinatesGroup(ctx, request.groupId)) return failure(ErrorCode.NOT_COORDINATOR, null);
    if (!shareGroups.has(request.groupId)) {
      const classicState = classic.describeGroup(request.groupId).state;
      if (classicState === '') return failure(ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
      if (classicState !== 'Dead' || consumerGroups.has(request.groupId)) {
        return failure(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${request.groupId} is not a share group.`);
      }
    }
    return shareGroups.heartbeat(heartbeat);
  },
});

function failure(errorCode: ErrorCode, errorMessage: string | null): ShareGroupHeartbeatResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}
