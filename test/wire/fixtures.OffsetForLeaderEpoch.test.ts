/**
 * OffsetForLeaderEpoch (key 23) byte fixtures, written by hand from
 * OffsetForLeaderEpochRequest/Response.json. Versions 0-4; flexible from 4 (first flexible =
 * newest). No tagged fields are defined.
 */
import {
  OffsetForLeaderEpoch,
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
} from '../../wire/apis/OffsetForLeaderEpoch';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: OffsetForLeaderEpochRequest, bytes: string) =>
  fixture(title, OffsetForLeaderEpoch.request, version, value, bytes);
const response = (title: string, version: number, value: OffsetForLeaderEpochResponse, bytes: string) =>
  fixture(title, OffsetForLeaderEpoch.response, version, value, bytes);

const FOO = '666f6f'; // "foo"

// ---- request ----

request(
  'oldest',
  0,
  {
    replicaId: -2, // absent before v3
    topics: [{ topic: 'foo', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 5 }] }],
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '00000000' + //     partition = 0
    '00000005', //     leaderEpoch = 5
);

request(
  'current leader epoch (v2)',
  2,
  { replicaId: -2, topics: [{ topic: 'foo', partitions: [{ partition: 0, currentLeaderEpoch: 7, leaderEpoch: 5 }] }] },
  '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '00000000' + //     partition = 0
    '00000007' + //     currentLeaderEpoch = 7
    '00000005', //     leaderEpoch = 5
);

request(
  'replica id (v3)',
  3,
  { replicaId: -1, topics: [{ topic: 'foo', partitions: [{ partition: 1, currentLeaderEpoch: -1, leaderEpoch: 5 }] }] },
  'ffffffff' + // replicaId = -1 consumer
    '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '00000001' + //     partition = 1
    'ffffffff' + //     currentLeaderEpoch = -1
    '00000005', //     leaderEpoch = 5
);

request(
  'first flexible = newest',
  4,
  { replicaId: -1, topics: [{ topic: 'foo', partitions: [{ partition: 0, currentLeaderEpoch: 7, leaderEpoch: 5 }] }] },
  'ffffffff' + // replicaId = -1
    '02' + // topics: 1
    '04' + FOO + //   topic
    '02' + //   partitions: 1
    '00000000' + //     partition
    '00000007' + //     currentLeaderEpoch = 7
    '00000005' + //     leaderEpoch = 5
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0, // absent before v2
    topics: [{ topic: 'foo', partitions: [{ errorCode: 0, partition: 0, leaderEpoch: -1, endOffset: 100 }] }],
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '0000' + //     errorCode
    '00000000' + //     partition
    '0000000000000064', //     endOffset = 100
);

response(
  'leader epoch (v1), unknown epoch',
  1,
  {
    throttleTimeMs: 0,
    topics: [
      {
        topic: 'foo',
        partitions: [
          { errorCode: 0, partition: 0, leaderEpoch: 5, endOffset: 100 },
          { errorCode: 75, partition: 1, leaderEpoch: -1, endOffset: -1 },
        ],
      },
    ],
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000002' + //   partitions: 2
    '0000' + //     errorCode
    '00000000' + //     partition = 0
    '00000005' + //     leaderEpoch = 5
    '0000000000000064' + //     endOffset = 100
    '004b' + //     errorCode = 75 UNKNOWN_LEADER_EPOCH
    '00000001' + //     partition = 1
    'ffffffff' + //     leaderEpoch = -1
    'ffffffffffffffff', //     endOffset = -1
);

response(
  'throttle time (v2)',
  2,
  { throttleTimeMs: 100, topics: [] },
  '00000064' + // throttleTimeMs = 100
    '00000000', // topics: 0
);

response(
  'first flexible = newest',
  4,
  {
    throttleTimeMs: 0,
    topics: [{ topic: 'foo', partitions: [{ errorCode: 0, partition: 0, leaderEpoch: 5, endOffset: 100 }] }],
  },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   topic
    '02' + //   partitions: 1
    '0000' + //     errorCode
    '00000000' + //     partition
    '00000005' + //     leaderEpoch = 5
    '0000000000000064' + //     endOffset = 100
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
