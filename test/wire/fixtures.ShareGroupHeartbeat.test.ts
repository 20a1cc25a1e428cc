/**
 * ShareGroupHeartbeat (key 76) byte fixtures, written by hand from ShareGroupHeartbeatRequest/
 * Response.json (v0) and librdkafka 2.15's rd_kafka_ShareGroupHeartbeatRequest /
 * rd_kafka_mock_handle_ShareGroupHeartbeat (v1). Flexible in all versions; v0 and v1 have the same
 * layout, so v1 (what librdkafka sends) is covered in full and v0 once to pin that.
 */
import {
  ShareGroupHeartbeat,
  ShareGroupHeartbeatRequest,
  ShareGroupHeartbeatResponse,
} from '../../wire/apis/ShareGroupHeartbeat';
import { UUID_A, UUID_A_HEX, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: ShareGroupHeartbeatRequest, bytes: string) =>
  fixture(title, ShareGroupHeartbeat.request, version, value, bytes);
const response = (title: string, version: number, value: ShareGroupHeartbeatResponse, bytes: string) =>
  fixture(title, ShareGroupHeartbeat.response, version, value, bytes);

const G = '67'; // "g"
const M = '6d'; // "m"
const T = '74'; // "t"
const R1 = '7231'; // "r1"
const NO = '6e6f'; // "no"

// ---- request ----

const JOIN_BYTES =
  '02' + G + // groupId = "g"
  '02' + M + // memberId = "m"
  '00000000' + // memberEpoch = 0 (join)
  '00' + // rackId = null
  '02' + '02' + T + // subscribedTopicNames = ["t"]
  '00'; // tagged fields: none

request(
  'join (librdkafka)',
  1,
  { groupId: 'g', memberId: 'm', memberEpoch: 0, rackId: null, subscribedTopicNames: ['t'] },
  JOIN_BYTES,
);

request(
  'v0 has the v1 layout',
  0,
  { groupId: 'g', memberId: 'm', memberEpoch: 0, rackId: null, subscribedTopicNames: ['t'] },
  JOIN_BYTES,
);

request(
  'heartbeat: rack, unchanged subscription',
  1,
  { groupId: 'g', memberId: 'm', memberEpoch: 3, rackId: 'r1', subscribedTopicNames: null },
  '02' + G + // groupId
    '02' + M + // memberId
    '00000003' + // memberEpoch = 3
    '03' + R1 + // rackId = "r1"
    '00' + // subscribedTopicNames = null (unchanged)
    '00', // tagged fields: none
);

request(
  'leave',
  1,
  { groupId: 'g', memberId: 'm', memberEpoch: -1, rackId: null, subscribedTopicNames: [] },
  '02' + G + // groupId
    '02' + M + // memberId
    'ffffffff' + // memberEpoch = -1 (leave)
    '00' + // rackId = null
    '01' + // subscribedTopicNames = [] (empty, not null)
    '00', // tagged fields: none
);

// ---- response ----

response(
  'assignment',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    memberId: 'm',
    memberEpoch: 1,
    heartbeatIntervalMs: 5000,
    assignment: { topicPartitions: [{ topicId: UUID_A, partitions: [0, 2] }] },
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '02' + M + // memberId = "m"
    '00000001' + // memberEpoch = 1
    '00001388' + // heartbeatIntervalMs = 5000
    '01' + // assignment: present
    '02' + //   topicPartitions: 1
    UUID_A_HEX + //     topicId
    '03' + '00000000' + '00000002' + //     partitions = [0, 2]
    '00' + //     tagged fields: none
    '00' + //   assignment tagged fields: none
    '00', // tagged fields: none
);

response(
  'empty assignment is not null',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    memberId: null,
    memberEpoch: 2,
    heartbeatIntervalMs: 5000,
    assignment: { topicPartitions: [] },
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '00' + // memberId = null
    '00000002' + // memberEpoch = 2
    '00001388' + // heartbeatIntervalMs = 5000
    '01' + // assignment: present
    '01' + //   topicPartitions: 0
    '00' + //   assignment tagged fields: none
    '00', // tagged fields: none
);

response(
  'error, assignment null',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 110,
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
    'ff' + // assignment = null (unchanged)
    '00', // tagged fields: none
);
