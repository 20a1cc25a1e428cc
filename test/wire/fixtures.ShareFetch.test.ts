/**
 * ShareFetch (key 78) byte fixtures, written by hand. Flexible in all versions.
 * v0 from ShareFetchRequest/Response.json; v1 from librdkafka 2.15's rd_kafka_ShareFetchRequest,
 * rd_kafka_share_fetch_reply_handle and rd_kafka_mock_handle_ShareFetch: the request gains
 * MaxRecords and BatchSize after MaxBytes and loses PartitionMaxBytes; the response gains
 * AcquisitionLockTimeoutMs after ErrorMessage.
 */
import { ShareFetch, ShareFetchRequest, ShareFetchResponse } from '../../wire/apis/ShareFetch';
import { RECORDS, RECORDS_HEX, UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: ShareFetchRequest, bytes: string) =>
  fixture(title, ShareFetch.request, version, value, bytes);
const response = (title: string, version: number, value: ShareFetchResponse, bytes: string) =>
  fixture(title, ShareFetch.response, version, value, bytes);

const G = '67'; // "g"
const M = '6d'; // "m"
const NO = '6e6f'; // "no"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes

// ---- request ----

request(
  'oldest: PartitionMaxBytes, no MaxRecords/BatchSize',
  0,
  {
    groupId: 'g',
    memberId: 'm',
    shareSessionEpoch: 0,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 0x7fffffff,
    maxRecords: 0, // absent from v0
    batchSize: 0, // absent from v0
    topics: [
      {
        topicId: UUID_A,
        partitions: [
          {
            partitionIndex: 0,
            partitionMaxBytes: 1048576,
            acknowledgementBatches: [{ firstOffset: 0, lastOffset: 2, acknowledgeTypes: [1] }],
          },
        ],
      },
    ],
    forgottenTopicsData: [{ topicId: UUID_B, partitions: [1] }],
  },
  '02' + G + // groupId = "g"
    '02' + M + // memberId = "m"
    '00000000' + // shareSessionEpoch = 0 (open)
    '000001f4' + // maxWaitMs = 500
    '00000001' + // minBytes = 1
    '7fffffff' + // maxBytes
    '02' + // topics: 1
    UUID_A_HEX + //   topicId
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0
    '00100000' + //     partitionMaxBytes = 1 MiB (v0 only)
    '02' + //     acknowledgementBatches: 1
    '0000000000000000' + //       firstOffset = 0
    '0000000000000002' + //       lastOffset = 2
    '02' + '01' + //       acknowledgeTypes = [1 accept]
    '00' + //       tagged fields: none
    '00' + //     partition tagged fields: none
    '00' + //   topic tagged fields: none
    '02' + // forgottenTopicsData: 1
    UUID_B_HEX + //   topicId
    '02' + '00000001' + //   partitions = [1]
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest (librdkafka): MaxRecords, BatchSize, per-offset ack types',
  1,
  {
    groupId: 'g',
    memberId: 'm',
    shareSessionEpoch: 1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 52428800,
    maxRecords: 500,
    batchSize: 500,
    topics: [
      {
        topicId: UUID_A,
        partitions: [
          {
            partitionIndex: 0,
            partitionMaxBytes: 0, // absent from v1
            acknowledgementBatches: [{ firstOffset: 3, lastOffset: 5, acknowledgeTypes: [1, 0, 2] }],
          },
        ],
      },
    ],
    forgottenTopicsData: [],
  },
  '02' + G + // groupId
    '02' + M + // memberId
    '00000001' + // shareSessionEpoch = 1
    '000001f4' + // maxWaitMs = 500
    '00000001' + // minBytes = 1
    '03200000' + // maxBytes = 50 MiB
    '000001f4' + // maxRecords = 500 (v1+)
    '000001f4' + // batchSize = 500 (v1+)
    '02' + // topics: 1
    UUID_A_HEX + //   topicId
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex = 0 (no partitionMaxBytes in v1)
    '02' + //     acknowledgementBatches: 1
    '0000000000000003' + //       firstOffset = 3
    '0000000000000005' + //       lastOffset = 5
    '04' + '01' + '00' + '02' + //       acknowledgeTypes = [1 accept, 0 gap, 2 release]
    '00' + //       tagged fields: none
    '00' + //     partition tagged fields: none
    '00' + //   topic tagged fields: none
    '01' + // forgottenTopicsData: 0
    '00', // tagged fields: none
);

