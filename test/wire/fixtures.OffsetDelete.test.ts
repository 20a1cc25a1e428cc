/**
 * OffsetDelete (key 47) byte fixtures, written by hand from OffsetDeleteRequest/Response.json.
 * Version 0 only; never flexible.
 */
import { OffsetDelete, OffsetDeleteRequest, OffsetDeleteResponse } from '../../wire/apis/OffsetDelete';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: OffsetDeleteRequest, bytes: string) =>
  fixture(title, OffsetDelete.request, version, value, bytes);
const response = (title: string, version: number, value: OffsetDeleteResponse, bytes: string) =>
  fixture(title, OffsetDelete.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const FOO = '666f6f'; // "foo"

// ---- request ----

request(
  'only version',
  0,
  { groupId: 'group', topics: [{ name: 'foo', partitions: [{ partitionIndex: 0 }, { partitionIndex: 1 }] }] },
  '0005' + GROUP + // groupId
    '00000001' + // topics: 1
    '0003' + FOO + //   name = "foo"
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '00000001', //     partitionIndex = 1
);

// ---- response ----

response(
  'only version: ErrorCode comes before ThrottleTimeMs',
  0,
  {
    errorCode: 0,
    throttleTimeMs: 100,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: 0 },
          { partitionIndex: 1, errorCode: 86 },
        ],
      },
    ],
  },
  '0000' + // errorCode
    '00000064' + // throttleTimeMs = 100
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00000001' + //     partitionIndex = 1
    '0056', //     errorCode = 86 GROUP_SUBSCRIBED_TO_TOPIC
);

response(
  'group-level error',
  0,
  { errorCode: 69, throttleTimeMs: 0, topics: [] },
  '0045' + // errorCode = 69 GROUP_ID_NOT_FOUND
    '00000000' + // throttleTimeMs
    '00000000', // topics: 0
);
