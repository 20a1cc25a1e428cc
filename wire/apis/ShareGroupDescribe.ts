/**
 * ShareGroupDescribe (key 77), versions 0-1, flexible in all versions. Share groups (KIP-932).
 *
 * The admin client's description of share groups: state, epochs, assignor and members with their
 * subscriptions and assignments. AuthorizedOperations is INT32_MIN when not requested.
 *
 * Where the layouts come from:
 * - v0 (Kafka 4.0 early access): /work/shared/kafka-protocol/ShareGroupDescribe{Request,Response}.json.
 * - v1 (Kafka 4.1+, the first stable version): identical to v0, per Apache Kafka's
 *   ShareGroupDescribe{Request,Response}.json ("Version 1 is the initial stable version"), read
 *   through the search tool. librdkafka 2.15 neither sends nor mocks this API.
 */
import { api, arrayOf, field, message, struct } from '../schema';

export interface ShareGroupDescribeRequest {
  groupIds: string[];
  includeAuthorizedOperations: boolean;
}

export interface ShareGroupDescribeTopicPartitions {
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface ShareGroupDescribeAssignment {
  topicPartitions: ShareGroupDescribeTopicPartitions[];
}

export interface ShareGroupDescribeMember {
  memberId: string;
  /** Nullable, default null. */
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  assignment: ShareGroupDescribeAssignment;
}

export interface ShareGroupDescribeGroup {
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  groupId: string;
  /** "Empty", "Stable", "Dead", or "" on error. */
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupDescribeMember[];
  /** Bitfield; default -2147483648 (not requested). */
  authorizedOperations: number;
}

export interface ShareGroupDescribeResponse {
  throttleTimeMs: number;
  groups: ShareGroupDescribeGroup[];
}

export const ShareGroupDescribe = api(
  message('request', 'ShareGroupDescribeRequest', 77, '0-1', '0+', [
    field('groupIds', arrayOf('string'), '0+'),
    field('includeAuthorizedOperations', 'bool', '0+'),
  ]),
  message('response', 'ShareGroupDescribeResponse', 77, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'groups',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
        field('groupId', 'string', '0+'),
        field('groupState', 'string', '0+'),
        field('groupEpoch', 'int32', '0+'),
        field('assignmentEpoch', 'int32', '0+'),
        field('assignorName', 'string', '0+'),
        field(
          'members',
          arrayOf([
            field('memberId', 'string', '0+'),
            field('rackId', 'string', '0+', { nullable: '0+', default: null }),
            field('memberEpoch', 'int32', '0+'),
            field('clientId', 'string', '0+'),
            field('clientHost', 'string', '0+'),
            field('subscribedTopicNames', arrayOf('string'), '0+'),
            field(
              'assignment',
              struct([
                field(
                  'topicPartitions',
                  arrayOf([
                    field('topicId', 'uuid', '0+'),
                    field('topicName', 'string', '0+'),
                    field('partitions', arrayOf('int32'), '0+'),
                  ]),
                  '0+',
                ),
              ]),
              '0+',
            ),
          ]),
          '0+',
        ),
        field('authorizedOperations', 'int32', '0+', { default: -2147483648 }),
      ]),
      '0+',
    ),
  ]),
);
