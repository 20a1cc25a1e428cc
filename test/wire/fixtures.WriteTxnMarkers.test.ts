/**
 * WriteTxnMarkers (key 27) byte fixtures, written by hand from WriteTxnMarkersRequest/Response.json.
 * Versions 0-1; flexible from 1, otherwise identical. No tagged fields are defined.
 */
import { WriteTxnMarkers, WriteTxnMarkersRequest, WriteTxnMarkersResponse } from '../../wire/apis/WriteTxnMarkers';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: WriteTxnMarkersRequest, bytes: string) =>
  fixture(title, WriteTxnMarkers.request, version, value, bytes);
const response = (title: string, version: number, value: WriteTxnMarkersResponse, bytes: string) =>
  fixture(title, WriteTxnMarkers.response, version, value, bytes);

const FOO = '666f6f'; // "foo"

// ---- request ----

request(
  'oldest: a COMMIT marker for two partitions',
  0,
  {
    markers: [
      {
        producerId: 1000,
        producerEpoch: 0,
        transactionResult: true,
        topics: [{ name: 'foo', partitionIndexes: [0, 1] }],
        coordinatorEpoch: 7,
      },
    ],
  },
  '00000001' + // markers: 1
    '00000000000003e8' + //   producerId = 1000
    '0000' + //   producerEpoch = 0
    '01' + //   transactionResult = true (COMMIT)
    '00000001' + //   topics: 1
    '0003' + FOO + //     name
    '00000002' + //     partitionIndexes: 2
    '00000000' + //       0
    '00000001' + //       1
    '00000007', //   coordinatorEpoch = 7
);

request(
  'newest, first flexible: an ABORT marker',
  1,
  {
    markers: [
      {
        producerId: 1000,
        producerEpoch: 3,
        transactionResult: false,
        topics: [{ name: 'foo', partitionIndexes: [0, 1] }],
        coordinatorEpoch: 7,
      },
    ],
  },
  '02' + // markers: 1
    '00000000000003e8' + //   producerId = 1000
    '0003' + //   producerEpoch = 3
    '00' + //   transactionResult = false (ABORT)
    '02' + //   topics: 1
    '04' + FOO + //     name
    '03' + //     partitionIndexes: 2
    '00000000' + //       0
    '00000001' + //       1
    '00' + //     tagged fields: none
    '00000007' + //   coordinatorEpoch = 7
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    markers: [
      {
        producerId: 1000,
        topics: [
          {
            name: 'foo',
            partitions: [
              { partitionIndex: 0, errorCode: 0 },
              { partitionIndex: 1, errorCode: 6 },
            ],
          },
        ],
      },
    ],
  },
  '00000001' + // markers: 1
    '00000000000003e8' + //   producerId = 1000
    '00000001' + //   topics: 1
    '0003' + FOO + //     name
    '00000002' + //     partitions: 2
    '00000000' + //       partitionIndex = 0
    '0000' + //       errorCode
    '00000001' + //       partitionIndex = 1
    '0006', //       errorCode = 6 NOT_LEADER_OR_FOLLOWER
);

response(
  'newest, first flexible',
  1,
  { markers: [{ producerId: 1000, topics: [{ name: 'foo', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }] },
  '02' + // markers: 1
    '00000000000003e8' + //   producerId = 1000
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000000' + //       partitionIndex = 0
    '0000' + //       errorCode
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
