/**
 * JoinGroup (key 11) byte fixtures, written by hand from JoinGroupRequest/Response.json.
 * Versions 0-9; flexible from 6. No tagged fields are defined (unknown ones are skipped).
 */
import { JoinGroup, JoinGroupRequest, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { decodeMessage } from '../../wire/codec';
import { fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: JoinGroupRequest, bytes: string) =>
  fixture(title, JoinGroup.request, version, value, bytes);
const response = (title: string, version: number, value: JoinGroupResponse, bytes: string) =>
  fixture(title, JoinGroup.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const CONSUMER = '636f6e73756d6572'; // "consumer", 8 bytes
const RANGE = '72616e6765'; // "range", 5 bytes
const ROUNDROBIN = '726f756e64726f62696e'; // "roundrobin", 10 bytes
const M1 = '6d31'; // "m1"
const M2 = '6d32'; // "m2"
const I1 = '6931'; // "i1"
// Opaque protocol metadata (here a consumer subscription v0 to "foo" with empty user data), 15 bytes.
const META_HEX = '0000' + '00000001' + '0003666f6f' + '00000000';
const META = hex(META_HEX);

// ---- request ----

request(
  'oldest',
  0,
  {
    groupId: 'group',
    sessionTimeoutMs: 30000,
    rebalanceTimeoutMs: -1, // absent in v0
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: META }],
    reason: null,
  },
  '0005' + GROUP + // groupId
    '00007530' + // sessionTimeoutMs = 30000
    '0000' + // memberId = ""
    '0008' + CONSUMER + // protocolType = "consumer"
    '00000001' + // protocols: 1
    '0005' + RANGE + //   name = "range"
    '0000000f' + META_HEX, //   metadata: 15 bytes
);

request(
  'kafkajs maximum: rejoin with its member id, GroupInstanceId null',
  5,
  {
    groupId: 'group',
    sessionTimeoutMs: 30000,
    rebalanceTimeoutMs: 60000,
    memberId: 'm1',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: META }],
    reason: null,
  },
  '0005' + GROUP + // groupId
    '00007530' + // sessionTimeoutMs = 30000
    '0000ea60' + // rebalanceTimeoutMs = 60000
    '0002' + M1 + // memberId = "m1"
    'ffff' + // groupInstanceId = null
    '0008' + CONSUMER + // protocolType
    '00000001' + // protocols: 1
    '0005' + RANGE + //   name
    '0000000f' + META_HEX, //   metadata
);

request(
  'first flexible, static member',
  6,
  {
    groupId: 'group',
    sessionTimeoutMs: 30000,
    rebalanceTimeoutMs: 60000,
    memberId: 'm1',
    groupInstanceId: 'i1',
    protocolType: 'consumer',
    protocols: [
      { name: 'range', metadata: META },
      { name: 'roundrobin', metadata: META },
    ],
    reason: null,
  },
  '06' + GROUP + // groupId (5+1)
    '00007530' + // sessionTimeoutMs
    '0000ea60' + // rebalanceTimeoutMs = 60000
    '03' + M1 + // memberId = "m1"
    '03' + I1 + // groupInstanceId = "i1"
    '09' + CONSUMER + // protocolType
    '03' + // protocols: 2
    '06' + RANGE + //   name = "range"
    '10' + META_HEX + //   metadata (15+1)
    '00' + //   tagged fields: none
    '0b' + ROUNDROBIN + //   name = "roundrobin"
    '10' + META_HEX + //   metadata
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest: first join with a reason',
  9,
  {
    groupId: 'group',
    sessionTimeoutMs: 10000,
    rebalanceTimeoutMs: 60000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: META }],
    reason: 'rejoin',
  },
  '06' + GROUP + // groupId
    '00002710' + // sessionTimeoutMs = 10000
    '0000ea60' + // rebalanceTimeoutMs
    '01' + // memberId = ""
    '00' + // groupInstanceId = null
    '09' + CONSUMER + // protocolType
    '02' + // protocols: 1
    '06' + RANGE + //   name
    '10' + META_HEX + //   metadata
    '00' + //   tagged fields: none
    '07 72656a6f696e' + // reason = "rejoin"
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: the leader gets the members',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: 1,
    protocolType: null,
    protocolName: 'range',
    leader: 'm1',
    skipAssignment: false,
    memberId: 'm1',
    members: [{ memberId: 'm1', groupInstanceId: null, metadata: META }],
  },
  '0000' + // errorCode
    '00000001' + // generationId = 1
    '0005' + RANGE + // protocolName
    '0002' + M1 + // leader = "m1"
    '0002' + M1 + // memberId = "m1"
    '00000001' + // members: 1
    '0002' + M1 + //   memberId
    '0000000f' + META_HEX, //   metadata
);

