/**
 * DescribeProducers (key 61) byte fixtures, written by hand from DescribeProducersRequest/
 * Response.json. Version 0 only, flexible. ProducerEpoch is an int32 here. No tagged fields are
 * defined.
 */
import {
  DescribeProducers,
  DescribeProducersRequest,
  DescribeProducersResponse,
} from '../../wire/apis/DescribeProducers';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeProducersRequest, bytes: string) =>
  fixture(title, DescribeProducers.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeProducersResponse, bytes: string) =>
  fixture(title, DescribeProducers.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const BAD = '626164'; // "bad"

// ---- request ----

request(
  'oldest = newest, flexible',
  0,
  { topics: [{ name: 'foo', partitionIndexes: [0, 1] }] },
  '02' + // topics: 1
    '04' + FOO + //   name
    '03' + //   partitionIndexes: 2
    '00000000' + //     0
    '00000001' + //     1
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'no topics',
  0,
  { topics: [] },
  '01' + // topics: 0
    '00', // tagged fields: none
);

// ---- response ----

response(
  'an open transaction, and a partition error with a message',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            errorMessage: null,
            activeProducers: [
              {
                producerId: 1000,
                producerEpoch: 2,
                lastSequence: 41,
                lastTimestamp: 1700000000000,
                coordinatorEpoch: -1,
                currentTxnStartOffset: 100,
              },
            ],
          },
          { partitionIndex: 1, errorCode: 6, errorMessage: 'bad', activeProducers: [] },
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
    '00' + //     errorMessage = null
    '02' + //     activeProducers: 1
    '00000000000003e8' + //       producerId = 1000
    '00000002' + //       producerEpoch = 2 (int32)
    '00000029' + //       lastSequence = 41
    '0000018bcfe56800' + //       lastTimestamp = 1700000000000
    'ffffffff' + //       coordinatorEpoch = -1
    '0000000000000064' + //       currentTxnStartOffset = 100
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '0006' + //     errorCode = 6 NOT_LEADER_OR_FOLLOWER
    '04' + BAD + //     errorMessage = "bad"
    '01' + //     activeProducers: 0
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'an idempotent producer without a transaction',
  0,
  {
    throttleTimeMs: 5,
    topics: [
      {
        name: 'foo',
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            errorMessage: null,
            activeProducers: [
              {
                producerId: 7,
                producerEpoch: 0,
                lastSequence: -1,
                lastTimestamp: -1,
                coordinatorEpoch: 0,
                currentTxnStartOffset: -1,
              },
            ],
          },
        ],
      },
    ],
  },
  '00000005' + // throttleTimeMs = 5
    '02' + // topics: 1
    '04' + FOO + //   name
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '00' + //     errorMessage = null
    '02' + //     activeProducers: 1
    '0000000000000007' + //       producerId = 7
    '00000000' + //       producerEpoch = 0 (int32)
    'ffffffff' + //       lastSequence = -1
    'ffffffffffffffff' + //       lastTimestamp = -1
    '00000000' + //       coordinatorEpoch = 0
    'ffffffffffffffff' + //       currentTxnStartOffset = -1 (none)
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
