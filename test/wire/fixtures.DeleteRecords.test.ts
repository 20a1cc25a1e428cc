/**
 * DeleteRecords (key 21) byte fixtures, written by hand from DeleteRecordsRequest/Response.json.
 * Versions 0-2; flexible from 2 (first flexible = newest). No tagged fields are defined.
 */
import { DeleteRecords, DeleteRecordsRequest, DeleteRecordsResponse } from '../../wire/apis/DeleteRecords';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DeleteRecordsRequest, bytes: string) =>
  fixture(title, DeleteRecords.request, version, value, bytes);
const response = (title: string, version: number, value: DeleteRecordsResponse, bytes: string) =>
  fixture(title, DeleteRecords.response, version, value, bytes);

const FOO = '666f6f'; // "foo"

// ---- request ----

request(
  'oldest',
  0,
  {
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, offset: 100 },
          { partitionIndex: 1, offset: -1 },
        ],
      },
    ],
    timeoutMs: 30000,
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     offset = 100
    '00000001' + //     partitionIndex = 1
    'ffffffffffffffff' + //     offset = -1 (high watermark)
    '00007530', // timeoutMs = 30000
);

request(
  'v1 (same as v0)',
  1,
  { topics: [{ name: 'foo', partitions: [] }], timeoutMs: 0 },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000000' + //   partitions: 0
    '00000000', // timeoutMs = 0
);

request(
  'first flexible = newest',
  2,
  {
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, offset: 100 },
          { partitionIndex: 1, offset: -1 },
        ],
      },
    ],
    timeoutMs: 30000,
  },
  '02' + // topics: 1
    '04' + FOO + //   name
    '03' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     offset = 100
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    'ffffffffffffffff' + //     offset = -1
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00007530' + // timeoutMs = 30000
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: new low watermark, out of range',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, lowWatermark: 100, errorCode: 0 },
          { partitionIndex: 1, lowWatermark: -1, errorCode: 1 },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000000000000064' + //     lowWatermark = 100
    '0000' + //     errorCode
    '00000001' + //     partitionIndex = 1
    'ffffffffffffffff' + //     lowWatermark = -1
    '0001', //     errorCode = 1 OFFSET_OUT_OF_RANGE
);

response(
  'first flexible = newest',
  2,
  {
    throttleTimeMs: 100,
    topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, lowWatermark: 100, errorCode: 0 }] }],
  },
  '00000064' + // throttleTimeMs = 100
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000000000000064' + //     lowWatermark = 100
    '0000' + //     errorCode
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
