/**
 * ConsumerGroupDescribe (key 69, KIP-848) byte fixtures, written by hand from
 * ConsumerGroupDescribeRequest/Response.json. Version 0 only, flexible; no tagged fields are
 * defined. Assignment and TargetAssignment are non-nullable structs: no marker byte, their own
 * tagged-field section. librdkafka 2.15 sends v0 (rd_kafka_ConsumerGroupDescribeRequest).
 */
import {
  ConsumerGroupDescribe,
  ConsumerGroupDescribeRequest,
  ConsumerGroupDescribeResponse,
} from '../../wire/apis/ConsumerGroupDescribe';
import { ErrorCode } from '../../wire/errors';
import { UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ConsumerGroupDescribeRequest, bytes: string) =>
  fixture(title, ConsumerGroupDescribe.request, version, value, bytes);
const response = (title: string, version: number, value: ConsumerGroupDescribeResponse, bytes: string) =>
  fixture(title, ConsumerGroupDescribe.response, version, value, bytes);

const G = '67'; // "g"
const H = '68'; // "h"
const X = '78'; // "x"
const M = '6d'; // "m"
const N = '6e'; // "n"
const C = '63'; // "c"
const T = '74'; // "t"
const U = '75'; // "u"
const I = '69'; // "i"
const R1 = '7231'; // "r1"
const NO = '6e6f'; // "no"
const STABLE = '537461626c65'; // "Stable", 6 bytes
const UNIFORM = '756e69666f726d'; // "uniform", 7 bytes
const HOST = '2f3132372e302e302e31'; // "/127.0.0.1", 10 bytes
const REGEX = '5e742e2a'; // "^t.*", 4 bytes

// ---- request ----

request(
  'oldest = newest = first flexible',
  0,
  { groupIds: ['g', 'h'], includeAuthorizedOperations: true },
  '03' + // groupIds: 2
    '02' + G + //   "g"
    '02' + H + //   "h"
    '01' + // includeAuthorizedOperations = true
    '00', // tagged fields: none
);

request(
  'no groups',
  0,
  { groupIds: [], includeAuthorizedOperations: false },
  '01' + // groupIds: 0
    '00' + // includeAuthorizedOperations = false
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest = newest: a stable group with two members, and an unknown group',
  0,
  {
    throttleTimeMs: 0,
    groups: [
      {
        errorCode: 0,
        errorMessage: null,
        groupId: 'g',
        groupState: 'Stable',
        groupEpoch: 3,
        assignmentEpoch: 3,
        assignorName: 'uniform',
        members: [
          {
            memberId: 'm',
            instanceId: null,
            rackId: 'r1',
            memberEpoch: 3,
            clientId: 'c',
            clientHost: '/127.0.0.1',
            subscribedTopicNames: ['t'],
            subscribedTopicRegex: null,
            assignment: { topicPartitions: [{ topicId: UUID_A, topicName: 't', partitions: [0, 1] }] },
            targetAssignment: {
              topicPartitions: [
                { topicId: UUID_A, topicName: 't', partitions: [0] },
                { topicId: UUID_B, topicName: 'u', partitions: [] },
              ],
            },
          },
          {
            memberId: 'n',
            instanceId: 'i',
            rackId: null,
            memberEpoch: 2,
            clientId: '',
            clientHost: '/127.0.0.1',
            subscribedTopicNames: [],
            subscribedTopicRegex: '^t.*',
            assignment: { topicPartitions: [] },
            targetAssignment: { topicPartitions: [] },
          },
        ],
        authorizedOperations: 0x0f00,
      },
      {
        errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
        errorMessage: 'no',
        groupId: 'x',
        groupState: '',
        groupEpoch: 0,
        assignmentEpoch: 0,
        assignorName: '',
        members: [],
        authorizedOperations: -2147483648,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // groups: 2
    // group "g"
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '02' + G + //   groupId = "g"
    '07' + STABLE + //   groupState = "Stable"
    '00000003' + //   groupEpoch = 3
    '00000003' + //   assignmentEpoch = 3
    '08' + UNIFORM + //   assignorName = "uniform"
    '03' + //   members: 2
    // member "m"
    '02' + M + //     memberId = "m"
    '00' + //     instanceId = null
    '03' + R1 + //     rackId = "r1"
    '00000003' + //     memberEpoch = 3
    '02' + C + //     clientId = "c"
    '0b' + HOST + //     clientHost = "/127.0.0.1"
    '02' + '02' + T + //     subscribedTopicNames: 1, "t"
    '00' + //     subscribedTopicRegex = null
    '02' + //     assignment.topicPartitions: 1 (no marker: not nullable)
    UUID_A_HEX + //       topicId
    '02' + T + //       topicName = "t"
    '03' + '00000000' + '00000001' + //       partitions: [0, 1]
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none (of assignment)
    '03' + //     targetAssignment.topicPartitions: 2
    UUID_A_HEX + //       topicId
    '02' + T + //       topicName = "t"
    '02' + '00000000' + //       partitions: [0]
    '00' + //       tagged fields: none
    UUID_B_HEX + //       topicId
    '02' + U + //       topicName = "u"
    '01' + //       partitions: 0
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none (of targetAssignment)
    '00' + //     tagged fields: none (of member)
    // member "n"
    '02' + N + //     memberId = "n"
    '02' + I + //     instanceId = "i"
    '00' + //     rackId = null
    '00000002' + //     memberEpoch = 2
    '01' + //     clientId = ""
    '0b' + HOST + //     clientHost
    '01' + //     subscribedTopicNames: 0
    '05' + REGEX + //     subscribedTopicRegex = "^t.*"
    '01' + '00' + //     assignment: topicPartitions 0, tagged fields: none
    '01' + '00' + //     targetAssignment: topicPartitions 0, tagged fields: none
    '00' + //     tagged fields: none (of member)
    '00000f00' + //   authorizedOperations = 0x0f00
    '00' + //   tagged fields: none (of group)
    // group "x"
    '0045' + //   errorCode = 69 GROUP_ID_NOT_FOUND
    '03' + NO + //   errorMessage = "no"
    '02' + X + //   groupId = "x"
    '01' + //   groupState = ""
    '00000000' + //   groupEpoch = 0
    '00000000' + //   assignmentEpoch = 0
    '01' + //   assignorName = ""
    '01' + //   members: 0
    '80000000' + //   authorizedOperations = INT32_MIN (not requested)
    '00' + //   tagged fields: none (of group)
    '00', // tagged fields: none
);

response(
  'no groups, throttled',
  0,
  { throttleTimeMs: 250, groups: [] },
  '000000fa' + // throttleTimeMs = 250
    '01' + // groups: 0
    '00', // tagged fields: none
);
