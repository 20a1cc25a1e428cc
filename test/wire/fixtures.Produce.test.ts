/**
 * Produce (key 0) byte fixtures, written by hand from ProduceRequest/Response.json.
 * Versions 0-11; flexible from 9. Records are ten arbitrary bytes (opaque to the codec).
 */
import { Produce, ProduceRequest, ProduceResponse } from '../../wire/apis/Produce';
import { RECORDS, RECORDS_HEX, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ProduceRequest, bytes: string) =>
  fixture(title, Produce.request, version, value, bytes);
const response = (title: string, version: number, value: ProduceResponse, bytes: string) =>
  fixture(title, Produce.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes
const NO_LEADER = { leaderId: -1, leaderEpoch: -1 };

// ---- request ----

request(
  'oldest',
  0,
  {
    transactionalId: null, // absent in v0
    acks: 1,
    timeoutMs: 30000,
    topicData: [{ name: 'foo', partitionData: [{ index: 0, records: RECORDS }] }],
  },
  '0001' + // acks = 1
    '00007530' + // timeoutMs = 30000
    '00000001' + // topicData: 1
    '0003' + FOO + //   name = "foo"
    '00000001' + //   partitionData: 1
    '00000000' + //     index = 0
    '0000000a' + RECORDS_HEX, //     records: int32 length 10 + bytes
);

request(
  'v3 adds transactionalId',
  3,
  {
    transactionalId: 'tx',
    acks: -1,
    timeoutMs: 30000,
    topicData: [{ name: 'foo', partitionData: [{ index: 0, records: null }] }],
  },
  '0002 7478' + // transactionalId = "tx"
    'ffff' + // acks = -1
    '00007530' + // timeoutMs
    '00000001' + // topicData: 1
    '0003' + FOO + //   name
    '00000001' + //   partitionData: 1
    '00000000' + //     index
    'ffffffff', //     records = null
);

request(
  'first flexible',
  9,
  {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: 'foo', partitionData: [{ index: 1, records: RECORDS }] }],
  },
  '00' + // transactionalId = null
    'ffff' + // acks = -1
    '00001388' + // timeoutMs = 5000
    '02' + // topicData: 1
    '04' + FOO + //   name
    '02' + //   partitionData: 1
    '00000001' + //     index = 1
    '0b' + RECORDS_HEX + //     records: compact length 10+1
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest',
  11,
  {
    transactionalId: 'tx',
    acks: -1,
    timeoutMs: 5000,
    topicData: [
      {
        name: 'foo',
        partitionData: [
          { index: 0, records: RECORDS },
          { index: 1, records: null },
        ],
      },
    ],
  },
  '03 7478' + // transactionalId = "tx"
    'ffff' + // acks = -1
    '00001388' + // timeoutMs
    '02' + // topicData: 1
    '04' + FOO + //   name
    '03' + //   partitionData: 2
    '00000000' + //     index = 0
    '0b' + RECORDS_HEX + //     records
    '00' + //     tagged fields: none
    '00000001' + //     index = 1
    '00' + //     records = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    responses: [
      {
        name: 'foo',
        partitionResponses: [
          {
            index: 0,
            errorCode: 0,
            baseOffset: 5,
            logAppendTimeMs: -1,
            logStartOffset: -1,
            recordErrors: [],
            errorMessage: null,
            currentLeader: NO_LEADER,
          },
        ],
      },
    ],
    throttleTimeMs: 0,
    nodeEndpoints: [],
  },
  '00000001' + // responses: 1
    '0003' + FOO + //   name
    '00000001' + //   partitionResponses: 1
    '00000000' + //     index
    '0000' + //     errorCode
    '0000000000000005', //     baseOffset = 5
);

response(
  'first flexible, with record errors',
  9,
  {
    responses: [
      {
        name: 'foo',
        partitionResponses: [
          {
            index: 0,
            errorCode: 87,
            baseOffset: -1,
            logAppendTimeMs: -1,
            logStartOffset: 0,
            recordErrors: [
              { batchIndex: 0, batchIndexErrorMessage: null },
              { batchIndex: 3, batchIndexErrorMessage: 'bad' },
            ],
            errorMessage: 'oops',
            currentLeader: NO_LEADER, // absent before v10
          },
        ],
      },
    ],
    throttleTimeMs: 0,
    nodeEndpoints: [],
  },
  '02' + // responses: 1
    '04' + FOO + //   name
    '02' + //   partitionResponses: 1
    '00000000' + //     index
    '0057' + //     errorCode = 87 INVALID_RECORD
    'ffffffffffffffff' + //     baseOffset = -1
    'ffffffffffffffff' + //     logAppendTimeMs = -1
    '0000000000000000' + //     logStartOffset = 0
    '03' + //     recordErrors: 2
    '00000000' + //       batchIndex = 0
    '00' + //       batchIndexErrorMessage = null
    '00' + //       tagged fields: none
    '00000003' + //       batchIndex = 3
    '04 626164' + //       batchIndexErrorMessage = "bad"
    '00' + //       tagged fields: none
    '05 6f6f7073' + //     errorMessage = "oops"
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00000000' + // throttleTimeMs
    '00', // tagged fields: none
);

response(
  'newest: CurrentLeader and NodeEndpoints tagged',
  11,
  {
    responses: [
      {
        name: 'foo',
        partitionResponses: [
          {
            index: 0,
            errorCode: 6,
            baseOffset: -1,
            logAppendTimeMs: -1,
            logStartOffset: -1,
            recordErrors: [],
            errorMessage: null,
            currentLeader: { leaderId: 2, leaderEpoch: 7 },
          },
        ],
      },
    ],
    throttleTimeMs: 0,
    nodeEndpoints: [{ nodeId: 2, host: 'localhost', port: 9093, rack: null }],
  },
  '02' + // responses: 1
    '04' + FOO + //   name
    '02' + //   partitionResponses: 1
    '00000000' + //     index
    '0006' + //     errorCode = 6 NOT_LEADER_OR_FOLLOWER
    'ffffffffffffffff' + //     baseOffset = -1
    'ffffffffffffffff' + //     logAppendTimeMs = -1
    'ffffffffffffffff' + //     logStartOffset = -1
    '01' + //     recordErrors = []
    '00' + //     errorMessage = null
    '01' + //     tagged fields: 1
    '00 09' + //       tag 0 (CurrentLeader), 9 bytes:
    '00000002' + //         leaderId = 2
    '00000007' + //         leaderEpoch = 7
    '00' + //         tagged fields: none
    '00' + //   tagged fields: none
    '00000000' + // throttleTimeMs
    '01' + // tagged fields: 1
    '00 15' + //   tag 0 (NodeEndpoints), 21 bytes:
    '02' + //     1 entry
    '00000002' + //     nodeId = 2
    '0a' + LOCALHOST + //     host
    '00002385' + //     port = 9093
    '00' + //     rack = null
    '00', //     tagged fields: none
);
