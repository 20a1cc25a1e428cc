/**
 * ConsumerGroupHeartbeat (key 68, KIP-848) byte fixtures, written by hand from
 * ConsumerGroupHeartbeatRequest/Response.json. Versions 0-1, flexible in all versions; no tagged
 * fields are defined. v1 adds SubscribedTopicRegex to the request (between SubscribedTopicNames
 * and ServerAssignor); the response layout is the same in v0 and v1.
 * The v1 request layout was checked against librdkafka 2.15's writer
 * (rd_kafka_ConsumerGroupHeartbeatRequest), the only version librdkafka sends.
 */
import {
  ConsumerGroupHeartbeat,
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
} from '../../wire/apis/ConsumerGroupHeartbeat';
import { decodeMessage, encodeMessage } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import { UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ConsumerGroupHeartbeatRequest, bytes: string) =>
  fixture(title, ConsumerGroupHeartbeat.request, version, value, bytes);
const response = (title: string, version: number, value: ConsumerGroupHeartbeatResponse, bytes: string) =>
  fixture(title, ConsumerGroupHeartbeat.response, version, value, bytes);

const G = '67'; // "g"
const M = '6d'; // "m"
const T = '74'; // "t"
const I = '69'; // "i"
const R1 = '7231'; // "r1"
const NO = '6e6f'; // "no"
const UNIFORM = '756e69666f726d'; // "uniform", 7 bytes
const REGEX = '5e742e2a'; // "^t.*", 4 bytes

// ---- request ----

const joinV0: ConsumerGroupHeartbeatRequest = {
  groupId: 'g',
  memberId: '',
  memberEpoch: 0,
  instanceId: null,
  rackId: null,
  rebalanceTimeoutMs: 300000,
  subscribedTopicNames: ['t'],
  subscribedTopicRegex: null, // absent from v0
  serverAssignor: 'uniform',
  topicPartitions: [],
};
const JOIN_V0 =
  '02' + G + // groupId = "g"
  '01' + // memberId = ""
  '00000000' + // memberEpoch = 0 (join)
  '00' + // instanceId = null
  '00' + // rackId = null
  '000493e0' + // rebalanceTimeoutMs = 300000
  '02' + '02' + T + // subscribedTopicNames: 1, "t"
  '08' + UNIFORM + // serverAssignor = "uniform"
  '01' + // topicPartitions: 0 (owns nothing yet)
  '00'; // tagged fields: none

request('oldest = first flexible: a member joins', 0, joinV0, JOIN_V0);

request(
  'oldest: a steady heartbeat, unchanged fields null, owned partitions by topic id',
  0,
  {
    groupId: 'g',
    memberId: 'm',
    memberEpoch: 5,
    instanceId: 'i',
    rackId: 'r1',
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: [
      { topicId: UUID_A, partitions: [0, 2] },
      { topicId: UUID_B, partitions: [] },
    ],
  },
  '02' + G + // groupId
    '02' + M + // memberId = "m"
    '00000005' + // memberEpoch = 5
    '02' + I + // instanceId = "i"
    '03' + R1 + // rackId = "r1"
    'ffffffff' + // rebalanceTimeoutMs = -1 (unchanged)
    '00' + // subscribedTopicNames = null (unchanged)
    '00' + // serverAssignor = null
    '03' + // topicPartitions: 2
    UUID_A_HEX + //   topicId
    '03' + '00000000' + '00000002' + //   partitions: 2 → [0, 2]
    '00' + //   tagged fields: none
    UUID_B_HEX + //   topicId
    '01' + //   partitions: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'v1 adds SubscribedTopicRegex: a regex subscription',
  1,
  {
    groupId: 'g',
    memberId: 'm',
    memberEpoch: 0,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 300000,
    subscribedTopicNames: null,
    subscribedTopicRegex: '^t.*',
    serverAssignor: null,
    topicPartitions: null,
  },
  '02' + G + // groupId
    '02' + M + // memberId = "m" (Kafka 4 clients generate their own, KIP-1082)
    '00000000' + // memberEpoch = 0 (join)
    '00' + // instanceId = null
    '00' + // rackId = null
    '000493e0' + // rebalanceTimeoutMs = 300000
    '00' + // subscribedTopicNames = null
    '05' + REGEX + // subscribedTopicRegex = "^t.*"
    '00' + // serverAssignor = null
    '00' + // topicPartitions = null (unchanged)
    '00', // tagged fields: none
);

