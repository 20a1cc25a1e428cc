/**
 * DescribeTransactions (key 65) byte fixtures, written by hand from DescribeTransactionsRequest/
 * Response.json. Version 0 only, flexible. No tagged fields are defined.
 */
import {
  DescribeTransactions,
  DescribeTransactionsRequest,
  DescribeTransactionsResponse,
} from '../../wire/apis/DescribeTransactions';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeTransactionsRequest, bytes: string) =>
  fixture(title, DescribeTransactions.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeTransactionsResponse, bytes: string) =>
  fixture(title, DescribeTransactions.response, version, value, bytes);

const TXN = '74786e'; // "txn"
const T2 = '7432'; // "t2"
const FOO = '666f6f'; // "foo"
const ONGOING = '4f6e676f696e67'; // "Ongoing", 7 bytes

// ---- request ----

request(
  'oldest = newest, flexible',
  0,
  { transactionalIds: ['txn', 't2'] },
  '03' + // transactionalIds: 2
    '04' + TXN + //   "txn"
    '03' + T2 + //   "t2"
    '00', // tagged fields: none
);

request(
  'empty: no results',
  0,
  { transactionalIds: [] },
  '01' + // transactionalIds: 0
    '00', // tagged fields: none
);

// ---- response ----

response(
  'an ongoing transaction and an unknown id',
  0,
  {
    throttleTimeMs: 0,
    transactionStates: [
      {
        errorCode: 0,
        transactionalId: 'txn',
        transactionState: 'Ongoing',
        transactionTimeoutMs: 60000,
        transactionStartTimeMs: 1700000000000,
        producerId: 1000,
        producerEpoch: 0,
        topics: [{ topic: 'foo', partitions: [0, 1] }],
      },
      {
        errorCode: 105,
        transactionalId: 't2',
        transactionState: '',
        transactionTimeoutMs: 0,
        transactionStartTimeMs: -1,
        producerId: -1,
        producerEpoch: -1,
        topics: [],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // transactionStates: 2
    '0000' + //   errorCode
    '04' + TXN + //   transactionalId = "txn"
    '08' + ONGOING + //   transactionState = "Ongoing"
    '0000ea60' + //   transactionTimeoutMs = 60000
    '0000018bcfe56800' + //   transactionStartTimeMs = 1700000000000
    '00000000000003e8' + //   producerId = 1000
    '0000' + //   producerEpoch = 0
    '02' + //   topics: 1
    '04' + FOO + //     topic
    '03' + //     partitions: 2
    '00000000' + //       0
    '00000001' + //       1
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '0069' + //   errorCode = 105 TRANSACTIONAL_ID_NOT_FOUND
    '03' + T2 + //   transactionalId = "t2"
    '01' + //   transactionState = ""
    '00000000' + //   transactionTimeoutMs = 0
    'ffffffffffffffff' + //   transactionStartTimeMs = -1
    'ffffffffffffffff' + //   producerId = -1
    'ffff' + //   producerEpoch = -1
    '01' + //   topics: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
