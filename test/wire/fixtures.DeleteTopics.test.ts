/**
 * DeleteTopics (key 20) byte fixtures, written by hand from DeleteTopicsRequest/Response.json.
 * Versions 0-6; flexible from 4.
 */
import { DeleteTopics, DeleteTopicsRequest, DeleteTopicsResponse } from '../../wire/apis/DeleteTopics';
import { UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DeleteTopicsRequest, bytes: string) =>
  fixture(title, DeleteTopics.request, version, value, bytes);
const response = (title: string, version: number, value: DeleteTopicsResponse, bytes: string) =>
  fixture(title, DeleteTopics.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const BAR = '626172'; // "bar"
const ZERO_UUID_HEX = '00000000000000000000000000000000';

// ---- request ----

request(
  'oldest',
  0,
  { topics: [], topicNames: ['foo', 'bar'], timeoutMs: 30000 },
  '00000002' + // topicNames: 2
    '0003' + FOO + //   "foo"
    '0003' + BAR + //   "bar"
    '00007530', // timeoutMs = 30000
);

request(
  'first flexible',
  4,
  { topics: [], topicNames: ['foo', 'bar'], timeoutMs: 30000 },
  '03' + // topicNames: 2
    '04' + FOO + //   "foo"
    '04' + BAR + //   "bar"
    '00007530' + // timeoutMs
    '00', // tagged fields: none
);

request(
  'newest: by name and by topic id',
  6,
  {
    topics: [
      { name: 'foo', topicId: ZERO_UUID },
      { name: null, topicId: UUID_A },
    ],
    topicNames: [], // absent from v6
    timeoutMs: 30000,
  },
  '03' + // topics: 2
    '04' + FOO + //   name = "foo"
    ZERO_UUID_HEX + //   topicId = zero
    '00' + //   tagged fields: none
    '00' + //   name = null
    UUID_A_HEX + //   topicId
    '00' + //   tagged fields: none
    '00007530' + // timeoutMs
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    responses: [{ name: 'foo', topicId: ZERO_UUID, errorCode: 0, errorMessage: null }],
  },
  '00000001' + // responses: 1
    '0003' + FOO + //   name
    '0000', //   errorCode
);

response(
  'first flexible',
  4,
  {
    throttleTimeMs: 0,
    responses: [
      { name: 'foo', topicId: ZERO_UUID, errorCode: 0, errorMessage: null },
      { name: 'bar', topicId: ZERO_UUID, errorCode: 3, errorMessage: null },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // responses: 2
    '04' + FOO + //   name
    '0000' + //   errorCode
    '00' + //   tagged fields: none
    '04' + BAR + //   name
    '0003' + //   errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: topic ids, null name, error message',
  6,
  {
    throttleTimeMs: 0,
    responses: [
      { name: 'foo', topicId: UUID_A, errorCode: 0, errorMessage: null },
      { name: null, topicId: UUID_B, errorCode: 100, errorMessage: 'gone' },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // responses: 2
    '04' + FOO + //   name
    UUID_A_HEX + //   topicId
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00' + //   tagged fields: none
    '00' + //   name = null
    UUID_B_HEX + //   topicId
    '0064' + //   errorCode = 100 UNKNOWN_TOPIC_ID
    '05 676f6e65' + //   errorMessage = "gone"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
