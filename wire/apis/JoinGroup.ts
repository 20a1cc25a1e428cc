/**
 * JoinGroup (key 11), versions 0-9, flexible from 6.
 *
 * v1 adds RebalanceTimeoutMs (in v0 the session timeout doubles as rebalance timeout). v2 adds
 * throttle time. v4+: a member joining with an empty MemberId is answered with 79
 * MEMBER_ID_REQUIRED and the id to use in MemberId; it must join again with that id (KIP-394).
 * v5 adds GroupInstanceId (static membership, KIP-345). v7 returns ProtocolType and makes
 * ProtocolName nullable (KIP-559). v8 adds Reason (KIP-800). v9 adds SkipAssignment.
 * Metadata is opaque to the broker; for consumers it is a ConsumerProtocolSubscription
 * (see consumerProtocol.ts).
 */
import { api, arrayOf, field, message } from '../schema';

export interface JoinGroupRequestProtocol {
  /** The assignor name, e.g. "range", "roundrobin", "RoundRobinAssigner". */
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+, default -1 (then the session timeout is used). */
  rebalanceTimeoutMs: number;
  /** Empty on the first join. */
  memberId: string;
  /** v5+, nullable, default null. Static membership. */
  groupInstanceId: string | null;
  /** "consumer" for consumers. */
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
  /** v8+, nullable, default null. */
  reason: string | null;
}

export interface JoinGroupResponseMember {
  memberId: string;
  /** v5+, nullable, default null. */
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  /** v2+. */
  throttleTimeMs: number;
  errorCode: number;
  /** Default -1. */
  generationId: number;
  /** v7+, nullable, default null. */
  protocolType: string | null;
  /** Nullable v7+. The selected assignor. */
  protocolName: string | null;
  /** The leader's member id. */
  leader: string;
  /** v9+. */
  skipAssignment: boolean;
  /** The joining member's id (also with MEMBER_ID_REQUIRED). */
  memberId: string;
  /** All members with their metadata for the leader; empty for followers. */
  members: JoinGroupResponseMember[];
}

export const JoinGroup = api(
  message('request', 'JoinGroupRequest', 11, '0-9', '6+', [
    field('groupId', 'string', '0+'),
    field('sessionTimeoutMs', 'int32', '0+'),
    field('rebalanceTimeoutMs', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolType', 'string', '0+'),
    field(
      'protocols',
      arrayOf([
        field('name', 'string', '0+'),
        field('metadata', 'bytes', '0+'),
      ]),
      '0+',
    ),
    field('reason', 'string', '8+', { nullable: '8+', default: null }),
  ]),
  message('response', 'JoinGroupResponse', 11, '0-9', '6+', [
    field('throttleTimeMs', 'int32', '2+'),
    field('errorCode', 'int16', '0+'),
    field('generationId', 'int32', '0+', { default: -1 }),
    field('protocolType', 'string', '7+', { nullable: '7+', default: null }),
    field('protocolName', 'string', '0+', { nullable: '7+' }),
    field('leader', 'string', '0+'),
    field('skipAssignment', 'bool', '9+', { default: false }),
    field('memberId', 'string', '0+'),
    field(
      'members',
      arrayOf([
        field('memberId', 'string', '0+'),
        field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
        field('metadata', 'bytes', '0+'),
      ]),
      '0+',
    ),
  ]),
);
