/**
 * SyncGroup (key 14) byte fixtures, written by hand from SyncGroupRequest/Response.json.
 * Versions 0-5; flexible from 4. No tagged fields are defined.
 */
import { SyncGroup, SyncGroupRequest, SyncGroupResponse } from '../../wire/apis/SyncGroup';
import { fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: SyncGroupRequest, bytes: string) =>
  fixture(title, SyncGroup.request, version, value, bytes);
const response = (title: string, version: number, value: SyncGroupResponse, bytes: string) =>
  fixture(title, SyncGroup.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const CONSUMER = '636f6e73756d6572'; // "consumer", 8 bytes
const RANGE = '72616e6765'; // "range", 5 bytes
const M1 = '6d31'; // "m1"
const M2 = '6d32'; // "m2"
const I1 = '6931'; // "i1"
// Opaque assignment (here a consumer assignment v0: "foo" [0], empty user data), 23 bytes.
const ASSIGN_HEX = '0000' + '00000001' + '0003666f6f' + '00000001' + '00000000' + '00000000';
const ASSIGN = hex(ASSIGN_HEX);
const EMPTY = Buffer.alloc(0);

// ---- request ----

request(
  'oldest: the leader sends assignments',
  0,
  {
    groupId: 'group',
    generationId: 1,
    memberId: 'm1',
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [
      { memberId: 'm1', assignment: ASSIGN },
      { memberId: 'm2', assignment: EMPTY },
    ],
  },
  '0005' + GROUP + // groupId
    '00000001' + // generationId = 1
    '0002' + M1 + // memberId = "m1"
    '00000002' + // assignments: 2
    '0002' + M1 + //   memberId = "m1"
    '00000017' + ASSIGN_HEX + //   assignment: 23 bytes
    '0002' + M2 + //   memberId = "m2"
    '00000000', //   assignment: empty
);

request(
  'GroupInstanceId added: a static follower',
  3,
  {
    groupId: 'group',
    generationId: 1,
    memberId: 'm2',
    groupInstanceId: 'i1',
    protocolType: null,
    protocolName: null,
    assignments: [],
  },
  '0005' + GROUP + // groupId
    '00000001' + // generationId
    '0002' + M2 + // memberId = "m2"
    '0002' + I1 + // groupInstanceId = "i1"
    '00000000', // assignments: 0
);

request(
  'first flexible: a follower',
  4,
  {
    groupId: 'group',
    generationId: 1,
    memberId: 'm2',
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [],
  },
  '06' + GROUP + // groupId
    '00000001' + // generationId
    '03' + M2 + // memberId
    '00' + // groupInstanceId = null
    '01' + // assignments: 0
    '00', // tagged fields: none
);

request(
  'newest: protocol type and name',
  5,
  {
    groupId: 'group',
    generationId: 1,
    memberId: 'm1',
    groupInstanceId: 'i1',
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [{ memberId: 'm1', assignment: ASSIGN }],
  },
  '06' + GROUP + // groupId
    '00000001' + // generationId
    '03' + M1 + // memberId
    '03' + I1 + // groupInstanceId = "i1"
    '09' + CONSUMER + // protocolType = "consumer"
    '06' + RANGE + // protocolName = "range"
    '02' + // assignments: 1
    '03' + M1 + //   memberId
    '18' + ASSIGN_HEX + //   assignment (23+1)
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0, protocolType: null, protocolName: null, assignment: ASSIGN },
  '0000' + // errorCode
    '00000017' + ASSIGN_HEX, // assignment: 23 bytes
);

response(
  'first flexible: error, empty assignment',
  4,
  { throttleTimeMs: 0, errorCode: 27, protocolType: null, protocolName: null, assignment: EMPTY },
  '00000000' + // throttleTimeMs
    '001b' + // errorCode = 27 REBALANCE_IN_PROGRESS
    '01' + // assignment: empty
    '00', // tagged fields: none
);

response(
  'newest: protocol type and name',
  5,
  { throttleTimeMs: 0, errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: ASSIGN },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '09' + CONSUMER + // protocolType
    '06' + RANGE + // protocolName
    '18' + ASSIGN_HEX + // assignment
    '00', // tagged fields: none
);