request(
  'newest: closing the session, null ids',
  1,
  {
    groupId: null,
    memberId: null,
    shareSessionEpoch: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 0x7fffffff,
    maxRecords: 0,
    batchSize: 0,
    topics: [],
    forgottenTopicsData: [],
  },
  '00' + // groupId = null
    '00' + // memberId = null
    'ffffffff' + // shareSessionEpoch = -1 (close)
    '00000000' + // maxWaitMs
    '00000000' + // minBytes
    '7fffffff' + // maxBytes
    '00000000' + // maxRecords
    '00000000' + // batchSize
    '01' + // topics: 0
    '01' + // forgottenTopicsData: 0
    '00', // tagged fields: none
);

// ---- response ----

const PARTITION_WITH_RECORDS_HEX =
  '02' + // responses: 1
  UUID_A_HEX + //   topicId
  '02' + //   partitions: 1
  '00000000' + //     partitionIndex = 0
  '0000' + //     errorCode
  '00' + //     errorMessage = null
  '0000' + //     acknowledgeErrorCode
  '00' + //     acknowledgeErrorMessage = null
  '00000001' + //     currentLeader.leaderId = 1
  '00000000' + //     currentLeader.leaderEpoch = 0
  '00' + //     currentLeader tagged fields: none
  '0b' + RECORDS_HEX + //     records: compact 10+1
  '02' + //     acquiredRecords: 1
  '0000000000000000' + //       firstOffset = 0
  '0000000000000002' + //       lastOffset = 2
  '0001' + //       deliveryCount = 1
  '00' + //       tagged fields: none
  '00' + //     partition tagged fields: none
  '00' + //   topic tagged fields: none
  '01' + // nodeEndpoints: 0
  '00'; // tagged fields: none

const partitionWithRecords = {
  topicId: UUID_A,
  partitions: [
    {
      partitionIndex: 0,
      errorCode: 0,
      errorMessage: null,
      acknowledgeErrorCode: 0,
      acknowledgeErrorMessage: null,
      currentLeader: { leaderId: 1, leaderEpoch: 0 },
      records: RECORDS,
      acquiredRecords: [{ firstOffset: 0, lastOffset: 2, deliveryCount: 1 }],
    },
  ],
};

response(
  'oldest: records and acquired ranges',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    acquisitionLockTimeoutMs: 0, // absent from v0
    responses: [partitionWithRecords],
    nodeEndpoints: [],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    PARTITION_WITH_RECORDS_HEX,
);

response(
  'newest: AcquisitionLockTimeoutMs',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    acquisitionLockTimeoutMs: 30000,
    responses: [partitionWithRecords],
    nodeEndpoints: [],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '00007530' + // acquisitionLockTimeoutMs = 30000 (v1+)
    PARTITION_WITH_RECORDS_HEX,
);

response(
  'newest: partition errors, null records, node endpoints',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    acquisitionLockTimeoutMs: 30000,
    responses: [
      {
        topicId: UUID_B,
        partitions: [
          {
            partitionIndex: 1,
            errorCode: 6,
            errorMessage: 'no',
            acknowledgeErrorCode: 121,
            acknowledgeErrorMessage: 'no',
            currentLeader: { leaderId: 2, leaderEpoch: 3 },
            records: null,
            acquiredRecords: [],
          },
        ],
      },
    ],
    nodeEndpoints: [{ nodeId: 2, host: 'localhost', port: 9092, rack: null }],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '00007530' + // acquisitionLockTimeoutMs = 30000
    '02' + // responses: 1
    UUID_B_HEX + //   topicId
    '02' + //   partitions: 1
    '00000001' + //     partitionIndex = 1
    '0006' + //     errorCode = 6 NOT_LEADER_OR_FOLLOWER
    '03' + NO + //     errorMessage = "no"
    '0079' + //     acknowledgeErrorCode = 121 INVALID_RECORD_STATE
    '03' + NO + //     acknowledgeErrorMessage = "no"
    '00000002' + //     currentLeader.leaderId = 2
    '00000003' + //     currentLeader.leaderEpoch = 3
    '00' + //     currentLeader tagged fields: none
    '00' + //     records = null
    '01' + //     acquiredRecords: 0
    '00' + //     partition tagged fields: none
    '00' + //   topic tagged fields: none
    '02' + // nodeEndpoints: 1
    '00000002' + //   nodeId = 2
    '0a' + LOCALHOST + //   host = "localhost"
    '00002384' + //   port = 9092
    '00' + //   rack = null
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: top-level error (as librdkafka\'s mock answers one)',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 123,
    errorMessage: 'no',
    acquisitionLockTimeoutMs: 0,
    responses: [],
    nodeEndpoints: [],
  },
  '00000000' + // throttleTimeMs
    '007b' + // errorCode = 123 INVALID_SHARE_SESSION_EPOCH
    '03' + NO + // errorMessage = "no"
    '00000000' + // acquisitionLockTimeoutMs = 0
    '01' + // responses: 0
    '01' + // nodeEndpoints: 0
    '00', // tagged fields: none
);
