/** What the describe APIs of KIP-848 and share groups (ConsumerGroupDescribe, ShareGroupDescribe) share. */
import { ErrorCode } from '../../wire/errors';
import type { RequestContext } from './types';

/** Kafka's "authorized operations not asked for". */
export const OPERATIONS_NOT_REQUESTED = -2147483648;
/** READ, DELETE, DESCRIBE: the group operations; no ACLs yet, so all are allowed. */
export const ALL_GROUP_OPERATIONS = [3, 6, 8].reduce((bits, op) => bits | (1 << op), 0);

/** A described group that failed: the fields both responses carry, empty. */
export function failedGroup(groupId: string, errorCode: ErrorCode, errorMessage: string | null) {
  return {
    errorCode,
    errorMessage,
    groupId,
    groupState: '',
    groupEpoch: 0,
    assignmentEpoch: 0,
    assignorName: '',
    members: [],
    authorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}

/**
 * Why a group id is not a group of this kind, as Kafka answers: GROUP_ID_NOT_FOUND "Group X is not
 * a <kind> group." when another kind holds the id, "Group X not found." when nobody does.
 */
export function missingGroup(ctx: RequestContext, groupId: string, kind: 'consumer' | 'share', otherModernKindHas: boolean) {
  const classicState = ctx.broker.groups.describeGroup(groupId).state;
  if (classicState === '') return failedGroup(groupId, ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
  const otherKind = otherModernKindHas || classicState !== 'Dead';
  return failedGroup(groupId, ErrorCode.GROUP_ID_NOT_FOUND, otherKind ? `Group ${groupId} is not a ${kind} group.` : `Group ${groupId} not found.`);
}
