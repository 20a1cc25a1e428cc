/**
 * ListGroups: every group, including those that only have committed offsets. v4 filters by state
 * (case-insensitive), v5 by type: all our groups are "classic", so a type filter without "classic"
 * lists nothing, as Kafka's classic coordinator. Each node lists the groups it coordinates (admin
 * clients ask every node and merge the lists).
 */
import { ListGroups, ListGroupsRequest, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { ErrorCode } from '../../wire/errors';
import { CoordinatorType } from '../cluster/ClusterView';
import { defineHandler } from './types';

const CLASSIC = 'classic';

export default defineHandler<ListGroupsRequest, ListGroupsResponse>({
  api: ListGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const statesFilter = ctx.apiVersion >= 4 ? request.statesFilter : [];
    const typesFilter = ctx.apiVersion >= 5 ? request.typesFilter : [];
    const all = ctx.broker.groups.listGroups(statesFilter);
    if (all === null) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const listed = all.filter((g) => ctx.broker.cluster.coordinates(ctx.nodeId, CoordinatorType.Group, g.groupId));
    const classicWanted = typesFilter.length === 0 || typesFilter.some((t) => t.toLowerCase() === CLASSIC);
    const groups = classicWanted
      ? listed.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: CLASSIC }))
      : [];
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
});
