/**
 * DeleteGroups: removes empty groups of every kind with their committed offsets (68
 * NON_EMPTY_GROUP while members remain, 69 GROUP_ID_NOT_FOUND if unknown); groups this node does
 * not coordinate get 16 NOT_COORDINATOR. KIP-848 consumer groups and share groups are deleted by
 * their own coordinators.
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
    const { groups, consumerGroups, shareGroups } = ctx.broker;
    const mine = [...new Set(request.groupsNames)].filter((groupId) => coordinatesGroup(ctx, groupId));
    const other = new Map<string, ErrorCode>();
    for (const groupId of mine) {
      if (consumerGroups.has(groupId)) other.set(groupId, consumerGroups.deleteGroup(groupId));
      else if (shareGroups.has(groupId)) other.set(groupId, shareGroups.deleteGroup(groupId));
    }
    const deleted = groups.deleteGroups(mine.filter((groupId) => !other.has(groupId)));
    const results = [...new Set(request.groupsNames)].map((groupId) => {
      const code = other.get(groupId);
      if (code !== undefined) return { groupId, errorCode: code };
      return deleted.find((r) => r.groupId === groupId) ?? { groupId, errorCode: ErrorCode.NOT_COORDINATOR };
    });
    return { throttleTimeMs: 0, results };
  },
});
