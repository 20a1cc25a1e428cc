/**
 * DescribeGroups (key 15), versions 0-5, flexible from 5.
 *
 * v1 adds throttle time. v3 adds IncludeAuthorizedOperations / AuthorizedOperations. v4 returns
 * members' GroupInstanceId. GroupState is Kafka's state name ("Empty", "PreparingRebalance",
 * "CompletingRebalance", "Stable", "Dead"); ProtocolData is the selected protocol (the assignor
 * for consumer groups). Kafka fills member metadata/assignment only in the Stable state; a Dead
 * (unknown) group has no members.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeGroupsRequest {
  groups: string[];
  /** v3+. */
  includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  memberId: string;
  /** v4+, nullable, default null. */
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** The member's metadata for the selected protocol (a subscription for consumers). */
  memberMetadata: Buffer;
  /** The member's assignment from the leader. */
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** Kafka's state name, or "". */
  groupState: string;
  /** e.g. "consumer", or "". */
  protocolType: string;
  /** The selected protocol, or "". */
  protocolData: string;
  members: DescribedGroupMember[];
  /** v3+, bitfield; default -2147483648 (not requested). */
  authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  /** v1+. */
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export const DescribeGroups = api(
  message('request', 'DescribeGroupsRequest', 15, '0-5', '5+', [
    field('groups', arrayOf('string'), '0+'),
    field('includeAuthorizedOperations', 'bool', '3+'),
  ]),
  message('response', 'DescribeGroupsResponse', 15, '0-5', '5+', [
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'groups',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('groupId', 'string', '0+'),
        field('groupState', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('protocolData', 'string', '0+'),
        field(
          'members',
          arrayOf([
            field('memberId', 'string', '0+'),
            field('groupInstanceId', 'string', '4+', { nullable: '4+', default: null }),
            field('clientId', 'string', '0+'),
            field('clientHost', 'string', '0+'),
            field('memberMetadata', 'bytes', '0+'),
            field('memberAssignment', 'bytes', '0+'),
          ]),
          '0+',
        ),
        field('authorizedOperations', 'int32', '3+', { default: -2147483648 }),
      ]),
      '0+',
    ),
  ]),
);
