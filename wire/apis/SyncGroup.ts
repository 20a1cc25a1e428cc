/**
 * SyncGroup (key 14), versions 0-5, flexible from 4.
 *
 * The leader sends every member's assignment; followers send none. Each member gets its own
 * Assignment back (empty bytes if the leader gave it none). v1 adds throttle time. v3 adds
 * GroupInstanceId. v5 adds ProtocolType/ProtocolName to both sides (KIP-559): the broker rejects
 * ones inconsistent with the group (INCONSISTENT_GROUP_PROTOCOL). Assignment is opaque to the
 * broker; for consumers it is a ConsumerProtocolAssignment (see consumerProtocol.ts).
 */
import { api, arrayOf, field, message } from '../schema';

export interface SyncGroupRequestAssignment {
  memberId: string;
  assignment: Buffer;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+, nullable, default null. */
  groupInstanceId: string | null;
  /** v5+, nullable, default null. */
  protocolType: string | null;
  /** v5+, nullable, default null. */
  protocolName: string | null;
  /** From the leader only. */
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  /** v5+, nullable, default null. */
  protocolType: string | null;
  /** v5+, nullable, default null. */
  protocolName: string | null;
  assignment: Buffer;
}

export const SyncGroup = api(
  message('request', 'SyncGroupRequest', 14, '0-5', '4+', [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field(
      'assignments',
      arrayOf([
        field('memberId', 'string', '0+'),
        field('assignment', 'bytes', '0+'),
      ]),
      '0+',
    ),
  ]),
  message('response', 'SyncGroupResponse', 14, '0-5', '4+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field('assignment', 'bytes', '0+'),
  ]),
);
