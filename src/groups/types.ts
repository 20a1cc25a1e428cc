/**
 * What the group coordinator takes and gives: Kafka's request and result shapes with the wire
 * versions already resolved by the handlers (a v0 JoinGroup arrives with its rebalance timeout
 * filled in, a v0-2 LeaveGroup as a batch of one, and so on).
 */
import type { ErrorCode } from '../../wire/errors';

const NO_BYTES = Buffer.alloc(0);

/** Kafka's empty member id: a member that has not been given one yet. */
export const UNKNOWN_MEMBER_ID = '';

/** Kafka's state names, as DescribeGroups and ListGroups report them. */
export enum GroupState {
  Empty = 'Empty',
  PreparingRebalance = 'PreparingRebalance',
  CompletingRebalance = 'CompletingRebalance',
  Stable = 'Stable',
  Dead = 'Dead',
}

/** One protocol a member supports (for consumers: an assignor and its subscription). */
export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupParams {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  /** JoinGroup v4+: a member without an id first gets MEMBER_ID_REQUIRED and an id to rejoin with. */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a rejoining static leader may be told to skip the assignment. */
  supportSkippingAssignment: boolean;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  reason: string | null;
}

export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: ErrorCode;
  memberId: string;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  /** Every member with its metadata for the chosen protocol, for the leader; empty for followers. */
  members: JoinGroupMember[];
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** null when the request version does not carry them (before v5). */
  protocolType: string | null;
  protocolName: string | null;
  /** From the leader; empty from followers. */
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncGroupResult {
  errorCode: ErrorCode;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface LeavingMember {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupResult {
  errorCode: ErrorCode;
  members: (LeavingMember & { errorCode: ErrorCode })[];
}

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupDescription {
  errorCode: ErrorCode;
  groupId: string;
  /** A state name, or '' with an error. */
  state: string;
  protocolType: string;
  /** The chosen protocol (Stable groups only, as Kafka), else ''. */
  protocolName: string;
  members: DescribedMember[];
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: GroupState;
}

/** The answer to a JoinGroup that failed. */
export function joinError(memberId: string, errorCode: ErrorCode): JoinGroupResult {
  return {
    errorCode,
    memberId,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    members: [],
  };
}

/** The answer to a SyncGroup that failed. */
export function syncError(errorCode: ErrorCode): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: NO_BYTES };
}
