/**
 * DeleteGroups (key 42) byte fixtures, written by hand from DeleteGroupsRequest/Response.json.
 * Versions 0-2; flexible from 2. No tagged fields are defined.
 */
import { DeleteGroups, DeleteGroupsRequest, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DeleteGroupsRequest, bytes: string) =>
  fixture(title, DeleteGroups.request, version, value, bytes);
const response = (title: string, version: number, value: DeleteGroupsResponse, bytes: string) =>
  fixture(title, DeleteGroups.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const G2 = '6732'; // "g2"

// ---- request ----

request(
  'oldest',
  0,
  { groupsNames: ['group', 'g2'] },
  '00000002' + // groupsNames: 2
    '0005' + GROUP + //   "group"
    '0002' + G2, //   "g2"
);

request(
  'newest, first flexible',
  2,
  { groupsNames: ['group', 'g2'] },
  '03' + // groupsNames: 2
    '06' + GROUP + //   "group"
    '03' + G2 + //   "g2"
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: throttle time from v0',
  0,
  {
    throttleTimeMs: 0,
    results: [
      { groupId: 'group', errorCode: 0 },
      { groupId: 'g2', errorCode: 69 },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000002' + // results: 2
    '0005' + GROUP + //   groupId
    '0000' + //   errorCode
    '0002' + G2 + //   groupId = "g2"
    '0045', //   errorCode = 69 GROUP_ID_NOT_FOUND
);

response(
  'newest, first flexible',
  2,
  {
    throttleTimeMs: 100,
    results: [
      { groupId: 'group', errorCode: 0 },
      { groupId: 'g2', errorCode: 68 },
    ],
  },
  '00000064' + // throttleTimeMs = 100
    '03' + // results: 2
    '06' + GROUP + //   groupId
    '0000' + //   errorCode
    '00' + //   tagged fields: none
    '03' + G2 + //   groupId = "g2"
    '0044' + //   errorCode = 68 NON_EMPTY_GROUP
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
