/**
 * DeleteShareGroupOffsets (key 92) byte fixtures, written by hand from Apache Kafka's
 * DeleteShareGroupOffsetsRequest/Response.json as stabilised (topic-level only: no partitions in
 * the request or the response). Version 0 only; flexible.
 */
import {
  DeleteShareGroupOffsets,
  DeleteShareGroupOffsetsRequest,
  DeleteShareGroupOffsetsResponse,
} from '../../wire/apis/DeleteShareGroupOffsets';
import { UUID_A, UUID_A_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: DeleteShareGroupOffsetsRequest, bytes: string) =>
  fixture(title, DeleteShareGroupOffsets.request, version, value, bytes);
const response = (title: string, version: number, value: DeleteShareGroupOffsetsResponse, bytes: string) =>
  fixture(title, DeleteShareGroupOffsets.response, version, value, bytes);

const G = '67'; // "g"
const T = '74'; // "t"
const U = '75'; // "u"
const NO = '6e6f'; // "no"

request(
  'two topics',
  0,
  { groupId: 'g', topics: [{ topicName: 't' }, { topicName: 'u' }] },
  '02' + G + // groupId = "g"
    '03' + // topics: 2
    '02' + T + //   topicName = "t"
    '00' + //   tagged fields: none
    '02' + U + //   topicName = "u"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'per-topic results',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    responses: [
      { topicName: 't', topicId: UUID_A, errorCode: 0, errorMessage: null },
      { topicName: 'u', topicId: ZERO_UUID, errorCode: 3, errorMessage: 'no' },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '03' + // responses: 2
    '02' + T + //   topicName = "t"
    UUID_A_HEX + //   topicId
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00' + //   tagged fields: none
    '02' + U + //   topicName = "u"
    '00000000000000000000000000000000' + //   topicId = zero uuid
    '0003' + //   errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    '03' + NO + //   errorMessage = "no"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'group not empty',
  0,
  { throttleTimeMs: 0, errorCode: 68, errorMessage: 'no', responses: [] },
  '00000000' + // throttleTimeMs
    '0044' + // errorCode = 68 NON_EMPTY_GROUP
    '03' + NO + // errorMessage = "no"
    '01' + // responses: 0
    '00', // tagged fields: none
);
