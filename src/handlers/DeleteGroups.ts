/** DeleteGroups: removes empty groups with their committed offsets (68 while members remain, 69 if unknown). */
import { DeleteGroups, DeleteGroupsRequest, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { defineHandler } from './types';

export default defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  api: DeleteGroups,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    return { throttleTimeMs: 0, results: ctx.broker.groups.deleteGroups(request.groupsNames) };
  },
});
