/**
 * AddPartitionsToTxn (key 24) byte fixtures, written by hand from AddPartitionsToTxnRequest/
 * Response.json. Versions 0-5; flexible from 3. v0-3 are the client form (one transaction in the
 * V3AndBelow* fields); v4+ the broker-to-broker batched form (Transactions, VerifyOnly; the
 * response gains a top-level ErrorCode and ResultsByTransaction). No tagged fields are defined.
 */
import {
  AddPartitionsToTxn,
  AddPartitionsToTxnRequest,
  AddPartitionsToTxnResponse,
} from '../../wire/apis/AddPartitionsToTxn';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: AddPartitionsToTxnRequest, bytes: string) =>
  fixture(title, AddPartitionsToTxn.request, version, value, bytes);
const response = (title: string, version: number, value: AddPartitionsToTxnResponse, bytes: string) =>
  fixture(title, AddPartitionsToTxn.response, version, value, bytes);

const TXN = '74786e'; // "txn"
const T2 = '7432'; // "t2"
const FOO = '666f6f'; // "foo"

// The v0-3 fields at their defaults, for v4+ values.
const NO_V3_REQUEST = {
  v3AndBelowTransactionalId: '',
  v3AndBelowProducerId: 0,
  v3AndBelowProducerEpoch: 0,
  v3AndBelowTopics: [],
};

// ---- request ----

request(
  'oldest: the client form',
  0,
  {
    transactions: [], // absent before v4
    v3AndBelowTransactionalId: 'txn',
    v3AndBelowProducerId: 1000,
    v3AndBelowProducerEpoch: 0,
    v3AndBelowTopics: [{ name: 'foo', partitions: [0, 1] }],
  },
  '0003' + TXN + // v3AndBelowTransactionalId = "txn"
    '00000000000003e8' + // v3AndBelowProducerId = 1000
    '0000' + // v3AndBelowProducerEpoch = 0
    '00000001' + // v3AndBelowTopics: 1
    '0003' + FOO + //   name
    '00000002' + //   partitions: 2
    '00000000' + //     0
    '00000001', //     1
);

request(
  'first flexible: the client form',
  3,
  {
    transactions: [],
    v3AndBelowTransactionalId: 'txn',
    v3AndBelowProducerId: 1000,
    v3AndBelowProducerEpoch: 1,
    v3AndBelowTopics: [{ name: 'foo', partitions: [0, 1] }],
  },
  '04' + TXN + // v3AndBelowTransactionalId = "txn"
    '00000000000003e8' + // v3AndBelowProducerId = 1000
    '0001' + // v3AndBelowProducerEpoch = 1
    '02' + // v3AndBelowTopics: 1
    '04' + FOO + //   name
    '03' + //   partitions: 2
    '00000000' + //     0
    '00000001' + //     1
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'batched broker form (v4): two transactions, one verify-only',
  4,
  {
    transactions: [
      {
        transactionalId: 'txn',
        producerId: 1000,
        producerEpoch: 0,
        verifyOnly: true,
        topics: [{ name: 'foo', partitions: [0] }],
      },
      { transactionalId: 't2', producerId: 1001, producerEpoch: 1, verifyOnly: false, topics: [] },
    ],
    ...NO_V3_REQUEST,
  },
  '03' + // transactions: 2
    '04' + TXN + //   transactionalId = "txn"
    '00000000000003e8' + //   producerId = 1000
    '0000' + //   producerEpoch = 0
    '01' + //   verifyOnly = true
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000000' + //       0
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '03' + T2 + //   transactionalId = "t2"
    '00000000000003e9' + //   producerId = 1001
    '0001' + //   producerEpoch = 1
    '00' + //   verifyOnly = false
    '01' + //   topics: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest',
  5,
  {
    transactions: [
      {
        transactionalId: 'txn',
        producerId: 1000,
        producerEpoch: 2,
        verifyOnly: false,
        topics: [{ name: 'foo', partitions: [3] }],
      },
    ],
    ...NO_V3_REQUEST,
  },
  '02' + // transactions: 1
    '04' + TXN + //   transactionalId = "txn"
    '00000000000003e8' + //   producerId = 1000
    '0002' + //   producerEpoch = 2
    '00' + //   verifyOnly = false
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000003' + //       3
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: one partition added, one not attempted',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0, // absent before v4
    resultsByTransaction: [], // absent before v4
    resultsByTopicV3AndBelow: [
      {
        name: 'foo',
        resultsByPartition: [
          { partitionIndex: 0, partitionErrorCode: 0 },
          { partitionIndex: 1, partitionErrorCode: 55 },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // resultsByTopicV3AndBelow: 1
    '0003' + FOO + //   name
    '00000002' + //   resultsByPartition: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     partitionErrorCode
    '00000001' + //     partitionIndex = 1
    '0037', //     partitionErrorCode = 55 OPERATION_NOT_ATTEMPTED
);

response(
  'first flexible',
  3,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    resultsByTransaction: [],
    resultsByTopicV3AndBelow: [{ name: 'foo', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 51 }] }],
  },
  '00000000' + // throttleTimeMs
    '02' + // resultsByTopicV3AndBelow: 1
    '04' + FOO + //   name
    '02' + //   resultsByPartition: 1
    '00000000' + //     partitionIndex = 0
    '0033' + //     partitionErrorCode = 51 CONCURRENT_TRANSACTIONS
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'batched broker form (v4): results by transaction',
  4,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    resultsByTransaction: [
      {
        transactionalId: 'txn',
        topicResults: [{ name: 'foo', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }] }],
      },
      { transactionalId: 't2', topicResults: [] },
    ],
    resultsByTopicV3AndBelow: [], // absent from v4
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '03' + // resultsByTransaction: 2
    '04' + TXN + //   transactionalId = "txn"
    '02' + //   topicResults: 1
    '04' + FOO + //     name
    '02' + //     resultsByPartition: 1
    '00000000' + //       partitionIndex = 0
    '0000' + //       partitionErrorCode
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '03' + T2 + //   transactionalId = "t2"
    '01' + //   topicResults: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: a top-level error',
  5,
  { throttleTimeMs: 0, errorCode: 15, resultsByTransaction: [], resultsByTopicV3AndBelow: [] },
  '00000000' + // throttleTimeMs
    '000f' + // errorCode = 15 COORDINATOR_NOT_AVAILABLE
    '01' + // resultsByTransaction: 0
    '00', // tagged fields: none
);

response(
  'newest: TRANSACTION_ABORTABLE for a partition',
  5,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    resultsByTransaction: [
      {
        transactionalId: 'txn',
        topicResults: [{ name: 'foo', resultsByPartition: [{ partitionIndex: 2, partitionErrorCode: 120 }] }],
      },
    ],
    resultsByTopicV3AndBelow: [],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '02' + // resultsByTransaction: 1
    '04' + TXN + //   transactionalId = "txn"
    '02' + //   topicResults: 1
    '04' + FOO + //     name
    '02' + //     resultsByPartition: 1
    '00000002' + //       partitionIndex = 2
    '0078' + //       partitionErrorCode = 120 TRANSACTION_ABORTABLE
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
