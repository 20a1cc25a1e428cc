/**
 * TxnOffsetCommit (key 28) byte fixtures, written by hand from TxnOffsetCommitRequest/Response.json.
 * Versions 0-4; flexible from 3. v2 adds CommittedLeaderEpoch; v3 GenerationId, MemberId and
 * GroupInstanceId. No tagged fields are defined.
 */
import { TxnOffsetCommit, TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../wire/apis/TxnOffsetCommit';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: TxnOffsetCommitRequest, bytes: string) =>
  fixture(title, TxnOffsetCommit.request, version, value, bytes);
const response = (title: string, version: number, value: TxnOffsetCommitResponse, bytes: string) =>
  fixture(title, TxnOffsetCommit.response, version, value, bytes);

const TXN = '74786e'; // "txn"
const GROUP = '67726f7570'; // "group", 5 bytes
const FOO = '666f6f'; // "foo"
const M1 = '6d31'; // "m1"
const I1 = '6931'; // "i1"
const META = '6d657461'; // "meta"

// ---- request ----

request(
  'oldest',
  0,
  {
    transactionalId: 'txn',
    groupId: 'group',
    producerId: 1000,
    producerEpoch: 0,
    generationId: -1, // absent before v3
    memberId: '', // absent before v3
    groupInstanceId: null, // absent before v3
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: -1, committedMetadata: '' },
          { partitionIndex: 1, committedOffset: 5, committedLeaderEpoch: -1, committedMetadata: null },
        ],
      },
    ],
  },
  '0003' + TXN + // transactionalId = "txn"
    '0005' + GROUP + // groupId = "group"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     committedOffset = 100
    '0000' + //     committedMetadata = ""
    '00000001' + //     partitionIndex = 1
    '0000000000000005' + //     committedOffset = 5
    'ffff', //     committedMetadata = null
);

request(
  'leader epoch (v2)',
  2,
  {
    transactionalId: 'txn',
    groupId: 'group',
    producerId: 1000,
    producerEpoch: 0,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: 2, committedMetadata: 'meta' }],
      },
    ],
  },
  '0003' + TXN + // transactionalId = "txn"
    '0005' + GROUP + // groupId = "group"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     committedOffset = 100
    '00000002' + //     committedLeaderEpoch = 2
    '0004' + META, //     committedMetadata = "meta"
);

request(
  'first flexible: group membership',
  3,
  {
    transactionalId: 'txn',
    groupId: 'group',
    producerId: 1000,
    producerEpoch: 0,
    generationId: 3,
    memberId: 'm1',
    groupInstanceId: 'i1',
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: -1, committedMetadata: '' }],
      },
    ],
  },
  '04' + TXN + // transactionalId = "txn"
    '06' + GROUP + // groupId = "group"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '00000003' + // generationId = 3
    '03' + M1 + // memberId = "m1"
    '03' + I1 + // groupInstanceId = "i1"
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     committedOffset = 100
    'ffffffff' + //     committedLeaderEpoch = -1
    '01' + //     committedMetadata = ""
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest: no membership, null metadata',
  4,
  {
    transactionalId: 'txn',
    groupId: 'group',
    producerId: 1000,
    producerEpoch: 1,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 1, committedOffset: 7, committedLeaderEpoch: 0, committedMetadata: null }],
      },
    ],
  },
  '04' + TXN + // transactionalId = "txn"
    '06' + GROUP + // groupId = "group"
    '00000000000003e8' + // producerId = 1000
    '0001' + // producerEpoch = 1
    'ffffffff' + // generationId = -1
    '01' + // memberId = ""
    '00' + // groupInstanceId = null
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000001' + //     partitionIndex = 1
    '0000000000000007' + //     committedOffset = 7
    '00000000' + //     committedLeaderEpoch = 0
    '00' + //     committedMetadata = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: 0 },
          { partitionIndex: 1, errorCode: 22 },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00000001' + //     partitionIndex = 1
    '0016', //     errorCode = 22 ILLEGAL_GENERATION
);

response(
  'first flexible',
  3,
  { throttleTimeMs: 0, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: TRANSACTION_ABORTABLE',
  4,
  { throttleTimeMs: 100, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 120 }] }] },
  '00000064' + // throttleTimeMs = 100
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0078' + //     errorCode = 120 TRANSACTION_ABORTABLE
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
