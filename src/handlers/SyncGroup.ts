/**
 * SyncGroup: the leader brings every member's assignment; followers wait for theirs. From v5 the
 * protocol type and name are mandatory and checked against the group (else 23, as Kafka).
 * A node that does not coordinate the group answers NOT_COORDINATOR.
 */
import { SyncGroup, SyncGroupRequest, SyncGroupResponse } from '../../wire/apis/SyncGroup';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { syncError } from '../groups/types';
import { defineHandler } from './types';

export default defineHandler<SyncGroupRequest, SyncGroupResponse>({
  api: SyncGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle(request, ctx) {
    if (ctx.apiVersion >= 5 && (request.protocolType === null || request.protocolName === null)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
    }
    if (!coordinatesGroup(ctx, request.groupId)) return { throttleTimeMs: 0, ...syncError(ErrorCode.NOT_COORDINATOR) };
    const result = await ctx.broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocolName: request.protocolName,
      assignments: request.assignments,
    });
    return { throttleTimeMs: 0, ...result };
  },
});
