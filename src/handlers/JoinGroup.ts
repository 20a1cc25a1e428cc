/**
 * JoinGroup: hands the request to the group coordinator and waits for the join phase to end.
 * Version differences resolved here: v0 has no rebalance timeout (the session timeout serves),
 * v4+ members without an id must first ask for one (MEMBER_ID_REQUIRED), v9+ may skip the
 * assignment, and before v7 a missing protocol name is sent as "".
 * A node that does not coordinate the group answers NOT_COORDINATOR.
 */
import { JoinGroup, JoinGroupRequest, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { joinError, JoinGroupResult } from '../groups/types';
import { defineHandler, RequestContext } from './types';

export default defineHandler<JoinGroupRequest, JoinGroupResponse>({
  api: JoinGroup,
  minVersion: 0,
  maxVersion: 9,
  async handle(request, ctx) {
    const version = ctx.apiVersion;
    const result = coordinatesGroup(ctx, request.groupId)
      ? await join(request, ctx)
      : joinError(request.memberId, ErrorCode.NOT_COORDINATOR);
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      protocolName: result.protocolName ?? (version < 7 ? '' : null),
      leader: result.leader,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members,
    };
  },
});

function join(request: JoinGroupRequest, ctx: RequestContext): Promise<JoinGroupResult> {
  const version = ctx.apiVersion;
  return ctx.broker.groups.joinGroup({
    groupId: request.groupId,
    memberId: request.memberId,
    groupInstanceId: request.groupInstanceId,
    requireKnownMemberId: version >= 4,
    supportSkippingAssignment: version >= 9,
    clientId: ctx.clientId ?? '',
    clientHost: clientHost(ctx),
    rebalanceTimeoutMs: version === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
    sessionTimeoutMs: request.sessionTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols,
    reason: request.reason,
  });
}

/** As Kafka shows a member's host: the client's address after a slash ("/127.0.0.1"). */
function clientHost(ctx: RequestContext): string {
  if (!ctx.peer) return '';
  const address = ctx.peer.slice(0, ctx.peer.lastIndexOf(':')).replace(/^::ffff:(?=\d+\.)/, '');
  return `/${address}`;
}
