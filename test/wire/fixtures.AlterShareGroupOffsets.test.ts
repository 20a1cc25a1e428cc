/**
 * AlterShareGroupOffsets (key 91) byte fixtures, written by hand from Apache Kafka's
 * AlterShareGroupOffsetsRequest/Response.json. Version 0 only; flexible.
 */
import {
  AlterShareGroupOffsets,
  AlterShareGroupOffsetsRequest,
  AlterShareGroupOffsetsResponse,
} from '../../wire/apis/AlterShareGroupOffsets';
import { UUID_A, UUID_A_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: AlterShareGroupOffsetsRequest, bytes: string) =>
  fixture(title, AlterShareGroupOffsets.request, version, value, bytes);
const response = (title: string, version: number, value: AlterShareGroupOffsetsResponse, bytes: string) =>
  fixture(title, AlterShareGroupOffsets.response, version, value, bytes);

const G = '67'; // "g"
const T = '74'; // "t"
const NO = '6e6f'; // "no"

request(
  'reset two partitions',
  0,
  {
    groupId: 'g',
    topics: [
      {
        topicName: 't',
        partitions: [
          { partitionIndex: 0, startOffset: 10 },
          { partitionIndex: 1, startOffset: 0 },
        ],
      },
    ],
  },
  '02' + G + // groupId = "g"
    '02' + // topics: 1
    '02' + T + //   topicName = "t"
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '000000000000000a' + //     startOffset = 10
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '0000000000000000' + //     startOffset = 0
    '00' + //     tagged fields: none
    '00' + //   topic tagged fields: none
    '00', // tagged fields: none
);

response(
  'per-partition results',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    responses: [
      {
        topicName: 't',
        topicId: UUID_A,
        partitions: [
          { partitionIndex: 0, errorCode: 0, errorMessage: null },
          { partitionIndex: 9, errorCode: 3, errorMessage: 'no' },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '02' + // responses: 1
    '02' + T + //   topicName = "t"
    UUID_A_HEX + //   topicId
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00' + //     errorMessage = null
    '00' + //     tagged fields: none
    '00000009' + //     partitionIndex = 9
    '0003' + //     errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    '03' + NO + //     errorMessage = "no"
    '00' + //     tagged fields: none
    '00' + //   topic tagged fields: none
    '00', // tagged fields: none
);

response(
  'group not empty',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 68,
    errorMessage: 'no',
    responses: [{ topicName: 't', topicId: ZERO_UUID, partitions: [] }],
  },
  '00000000' + // throttleTimeMs
    '0044' + // errorCode = 68 NON_EMPTY_GROUP
    '03' + NO + // errorMessage = "no"
    '02' + // responses: 1
    '02' + T + //   topicName
    '00000000000000000000000000000000' + //   topicId = zero uuid
    '01' + //   partitions: 0
    '00' + //   topic tagged fields: none
    '00', // tagged fields: none
);
