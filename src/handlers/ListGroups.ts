/**
 * ListGroups: every group of every kind, including classic groups that only have committed
 * offsets. v4 filters by state (case-insensitive, each kind's own state names), v5 by type
 * (case-insensitive: "classic", "consumer" for KIP-848 groups, "share"; unknown types match
 * nothing). As Kafka, a KIP-848 group's protocol type is "consumer" and a share group's "share".
 * Each node lists the groups it coordinates (admin clients ask every node and merge the lists).
 */
import { ListGroups, ListGroupsRequest, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { ErrorCode } from '../../wire/errors';
import { CoordinatorType } from '../cluster/ClusterView';
import { defineHandler } from './types';

interface Listed {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

export default defineHandler<ListGroupsRequest, ListGroupsResponse>({
  api: ListGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const { groups: classic, consumerGroups, shareGroups, cluster } = ctx.broker;
    const statesFilter = ctx.apiVersion >= 4 ? request.statesFilter : [];
    const typesFilter = ctx.apiVersion >= 5 ? request.typesFilter.map((t) => t.toLowerCase()) : [];
    const classicGroups = classic.listGroups([]);
    if (classicGroups === null) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };

    const otherKind = (id: string) => consumerGroups.has(id) || shareGroups.has(id);
    const all: Listed[] = [
      ...classicGroups
        .filter((g) => !otherKind(g.groupId))
        .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: 'classic' })),
      ...consumerGroups.listGroups().map((g) => ({ groupId: g.groupId, protocolType: 'consumer', groupState: g.state, groupType: 'consumer' })),
      ...shareGroups.listGroups().map((g) => ({ groupId: g.groupId, protocolType: 'share', groupState: g.state, groupType: 'share' })),
    ];
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const groups = all.filter(
      (g) =>
        (states.size === 0 || states.has(g.groupState.toLowerCase())) &&
        (typesFilter.length === 0 || typesFilter.includes(g.groupType)) &&
        cluster.coordinates(ctx.nodeId, CoordinatorType.Group, g.groupId),
    );
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
});
