/**
 * DescribeGroups (key 15) byte fixtures, written by hand from DescribeGroupsRequest/Response.json.
 * Versions 0-5; flexible from 5. No tagged fields are defined.
 */
import { DescribeGroups, DescribeGroupsRequest, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeGroupsRequest, bytes: string) =>
  fixture(title, DescribeGroups.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeGroupsResponse, bytes: string) =>
  fixture(title, DescribeGroups.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const FOO = '666f6f'; // "foo"
const STABLE = '537461626c65'; // "Stable", 6 bytes
const DEAD = '44656164'; // "Dead", 4 bytes
const CONSUMER = '636f6e73756d6572'; // "consumer", 8 bytes
const RANGE = '72616e6765'; // "range", 5 bytes
const KAFKAJS = '6b61666b616a73'; // "kafkajs", 7 bytes
const HOST = '2f3132372e302e302e31'; // "/127.0.0.1", 10 bytes
const M1 = '6d31'; // "m1"
const I1 = '6931'; // "i1"
// Opaque member metadata (a consumer subscription v0 to "foo"), 15 bytes.
const META_HEX = '0000' + '00000001' + '0003666f6f' + '00000000';
const META = hex(META_HEX);
// Opaque member assignment (a consumer assignment v0: "foo" [0]), 23 bytes.
const ASSIGN_HEX = '0000' + '00000001' + '0003666f6f' + '00000001' + '00000000' + '00000000';
const ASSIGN = hex(ASSIGN_HEX);
const EMPTY = Buffer.alloc(0);
const NOT_REQUESTED = -2147483648;

// ---- request ----

request(
  'oldest',
  0,
  { groups: ['group'], includeAuthorizedOperations: false },
  '00000001' + // groups: 1
    '0005' + GROUP, //   "group"
);

request(
  'IncludeAuthorizedOperations added',
  3,
  { groups: ['group'], includeAuthorizedOperations: true },
  '00000001' + // groups: 1
    '0005' + GROUP + //   "group"
    '01', // includeAuthorizedOperations = true
);

request(
  'newest, first flexible',
  5,
  { groups: ['group', 'foo'], includeAuthorizedOperations: false },
  '03' + // groups: 2
    '06' + GROUP + //   "group"
    '04' + FOO + //   "foo"
    '00' + // includeAuthorizedOperations = false
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: a stable consumer group',
  0,
  {
    throttleTimeMs: 0,
    groups: [
      {
        errorCode: 0,
        groupId: 'group',
        groupState: 'Stable',
        protocolType: 'consumer',
        protocolData: 'range',
        members: [
          {
            memberId: 'm1',
            groupInstanceId: null,
            clientId: 'kafkajs',
            clientHost: '/127.0.0.1',
            memberMetadata: META,
            memberAssignment: ASSIGN,
          },
        ],
        authorizedOperations: NOT_REQUESTED, // absent in v0
      },
    ],
  },
  '00000001' + // groups: 1
    '0000' + //   errorCode
    '0005' + GROUP + //   groupId
    '0006' + STABLE + //   groupState = "Stable"
    '0008' + CONSUMER + //   protocolType = "consumer"
    '0005' + RANGE + //   protocolData = "range"
    '00000001' + //   members: 1
    '0002' + M1 + //     memberId
    '0007' + KAFKAJS + //     clientId = "kafkajs"
    '000a' + HOST + //     clientHost = "/127.0.0.1"
    '0000000f' + META_HEX + //     memberMetadata: 15 bytes
    '00000017' + ASSIGN_HEX, //     memberAssignment: 23 bytes
);

response(
  'GroupInstanceId added (null), operations not requested',
  4,
  {
    throttleTimeMs: 0,
    groups: [
      {
        errorCode: 0,
        groupId: 'group',
        groupState: 'Stable',
        protocolType: 'consumer',
        protocolData: 'range',
        members: [
          {
            memberId: 'm1',
            groupInstanceId: null,
            clientId: 'kafkajs',
            clientHost: '/127.0.0.1',
            memberMetadata: EMPTY,
            memberAssignment: EMPTY,
          },
        ],
        authorizedOperations: NOT_REQUESTED,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // groups: 1
    '0000' + //   errorCode
    '0005' + GROUP + //   groupId
    '0006' + STABLE + //   groupState
    '0008' + CONSUMER + //   protocolType
    '0005' + RANGE + //   protocolData
    '00000001' + //   members: 1
    '0002' + M1 + //     memberId
    'ffff' + //     groupInstanceId = null
    '0007' + KAFKAJS + //     clientId
    '000a' + HOST + //     clientHost
    '00000000' + //     memberMetadata: empty
    '00000000' + //     memberAssignment: empty
    '80000000', //   authorizedOperations = -2147483648 (not requested)
);

response(
  'newest, first flexible: a static member; an unknown group is Dead',
  5,
  {
    throttleTimeMs: 0,
    groups: [
      {
        errorCode: 0,
        groupId: 'group',
        groupState: 'Stable',
        protocolType: 'consumer',
        protocolData: 'range',
        members: [
          {
            memberId: 'm1',
            groupInstanceId: 'i1',
            clientId: 'kafkajs',
            clientHost: '/127.0.0.1',
            memberMetadata: META,
            memberAssignment: ASSIGN,
          },
        ],
        authorizedOperations: 3064,
      },
      {
        errorCode: 0,
        groupId: 'foo',
        groupState: 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
        authorizedOperations: NOT_REQUESTED,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // groups: 2
    '0000' + //   errorCode
    '06' + GROUP + //   groupId
    '07' + STABLE + //   groupState
    '09' + CONSUMER + //   protocolType
    '06' + RANGE + //   protocolData
    '02' + //   members: 1
    '03' + M1 + //     memberId
    '03' + I1 + //     groupInstanceId = "i1"
    '08' + KAFKAJS + //     clientId
    '0b' + HOST + //     clientHost
    '10' + META_HEX + //     memberMetadata (15+1)
    '18' + ASSIGN_HEX + //     memberAssignment (23+1)
    '00' + //     tagged fields: none
    '00000bf8' + //   authorizedOperations = 3064
    '00' + //   tagged fields: none
    '0000' + //   errorCode
    '04' + FOO + //   groupId = "foo"
    '05' + DEAD + //   groupState = "Dead"
    '01' + //   protocolType = ""
    '01' + //   protocolData = ""
    '01' + //   members: 0
    '80000000' + //   authorizedOperations = -2147483648
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
