/**
 * DeleteGroups: removes empty groups with their committed offsets (68 while members remain, 69 if
 * unknown); groups this node does not coordinate get 16 NOT_COORDINATOR.
 */
import { DeleteGroups, DeleteGroupsRequest, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import { defineHandler } from './types';

export default defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  api: DeleteGroups,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    const mine = request.groupsNames.filter((groupId) => coordinatesGroup(ctx, groupId));
    const deleted = ctx.broker.groups.deleteGroups(mine);
    const results = [...new Set(request.groupsNames)].map(
      (groupId) => deleted.find((r) => r.groupId === groupId) ?? { groupId, errorCode: ErrorCode.NOT_COORDINATOR },
    );
    return { throttleTimeMs: 0, results };
  },
});
