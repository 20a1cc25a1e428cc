/**
 * ConsumerGroupHeartbeat (68), v0-1: KIP-848 membership (ConsumerGroupCoordinator does the work).
 *
 * Group kinds never mix, as Kafka 4 with online migration disabled: an id that is a share group,
 * or a classic group with members, answers GROUP_ID_NOT_FOUND "Group X is not a consumer group."
 * An empty classic group (e.g. only committed offsets) becomes a consumer group and keeps its
 * offsets. We do not migrate non-empty classic groups online.
 */
import { ConsumerGroupHeartbeat, ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../wire/apis/ConsumerGroupHeartbeat';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler, RequestContext } from './types';

export default defineHandler<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>({
  api: ConsumerGroupHeartbeat,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const { groupId } = request;
    if (!coordinatesGroup(ctx, groupId)) return errorResponse(ErrorCode.NOT_COORDINATOR, null);
    const { consumerGroups, shareGroups, groups } = ctx.broker;
    if (groupId !== '' && !consumerGroups.has(groupId)) {
      const classicState = groups.describeGroup(groupId).state;
      const classicWithMembers = classicState !== '' && classicState !== 'Empty' && classicState !== 'Dead';
      if (shareGroups.has(groupId) || classicWithMembers) {
        return errorResponse(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${groupId} is not a consumer group.`);
      }
    }
    const result = consumerGroups.heartbeat({
      apiVersion: ctx.apiVersion,
      groupId,
      memberId: request.memberId,
      memberEpoch: request.memberEpoch,
      instanceId: request.instanceId,
      rackId: request.rackId,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      subscribedTopicNames: request.subscribedTopicNames,
      subscribedTopicRegex: ctx.apiVersion >= 1 ? request.subscribedTopicRegex : null,
      serverAssignor: request.serverAssignor,
      topicPartitions: request.topicPartitions,
      clientId: ctx.clientId ?? '',
      clientHost: clientHost(ctx),
    });
    return { throttleTimeMs: 0, ...result };
  },
});

function errorResponse(errorCode: ErrorCode, errorMessage: string | null): ConsumerGroupHeartbeatResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

/** As Kafka shows a member's host: the client's address after a slash ("/127.0.0.1"). */
function clientHost(ctx: RequestContext): string {
  if (!ctx.peer) return '';
  const address = ctx.peer.slice(0, ctx.peer.lastIndexOf(':')).replace(/^::ffff:(?=\d+\.)/, '');
  return `/${address}`;
}
