/**
 * DescribeShareGroupOffsets (key 90) byte fixtures, written by hand from Apache Kafka's
 * DescribeShareGroupOffsetsRequest/Response.json (v0) and KIP-1226 (v1 adds Lag, an int64 after
 * LeaderEpoch in each response partition). Flexible in all versions; the request is the same in
 * both versions.
 */
import {
  DescribeShareGroupOffsets,
  DescribeShareGroupOffsetsRequest,
  DescribeShareGroupOffsetsResponse,
} from '../../wire/apis/DescribeShareGroupOffsets';
import { UUID_A, UUID_A_HEX, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: DescribeShareGroupOffsetsRequest, bytes: string) =>
  fixture(title, DescribeShareGroupOffsets.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeShareGroupOffsetsResponse, bytes: string) =>
  fixture(title, DescribeShareGroupOffsets.response, version, value, bytes);

const G = '67'; // "g"
const T = '74'; // "t"
const NO = '6e6f'; // "no"

// ---- request ----

const REQUEST: DescribeShareGroupOffsetsRequest = {
  groups: [
    { groupId: 'g', topics: [{ topicName: 't', partitions: [0, 1] }] },
    { groupId: 'g', topics: null },
  ],
};

const REQUEST_BYTES =
  '03' + // groups: 2
  '02' + G + //   groupId = "g"
  '02' + //   topics: 1
  '02' + T + //     topicName = "t"
  '03' + '00000000' + '00000001' + //     partitions = [0, 1]
  '00' + //     tagged fields: none
  '00' + //   group tagged fields: none
  '02' + G + //   groupId = "g"
  '00' + //   topics = null (all topic-partitions)
  '00' + //   group tagged fields: none
  '00'; // tagged fields: none

request('oldest', 0, REQUEST, REQUEST_BYTES);
request('newest: same layout', 1, REQUEST, REQUEST_BYTES);

// ---- response ----

function offsets(lag: number): DescribeShareGroupOffsetsResponse {
  return {
    throttleTimeMs: 0,
    groups: [
      {
        groupId: 'g',
        topics: [
          {
            topicName: 't',
            topicId: UUID_A,
            partitions: [{ partitionIndex: 0, startOffset: 5, leaderEpoch: 0, lag, errorCode: 0, errorMessage: null }],
          },
        ],
        errorCode: 0,
        errorMessage: null,
      },
    ],
  };
}

const groupHead =
  '00000000' + // throttleTimeMs
  '02' + // groups: 1
  '02' + G + //   groupId = "g"
  '02' + //   topics: 1
  '02' + T + //     topicName = "t"
  UUID_A_HEX + //     topicId
  '02' + //     partitions: 1
  '00000000' + //       partitionIndex = 0
  '0000000000000005' + //       startOffset = 5
  '00000000'; //       leaderEpoch = 0

const groupTail =
  '0000' + //       errorCode
  '00' + //       errorMessage = null
  '00' + //       tagged fields: none
  '00' + //     topic tagged fields: none
  '0000' + //   errorCode
  '00' + //   errorMessage = null
  '00' + //   group tagged fields: none
  '00'; // tagged fields: none

response('oldest: no lag', 0, offsets(-1), groupHead + groupTail);

response(
  'newest: lag after leader epoch',
  1,
  offsets(7),
  groupHead +
    '0000000000000007' + //       lag = 7 (v1+)
    groupTail,
);

response(
  'newest: unknown group',
  1,
  { throttleTimeMs: 0, groups: [{ groupId: 'g', topics: [], errorCode: 69, errorMessage: 'no' }] },
  '00000000' + // throttleTimeMs
    '02' + // groups: 1
    '02' + G + //   groupId
    '01' + //   topics: 0
    '0045' + //   errorCode = 69 GROUP_ID_NOT_FOUND
    '03' + NO + //   errorMessage = "no"
    '00' + //   group tagged fields: none
    '00', // tagged fields: none
);