request(
  'newest: a static member leaves temporarily (epoch -2), topic names, no regex',
  1,
  {
    groupId: 'g',
    memberId: 'm',
    memberEpoch: -2,
    instanceId: 'i',
    rackId: 'r1',
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: ['t', 'g'],
    subscribedTopicRegex: null,
    serverAssignor: 'uniform',
    topicPartitions: [{ topicId: UUID_A, partitions: [1] }],
  },
  '02' + G + // groupId
    '02' + M + // memberId
    'fffffffe' + // memberEpoch = -2
    '02' + I + // instanceId = "i"
    '03' + R1 + // rackId = "r1"
    'ffffffff' + // rebalanceTimeoutMs = -1
    '03' + '02' + T + '02' + G + // subscribedTopicNames: 2, "t", "g"
    '00' + // subscribedTopicRegex = null
    '08' + UNIFORM + // serverAssignor = "uniform"
    '02' + // topicPartitions: 1
    UUID_A_HEX + //   topicId
    '02' + '00000001' + //   partitions: [1]
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

test('v0 and v1 differ only by the regex: the v0 join with a null regex inserted is the v1 join', () => {
  // groupId(2) memberId(1) epoch(4) instanceId(1) rackId(1) timeout(4) names(3) = 16 bytes before the regex.
  const v1 = JOIN_V0.slice(0, 32) + '00' + JOIN_V0.slice(32);
  expect(encodeMessage(ConsumerGroupHeartbeat.request, 1, joinV0).toString('hex')).toBe(v1);
  expect(decodeMessage(ConsumerGroupHeartbeat.request, 1, hex(v1))).toEqual(joinV0);
});

test('an unknown tagged field from a newer client is skipped', () => {
  const withTag = JOIN_V0.slice(0, -2) + '01' + '05' + '02' + 'abcd'; // 1 tagged field: tag 5, 2 bytes
  expect(decodeMessage(ConsumerGroupHeartbeat.request, 0, hex(withTag))).toEqual(joinV0);
});

// ---- response ----

response(
  'oldest = first flexible: joined, with an assignment',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    memberId: 'm',
    memberEpoch: 1,
    heartbeatIntervalMs: 5000,
    assignment: { topicPartitions: [{ topicId: UUID_A, partitions: [0, 1] }] },
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '02' + M + // memberId = "m"
    '00000001' + // memberEpoch = 1
    '00001388' + // heartbeatIntervalMs = 5000
    '01' + // assignment: present (nullable struct marker)
    '02' + //   topicPartitions: 1
    UUID_A_HEX + //     topicId
    '03' + '00000000' + '00000001' + //     partitions: [0, 1]
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none (of Assignment)
    '00', // tagged fields: none
);

response(
  'oldest: fenced, assignment null',
  0,
  {
    throttleTimeMs: 0,
    errorCode: ErrorCode.FENCED_MEMBER_EPOCH,
    errorMessage: 'no',
    memberId: null,
    memberEpoch: -1,
    heartbeatIntervalMs: 0,
    assignment: null,
  },
  '00000000' + // throttleTimeMs
    '006e' + // errorCode = 110 FENCED_MEMBER_EPOCH
    '03' + NO + // errorMessage = "no"
    '00' + // memberId = null
    'ffffffff' + // memberEpoch = -1
    '00000000' + // heartbeatIntervalMs = 0
    'ff' + // assignment = null (marker -1)
    '00', // tagged fields: none
);

response(
  'newest (same layout): everything revoked = an empty assignment, not null',
  1,
  {
    throttleTimeMs: 7,
    errorCode: 0,
    errorMessage: null,
    memberId: null,
    memberEpoch: 12,
    heartbeatIntervalMs: 5000,
    assignment: { topicPartitions: [] },
  },
  '00000007' + // throttleTimeMs = 7
    '0000' + // errorCode
    '00' + // errorMessage = null
    '00' + // memberId = null (only sent on join)
    '0000000c' + // memberEpoch = 12
    '00001388' + // heartbeatIntervalMs = 5000
    '01' + // assignment: present
    '01' + //   topicPartitions: 0
    '00' + //   tagged fields: none (of Assignment)
    '00', // tagged fields: none
);

response(
  'newest: INVALID_REGULAR_EXPRESSION (128, v1+)',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 128,
    errorMessage: 'no',
    memberId: null,
    memberEpoch: 0,
    heartbeatIntervalMs: 0,
    assignment: null,
  },
  '00000000' + // throttleTimeMs
    '0080' + // errorCode = 128 INVALID_REGULAR_EXPRESSION
    '03' + NO + // errorMessage = "no"
    '00' + // memberId = null
    '00000000' + // memberEpoch = 0
    '00000000' + // heartbeatIntervalMs = 0
    'ff' + // assignment = null
    '00', // tagged fields: none
);
