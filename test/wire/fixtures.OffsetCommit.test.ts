/**
 * OffsetCommit (key 8) byte fixtures, written by hand from OffsetCommitRequest/Response.json.
 * Versions 0-9; flexible from 8. No tagged fields are defined.
 */
import { OffsetCommit, OffsetCommitRequest, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: OffsetCommitRequest, bytes: string) =>
  fixture(title, OffsetCommit.request, version, value, bytes);
const response = (title: string, version: number, value: OffsetCommitResponse, bytes: string) =>
  fixture(title, OffsetCommit.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const FOO = '666f6f'; // "foo"
const BAR = '626172'; // "bar"
const M1 = '6d31'; // "m1"
const I1 = '6931'; // "i1"
const META = '6d657461'; // "meta"

// ---- request ----

request(
  'oldest',
  0,
  {
    groupId: 'group',
    generationIdOrMemberEpoch: -1, // absent in v0
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' },
        ],
      },
    ],
  },
  '0005' + GROUP + // groupId
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     committedOffset = 100
    '0000', //     committedMetadata = ""
);

request(
  'v1: membership and the v1-only CommitTimestamp',
  1,
  {
    groupId: 'group',
    generationIdOrMemberEpoch: 3,
    memberId: 'm1',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [
      {
        name: 'foo',
        partitions: [
          {
            partitionIndex: 0,
            committedOffset: 100,
            committedLeaderEpoch: -1,
            commitTimestamp: 1700000000000,
            committedMetadata: null,
          },
        ],
      },
    ],
  },
  '0005' + GROUP + // groupId
    '00000003' + // generationIdOrMemberEpoch = 3
    '0002' + M1 + // memberId = "m1"
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000000000000064' + //     committedOffset = 100
    '0000018bcfe56800' + //     commitTimestamp = 1700000000000
    'ffff', //     committedMetadata = null
);

request(
  'v2-4: RetentionTimeMs (kafka-python uses v2)',
  2,
  {
    groupId: 'group',
    generationIdOrMemberEpoch: 3,
    memberId: 'm1',
    groupInstanceId: null,
    retentionTimeMs: 86400000,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 1, committedOffset: 7, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' },
        ],
      },
    ],
  },
  '0005' + GROUP + // groupId
    '00000003' + // generationIdOrMemberEpoch
    '0002' + M1 + // memberId
    '0000000005265c00' + // retentionTimeMs = 86400000 (one day)
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000001' + //     partitionIndex = 1
    '0000000000000007' + //     committedOffset = 7
    '0000', //     committedMetadata = ""
);

request(
  'first flexible: leader epoch',
  8,
  {
    groupId: 'group',
    generationIdOrMemberEpoch: 3,
    memberId: 'm1',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, committedOffset: 100, committedLeaderEpoch: 2, commitTimestamp: -1, committedMetadata: '' },
        ],
      },
    ],
  },
  '06' + GROUP + // groupId
    '00000003' + // generationIdOrMemberEpoch
    '03' + M1 + // memberId
    '00' + // groupInstanceId = null
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000000000000064' + //     committedOffset = 100
    '00000002' + //     committedLeaderEpoch = 2
    '01' + //     committedMetadata = ""
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest: a simple commit (generation -1, no member) of -1 as kafkajs does',
  9,
  {
    groupId: 'group',
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: 'i1',
    retentionTimeMs: -1,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'meta' },
          { partitionIndex: 1, committedOffset: 200, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null },
        ],
      },
      { name: 'bar', partitions: [] },
    ],
  },
  '06' + GROUP + // groupId
    'ffffffff' + // generationIdOrMemberEpoch = -1
    '01' + // memberId = ""
    '03' + I1 + // groupInstanceId = "i1"
    '03' + // topics: 2
    '04' + FOO + //   name = "foo"
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    'ffffffffffffffff' + //     committedOffset = -1
    'ffffffff' + //     committedLeaderEpoch = -1
    '05' + META + //     committedMetadata = "meta"
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '00000000000000c8' + //     committedOffset = 200
    'ffffffff' + //     committedLeaderEpoch = -1
    '00' + //     committedMetadata = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '04' + BAR + //   name = "bar"
    '01' + //   partitions: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000', //     errorCode
);

response(
  'throttle time added',
  3,
  { throttleTimeMs: 100, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 22 }] }] },
  '00000064' + // throttleTimeMs = 100
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000001' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0016', //     errorCode = 22 ILLEGAL_GENERATION
);

response(
  'first flexible',
  8,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: 0 },
          { partitionIndex: 1, errorCode: 25 },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   name
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '0019' + //     errorCode = 25 UNKNOWN_MEMBER_ID
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest',
  9,
  { throttleTimeMs: 0, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 69 }] }] },
  '00000000' + // throttleTimeMs
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0045' + //     errorCode = 69 GROUP_ID_NOT_FOUND
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
