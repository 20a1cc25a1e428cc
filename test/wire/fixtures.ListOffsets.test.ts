/**
 * ListOffsets (key 2) byte fixtures, written by hand from ListOffsetsRequest/Response.json.
 * Versions 0-10; flexible from 6.
 */
import { ListOffsets, ListOffsetsRequest, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ListOffsetsRequest, bytes: string) =>
  fixture(title, ListOffsets.request, version, value, bytes);
const response = (title: string, version: number, value: ListOffsetsResponse, bytes: string) =>
  fixture(title, ListOffsets.response, version, value, bytes);

const FOO = '666f6f'; // "foo"

// ---- request ----

request(
  'oldest',
  0,
  {
    replicaId: -1,
    isolationLevel: 0, // absent in v0
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2, maxNumOffsets: 3 }],
      },
    ],
    timeoutMs: 0,
  },
  'ffffffff' + // replicaId = -1
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    'fffffffffffffffe' + //     timestamp = -2 (earliest)
    '00000003', //     maxNumOffsets = 3 (v0 only)
);

request(
  'first flexible',
  6,
  {
    replicaId: -1,
    isolationLevel: 1,
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, currentLeaderEpoch: 2, timestamp: -1, maxNumOffsets: 1 }],
      },
    ],
    timeoutMs: 0,
  },
  'ffffffff' + // replicaId = -1
    '01' + // isolationLevel = 1
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '00000002' + //     currentLeaderEpoch = 2
    'ffffffffffffffff' + //     timestamp = -1 (latest)
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest',
  10,
  {
    replicaId: -1,
    isolationLevel: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -3, maxNumOffsets: 1 },
          { partitionIndex: 1, currentLeaderEpoch: 0, timestamp: 1700000000000, maxNumOffsets: 1 },
        ],
      },
    ],
    timeoutMs: 10000,
  },
  'ffffffff' + // replicaId = -1
    '00' + // isolationLevel = 0
    '02' + // topics: 1
    '04' + FOO + //   name
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    'ffffffff' + //     currentLeaderEpoch = -1
    'fffffffffffffffd' + //     timestamp = -3 (max timestamp)
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '00000000' + //     currentLeaderEpoch = 0
    '0000018bcfe56800' + //     timestamp = 1700000000000
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00002710' + // timeoutMs = 10000
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: old-style offsets array',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: 0, oldStyleOffsets: [42, 0], timestamp: -1, offset: -1, leaderEpoch: -1 },
        ],
      },
    ],
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000' + //     errorCode
    '00000002' + //     oldStyleOffsets: 2
    '000000000000002a' + //       42
    '0000000000000000', //       0
);

response(
  'first flexible',
  6,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: 0, oldStyleOffsets: [], timestamp: -1, offset: 42, leaderEpoch: 0 },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000' + //     errorCode
    'ffffffffffffffff' + //     timestamp = -1
    '000000000000002a' + //     offset = 42
    '00000000' + //     leaderEpoch = 0
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest',
  10,
  {
    throttleTimeMs: 5,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 1, errorCode: 0, oldStyleOffsets: [], timestamp: 1700000000000, offset: 7, leaderEpoch: 1 },
          { partitionIndex: 2, errorCode: 3, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 },
        ],
      },
    ],
  },
  '00000005' + // throttleTimeMs = 5
    '02' + // topics: 1
    '04' + FOO + //   name
    '03' + //   partitions: 2
    '00000001' + //     partitionIndex = 1
    '0000' + //     errorCode
    '0000018bcfe56800' + //     timestamp = 1700000000000
    '0000000000000007' + //     offset = 7
    '00000001' + //     leaderEpoch = 1
    '00' + //     tagged fields: none
    '00000002' + //     partitionIndex = 2
    '0003' + //     errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    'ffffffffffffffff' + //     timestamp = -1
    'ffffffffffffffff' + //     offset = -1
    'ffffffff' + //     leaderEpoch = -1
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
