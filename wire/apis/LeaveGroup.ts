/**
 * LeaveGroup (key 13), versions 0-5, flexible from 4.
 *
 * v0-2 name one MemberId. v3 batches: Members (member id and/or group instance id) with a result
 * per member in the response (KIP-345). v1 adds throttle time. v5 adds a per-member Reason (KIP-800).
 */
import { api, arrayOf, field, message } from '../schema';

export interface LeaveGroupMemberIdentity {
  memberId: string;
  /** Nullable, default null. */
  groupInstanceId: string | null;
  /** v5+, nullable, default null. */
  reason: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** v0-2. */
  memberId: string;
  /** v3+. */
  members: LeaveGroupMemberIdentity[];
}

export interface LeaveGroupMemberResponse {
  memberId: string;
  /** Nullable. */
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  /** v3+. */
  members: LeaveGroupMemberResponse[];
}

export const LeaveGroup = api(
  message('request', 'LeaveGroupRequest', 13, '0-5', '4+', [
    field('groupId', 'string', '0+'),
    field('memberId', 'string', '0-2'),
    field(
      'members',
      arrayOf([
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
        field('reason', 'string', '5+', { nullable: '5+', default: null }),
      ]),
      '3+',
    ),
  ]),
  message('response', 'LeaveGroupResponse', 13, '0-5', '4+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field(
      'members',
      arrayOf([
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+' }),
        field('errorCode', 'int16', '3+'),
      ]),
      '3+',
    ),
  ]),
);
