/**
 * LeaveGroup (key 13) byte fixtures, written by hand from LeaveGroupRequest/Response.json.
 * Versions 0-5; flexible from 4. v3 batches members. No tagged fields are defined.
 */
import { LeaveGroup, LeaveGroupRequest, LeaveGroupResponse } from '../../wire/apis/LeaveGroup';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: LeaveGroupRequest, bytes: string) =>
  fixture(title, LeaveGroup.request, version, value, bytes);
const response = (title: string, version: number, value: LeaveGroupResponse, bytes: string) =>
  fixture(title, LeaveGroup.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const M1 = '6d31'; // "m1"
const I1 = '6931'; // "i1"
const BYE = '627965'; // "bye"

// ---- request ----

request(
  'oldest',
  0,
  { groupId: 'group', memberId: 'm1', members: [] },
  '0005' + GROUP + // groupId
    '0002' + M1, // memberId = "m1"
);

request(
  'batched members (v3)',
  3,
  {
    groupId: 'group',
    memberId: '', // absent from v3
    members: [
      { memberId: 'm1', groupInstanceId: null, reason: null },
      { memberId: '', groupInstanceId: 'i1', reason: null },
    ],
  },
  '0005' + GROUP + // groupId
    '00000002' + // members: 2
    '0002' + M1 + //   memberId = "m1"
    'ffff' + //   groupInstanceId = null
    '0000' + //   memberId = ""
    '0002' + I1, //   groupInstanceId = "i1"
);

request(
  'first flexible',
  4,
  { groupId: 'group', memberId: '', members: [{ memberId: 'm1', groupInstanceId: null, reason: null }] },
  '06' + GROUP + // groupId
    '02' + // members: 1
    '03' + M1 + //   memberId
    '00' + //   groupInstanceId = null
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest: with a reason',
  5,
  { groupId: 'group', memberId: '', members: [{ memberId: 'm1', groupInstanceId: 'i1', reason: 'bye' }] },
  '06' + GROUP + // groupId
    '02' + // members: 1
    '03' + M1 + //   memberId
    '03' + I1 + //   groupInstanceId = "i1"
    '04' + BYE + //   reason = "bye"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response('oldest', 0, { throttleTimeMs: 0, errorCode: 0, members: [] }, '0000'); // errorCode

response(
  'batched member results (v3)',
  3,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    members: [
      { memberId: 'm1', groupInstanceId: null, errorCode: 0 },
      { memberId: '', groupInstanceId: 'i1', errorCode: 25 },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000002' + // members: 2
    '0002' + M1 + //   memberId = "m1"
    'ffff' + //   groupInstanceId = null
    '0000' + //   errorCode
    '0000' + //   memberId = ""
    '0002' + I1 + //   groupInstanceId = "i1"
    '0019', //   errorCode = 25 UNKNOWN_MEMBER_ID
);

response(
  'first flexible',
  4,
  { throttleTimeMs: 0, errorCode: 0, members: [{ memberId: 'm1', groupInstanceId: null, errorCode: 0 }] },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '02' + // members: 1
    '03' + M1 + //   memberId
    '00' + //   groupInstanceId = null
    '0000' + //   errorCode
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: group-level error',
  5,
  { throttleTimeMs: 100, errorCode: 16, members: [] },
  '00000064' + // throttleTimeMs = 100
    '0010' + // errorCode = 16 NOT_COORDINATOR
    '01' + // members: 0
    '00', // tagged fields: none
);
