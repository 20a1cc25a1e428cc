/**
 * What the share group admin APIs (DescribeShareGroupOffsets, AlterShareGroupOffsets,
 * DeleteShareGroupOffsets) check before touching a group, as Kafka: the node must coordinate it,
 * and the id must not belong to a classic or consumer group.
 */
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import type { RequestContext } from '../handlers/types';

export interface GroupCheck {
  errorCode: ErrorCode;
  errorMessage: string | null;
  /** Whether a share group with this id exists. */
  exists: boolean;
}

export function checkShareGroup(ctx: RequestContext, groupId: string): GroupCheck {
  const { shareGroups, consumerGroups, groups: classic } = ctx.broker;
  if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, errorMessage: null, exists: false };
  if (!coordinatesGroup(ctx, groupId)) return { errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, exists: false };
  if (shareGroups.has(groupId)) return { errorCode: ErrorCode.NONE, errorMessage: null, exists: true };
  const classicState = classic.describeGroup(groupId).state;
  if (classicState === '') return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: null, exists: false };
  if (classicState !== 'Dead' || consumerGroups.has(groupId)) {
    return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${groupId} is not a share group.`, exists: false };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, exists: false };
}

/**
 * AlterShareGroupOffsets and DeleteShareGroupOffsets: the checks above, then the group must have
 * no members (NON_EMPTY_GROUP); `mustExist`: an unknown group is GROUP_ID_NOT_FOUND.
 */
export function checkEmptyShareGroup(ctx: RequestContext, groupId: string, mustExist: boolean): { errorCode: ErrorCode; errorMessage: string | null } {
  const check = checkShareGroup(ctx, groupId);
  if (check.errorCode !== ErrorCode.NONE) return check;
  if (mustExist && !check.exists) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${groupId} not found.` };
  if (ctx.broker.shareGroups.memberCount(groupId) > 0) {
    return { errorCode: ErrorCode.NON_EMPTY_GROUP, errorMessage: `Share group ${groupId} is not empty.` };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null };
}