response(
  'MEMBER_ID_REQUIRED (v4+)',
  4,
  {
    throttleTimeMs: 0,
    errorCode: 79,
    generationId: -1,
    protocolType: null,
    protocolName: '',
    leader: '',
    skipAssignment: false,
    memberId: 'm1',
    members: [],
  },
  '00000000' + // throttleTimeMs
    '004f' + // errorCode = 79 MEMBER_ID_REQUIRED
    'ffffffff' + // generationId = -1
    '0000' + // protocolName = "" (not nullable before v7)
    '0000' + // leader = ""
    '0002' + M1 + // memberId = "m1": the id to join with
    '00000000', // members: 0
);

response(
  'first flexible: leader with a static and a dynamic member',
  6,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: 2,
    protocolType: null,
    protocolName: 'range',
    leader: 'm1',
    skipAssignment: false,
    memberId: 'm1',
    members: [
      { memberId: 'm1', groupInstanceId: 'i1', metadata: META },
      { memberId: 'm2', groupInstanceId: null, metadata: META },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000002' + // generationId = 2
    '06' + RANGE + // protocolName
    '03' + M1 + // leader
    '03' + M1 + // memberId
    '03' + // members: 2
    '03' + M1 + //   memberId = "m1"
    '03' + I1 + //   groupInstanceId = "i1"
    '10' + META_HEX + //   metadata
    '00' + //   tagged fields: none
    '03' + M2 + //   memberId = "m2"
    '00' + //   groupInstanceId = null
    '10' + META_HEX + //   metadata
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'error with null protocol type and name (v7+)',
  7,
  {
    throttleTimeMs: 0,
    errorCode: 25,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId: '',
    members: [],
  },
  '00000000' + // throttleTimeMs
    '0019' + // errorCode = 25 UNKNOWN_MEMBER_ID
    'ffffffff' + // generationId = -1
    '00' + // protocolType = null
    '00' + // protocolName = null
    '01' + // leader = ""
    '01' + // memberId = ""
    '01' + // members: 0
    '00', // tagged fields: none
);

response(
  'newest: follower, SkipAssignment',
  9,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: 3,
    protocolType: 'consumer',
    protocolName: 'range',
    leader: 'm1',
    skipAssignment: true,
    memberId: 'm2',
    members: [],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000003' + // generationId = 3
    '09' + CONSUMER + // protocolType = "consumer"
    '06' + RANGE + // protocolName = "range"
    '03' + M1 + // leader = "m1"
    '01' + // skipAssignment = true
    '03' + M2 + // memberId = "m2"
    '01' + // members: 0
    '00', // tagged fields: none
);

test('unknown tagged fields are skipped', () => {
  const bytes = hex(
    '00000000' + // throttleTimeMs
      '0000' + // errorCode
      '00000003' + // generationId
      '00' + // protocolType = null
      '06' + RANGE + // protocolName
      '03' + M1 + // leader
      '00' + // skipAssignment
      '03' + M1 + // memberId
      '01' + // members: 0
      '01' + // tagged fields: 1
      '05 02 abcd', //   tag 5 (unknown), 2 bytes
  );
  expect(decodeMessage(JoinGroup.response, 9, bytes)).toEqual({
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: 3,
    protocolType: null,
    protocolName: 'range',
    leader: 'm1',
    skipAssignment: false,
    memberId: 'm1',
    members: [],
  });
});
