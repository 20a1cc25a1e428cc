/**
 * ListGroups (key 16) byte fixtures, written by hand from ListGroupsRequest/Response.json.
 * Versions 0-5; flexible from 3. No tagged fields are defined.
 */
import { ListGroups, ListGroupsRequest, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ListGroupsRequest, bytes: string) =>
  fixture(title, ListGroups.request, version, value, bytes);
const response = (title: string, version: number, value: ListGroupsResponse, bytes: string) =>
  fixture(title, ListGroups.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const FOO = '666f6f'; // "foo"
const CONSUMER = '636f6e73756d6572'; // "consumer", 8 bytes
const STABLE = '537461626c65'; // "Stable", 6 bytes
const EMPTY_STATE = '456d707479'; // "Empty", 5 bytes
const CLASSIC = '636c6173736963'; // "classic", 7 bytes

// ---- request ----

request('oldest: empty body', 0, { statesFilter: [], typesFilter: [] }, '');

request('first flexible', 3, { statesFilter: [], typesFilter: [] }, '00'); // tagged fields: none

request(
  'StatesFilter added',
  4,
  { statesFilter: ['Stable'], typesFilter: [] },
  '02' + // statesFilter: 1
    '07' + STABLE + //   "Stable"
    '00', // tagged fields: none
);

request(
  'newest: TypesFilter',
  5,
  { statesFilter: ['Stable', 'Empty'], typesFilter: ['classic'] },
  '03' + // statesFilter: 2
    '07' + STABLE + //   "Stable"
    '06' + EMPTY_STATE + //   "Empty"
    '02' + // typesFilter: 1
    '08' + CLASSIC + //   "classic"
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'group', protocolType: 'consumer', groupState: '', groupType: '' }] },
  '0000' + // errorCode
    '00000001' + // groups: 1
    '0005' + GROUP + //   groupId
    '0008' + CONSUMER, //   protocolType
);

response(
  'first flexible',
  3,
  { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'group', protocolType: 'consumer', groupState: '', groupType: '' }] },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '02' + // groups: 1
    '06' + GROUP + //   groupId
    '09' + CONSUMER + //   protocolType
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: states and types',
  5,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    groups: [
      { groupId: 'group', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
      { groupId: 'foo', protocolType: '', groupState: 'Empty', groupType: 'classic' },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '03' + // groups: 2
    '06' + GROUP + //   groupId
    '09' + CONSUMER + //   protocolType
    '07' + STABLE + //   groupState = "Stable"
    '08' + CLASSIC + //   groupType = "classic"
    '00' + //   tagged fields: none
    '04' + FOO + //   groupId = "foo"
    '01' + //   protocolType = ""
    '06' + EMPTY_STATE + //   groupState = "Empty"
    '08' + CLASSIC + //   groupType
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
