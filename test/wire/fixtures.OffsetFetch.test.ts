/**
 * OffsetFetch (key 9) byte fixtures, written by hand from OffsetFetchRequest/Response.json.
 * Versions 0-9; flexible from 6. v8+ asks about several groups at once. No tagged fields are defined.
 */
import { OffsetFetch, OffsetFetchRequest, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: OffsetFetchRequest, bytes: string) =>
  fixture(title, OffsetFetch.request, version, value, bytes);
const response = (title: string, version: number, value: OffsetFetchResponse, bytes: string) =>
  fixture(title, OffsetFetch.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const G2 = '6732'; // "g2"
const FOO = '666f6f'; // "foo"
const M1 = '6d31'; // "m1"
const META = '6d657461'; // "meta"

// ---- request ----

request(
  'oldest',
  0,
  { groupId: 'group', topics: [{ name: 'foo', partitionIndexes: [0, 1] }], groups: [], requireStable: false },
  '0005' + GROUP + // groupId
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitionIndexes: 2
    '00000000' + //     0
    '00000001', //     1
);

request(
  'null topics = all (v2+)',
  2,
  { groupId: 'group', topics: null, groups: [], requireStable: false },
  '0005' + GROUP + // groupId
    'ffffffff', // topics = null
);

request(
  'first flexible',
  6,
  { groupId: 'group', topics: [{ name: 'foo', partitionIndexes: [0] }], groups: [], requireStable: false },
  '06' + GROUP + // groupId
    '02' + // topics: 1
    '04' + FOO + //   name
    '02 00000000' + //   partitionIndexes = [0]
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'RequireStable (librdkafka uses v7)',
  7,
  { groupId: 'group', topics: null, groups: [], requireStable: true },
  '06' + GROUP + // groupId
    '00' + // topics = null
    '01' + // requireStable = true
    '00', // tagged fields: none
);

request(
  'several groups (v8)',
  8,
  {
    groupId: '', // absent from v8
    topics: [], // absent from v8
    groups: [
      { groupId: 'group', memberId: null, memberEpoch: -1, topics: [{ name: 'foo', partitionIndexes: [0] }] },
      { groupId: 'g2', memberId: null, memberEpoch: -1, topics: null },
    ],
    requireStable: true,
  },
  '03' + // groups: 2
    '06' + GROUP + //   groupId = "group"
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02 00000000' + //     partitionIndexes = [0]
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '03' + G2 + //   groupId = "g2"
    '00' + //   topics = null
    '00' + //   tagged fields: none
    '01' + // requireStable = true
    '00', // tagged fields: none
);

request(
  'newest: member id and epoch',
  9,
  {
    groupId: '',
    topics: [],
    groups: [{ groupId: 'group', memberId: 'm1', memberEpoch: 5, topics: null }],
    requireStable: false,
  },
  '02' + // groups: 1
    '06' + GROUP + //   groupId
    '03' + M1 + //   memberId = "m1"
    '00000005' + //   memberEpoch = 5
    '00' + //   topics = null
    '00' + //   tagged fields: none
    '00' + // requireStable = false
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: a committed offset and none',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        ],
      },
    ],
    errorCode: 0,
    groups: [],
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     committedOffset = 100
    '0000' + //     metadata = ""
    '0000' + //     errorCode
    '00000001' + //     partitionIndex = 1
    'ffffffffffffffff' + //     committedOffset = -1 (none)
    '0000' + //     metadata = ""
    '0000', //     errorCode
);

response(
  'top-level error (v2+)',
  2,
  { throttleTimeMs: 0, topics: [], errorCode: 16, groups: [] },
  '00000000' + // topics: 0
    '0010', // errorCode = 16 NOT_COORDINATOR
);

response(
  'leader epoch (v5), null metadata',
  5,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: 2, metadata: null, errorCode: 0 }],
      },
    ],
    errorCode: 0,
    groups: [],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000000000000064' + //     committedOffset = 100
    '00000002' + //     committedLeaderEpoch = 2
    'ffff' + //     metadata = null
    '0000' + //     errorCode
    '0000', // errorCode
);

response(
  'first flexible',
  6,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: -1, metadata: 'meta', errorCode: 0 }],
      },
    ],
    errorCode: 0,
    groups: [],
  },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000000000000064' + //     committedOffset = 100
    'ffffffff' + //     committedLeaderEpoch = -1
    '05' + META + //     metadata = "meta"
    '0000' + //     errorCode
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '0000' + // errorCode
    '00', // tagged fields: none
);

response(
  'several groups (v8), each with its own error',
  8,
  {
    throttleTimeMs: 0,
    topics: [], // absent from v8
    errorCode: 0, // absent from v8
    groups: [
      {
        groupId: 'group',
        topics: [
          {
            name: 'foo',
            partitions: [{ partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: 2, metadata: '', errorCode: 0 }],
          },
        ],
        errorCode: 0,
      },
      { groupId: 'g2', topics: [], errorCode: 15 },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // groups: 2
    '06' + GROUP + //   groupId = "group"
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000000' + //       partitionIndex
    '0000000000000064' + //       committedOffset = 100
    '00000002' + //       committedLeaderEpoch = 2
    '01' + //       metadata = ""
    '0000' + //       errorCode
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '0000' + //   errorCode
    '00' + //   tagged fields: none
    '03' + G2 + //   groupId = "g2"
    '01' + //   topics: 0
    '000f' + //   errorCode = 15 COORDINATOR_NOT_AVAILABLE
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest',
  9,
  { throttleTimeMs: 100, topics: [], errorCode: 0, groups: [{ groupId: 'group', topics: [], errorCode: 25 }] },
  '00000064' + // throttleTimeMs = 100
    '02' + // groups: 1
    '06' + GROUP + //   groupId
    '01' + //   topics: 0
    '0019' + //   errorCode = 25 UNKNOWN_MEMBER_ID
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
