/**
 * Heartbeat (key 12) byte fixtures, written by hand from HeartbeatRequest/Response.json.
 * Versions 0-4; flexible from 4. No tagged fields are defined.
 */
import { Heartbeat, HeartbeatRequest, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: HeartbeatRequest, bytes: string) =>
  fixture(title, Heartbeat.request, version, value, bytes);
const response = (title: string, version: number, value: HeartbeatResponse, bytes: string) =>
  fixture(title, Heartbeat.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const M1 = '6d31'; // "m1"
const I1 = '6931'; // "i1"

// ---- request ----

request(
  'oldest',
  0,
  { groupId: 'group', generationId: 1, memberId: 'm1', groupInstanceId: null },
  '0005' + GROUP + // groupId
    '00000001' + // generationId = 1
    '0002' + M1, // memberId = "m1"
);

request(
  'GroupInstanceId added',
  3,
  { groupId: 'group', generationId: 1, memberId: 'm1', groupInstanceId: 'i1' },
  '0005' + GROUP + // groupId
    '00000001' + // generationId
    '0002' + M1 + // memberId
    '0002' + I1, // groupInstanceId = "i1"
);

request(
  'newest, first flexible',
  4,
  { groupId: 'group', generationId: 2, memberId: 'm1', groupInstanceId: null },
  '06' + GROUP + // groupId
    '00000002' + // generationId = 2
    '03' + M1 + // memberId
    '00' + // groupInstanceId = null
    '00', // tagged fields: none
);

// ---- response ----

response('oldest', 0, { throttleTimeMs: 0, errorCode: 27 }, '001b'); // errorCode = 27 REBALANCE_IN_PROGRESS

response(
  'throttle time added',
  1,
  { throttleTimeMs: 100, errorCode: 22 },
  '00000064' + // throttleTimeMs = 100
    '0016', // errorCode = 22 ILLEGAL_GENERATION
);

response(
  'newest, first flexible',
  4,
  { throttleTimeMs: 0, errorCode: 0 },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00', // tagged fields: none
);
