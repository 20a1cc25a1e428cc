/**
 * ShareGroupDescribe (key 77) byte fixtures, written by hand from ShareGroupDescribeRequest/
 * Response.json. Flexible in all versions; v1 (Kafka 4.1+) has the v0 layout, so v1 is covered
 * in full and v0 once to pin that.
 */
import {
  ShareGroupDescribe,
  ShareGroupDescribeRequest,
  ShareGroupDescribeResponse,
} from '../../wire/apis/ShareGroupDescribe';
import { UUID_A, UUID_A_HEX, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: ShareGroupDescribeRequest, bytes: string) =>
  fixture(title, ShareGroupDescribe.request, version, value, bytes);
const response = (title: string, version: number, value: ShareGroupDescribeResponse, bytes: string) =>
  fixture(title, ShareGroupDescribe.response, version, value, bytes);

const G = '67'; // "g"
const M = '6d'; // "m"
const T = '74'; // "t"
const C = '63'; // "c"
const SLASH_H = '2f68'; // "/h"
const STABLE = '537461626c65'; // "Stable", 6 bytes
const SIMPLE = '73696d706c65'; // "simple", 6 bytes
const NO = '6e6f'; // "no"

// ---- request ----

const REQUEST_BYTES =
  '02' + '02' + G + // groupIds = ["g"]
  '01' + // includeAuthorizedOperations = true
  '00'; // tagged fields: none

request('newest', 1, { groupIds: ['g'], includeAuthorizedOperations: true }, REQUEST_BYTES);
request('v0 has the v1 layout', 0, { groupIds: ['g'], includeAuthorizedOperations: true }, REQUEST_BYTES);

// ---- response ----

const STABLE_GROUP: ShareGroupDescribeResponse = {
  throttleTimeMs: 0,
  groups: [
    {
      errorCode: 0,
      errorMessage: null,
      groupId: 'g',
      groupState: 'Stable',
      groupEpoch: 2,
      assignmentEpoch: 2,
      assignorName: 'simple',
      members: [
        {
          memberId: 'm',
          rackId: null,
          memberEpoch: 2,
          clientId: 'c',
          clientHost: '/h',
          subscribedTopicNames: ['t'],
          assignment: { topicPartitions: [{ topicId: UUID_A, topicName: 't', partitions: [0] }] },
        },
      ],
      authorizedOperations: -2147483648,
    },
  ],
};

const STABLE_GROUP_BYTES =
  '00000000' + // throttleTimeMs
  '02' + // groups: 1
  '0000' + //   errorCode
  '00' + //   errorMessage = null
  '02' + G + //   groupId = "g"
  '07' + STABLE + //   groupState = "Stable"
  '00000002' + //   groupEpoch = 2
  '00000002' + //   assignmentEpoch = 2
  '07' + SIMPLE + //   assignorName = "simple"
  '02' + //   members: 1
  '02' + M + //     memberId = "m"
  '00' + //     rackId = null
  '00000002' + //     memberEpoch = 2
  '02' + C + //     clientId = "c"
  '03' + SLASH_H + //     clientHost = "/h"
  '02' + '02' + T + //     subscribedTopicNames = ["t"]
  '02' + //     assignment (not nullable, no marker): topicPartitions: 1
  UUID_A_HEX + //       topicId
  '02' + T + //       topicName = "t"
  '02' + '00000000' + //       partitions = [0]
  '00' + //       tagged fields: none
  '00' + //     assignment tagged fields: none
  '00' + //     member tagged fields: none
  '80000000' + //   authorizedOperations = INT32_MIN (not requested)
  '00' + //   group tagged fields: none
  '00'; // tagged fields: none

response('newest: stable group', 1, STABLE_GROUP, STABLE_GROUP_BYTES);
response('v0 has the v1 layout', 0, STABLE_GROUP, STABLE_GROUP_BYTES);

response(
  'newest: unknown group',
  1,
  {
    throttleTimeMs: 0,
    groups: [
      {
        errorCode: 69,
        errorMessage: 'no',
        groupId: 'g',
        groupState: '',
        groupEpoch: 0,
        assignmentEpoch: 0,
        assignorName: '',
        members: [],
        authorizedOperations: 8,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '02' + // groups: 1
    '0045' + //   errorCode = 69 GROUP_ID_NOT_FOUND
    '03' + NO + //   errorMessage = "no"
    '02' + G + //   groupId
    '01' + //   groupState = ""
    '00000000' + //   groupEpoch
    '00000000' + //   assignmentEpoch
    '01' + //   assignorName = ""
    '01' + //   members: 0
    '00000008' + //   authorizedOperations = 8
    '00' + //   group tagged fields: none
    '00', // tagged fields: none
);
