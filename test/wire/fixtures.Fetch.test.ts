/**
 * Fetch (key 1) byte fixtures, written by hand from FetchRequest/Response.json.
 * Versions 0-17; flexible from 12. Records are ten arbitrary bytes (opaque to the codec).
 */
import { Fetch, FetchRequest, FetchResponse } from '../../wire/apis/Fetch';
import { RECORDS, RECORDS_HEX, UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: FetchRequest, bytes: string) =>
  fixture(title, Fetch.request, version, value, bytes);
const response = (title: string, version: number, value: FetchResponse, bytes: string) =>
  fixture(title, Fetch.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes

// ---- request ----

request(
  'oldest',
  0,
  {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 0x7fffffff, // absent in v0
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: 'foo',
        topicId: ZERO_UUID,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 100,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1048576,
            replicaDirectoryId: ZERO_UUID,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  },
  'ffffffff' + // replicaId = -1 (consumer)
    '000001f4' + // maxWaitMs = 500
    '00000001' + // minBytes = 1
    '00000001' + // topics: 1
    '0003' + FOO + //   topic = "foo"
    '00000001' + //   partitions: 1
    '00000000' + //     partition = 0
    '0000000000000064' + //     fetchOffset = 100
    '00100000', //     partitionMaxBytes = 1 MiB
);

request(
  'first flexible, ClusterId tagged',
  12,
  {
    clusterId: 'c1',
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 52428800,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: 'foo',
        topicId: ZERO_UUID,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: 5,
            fetchOffset: 100,
            lastFetchedEpoch: 4,
            logStartOffset: -1,
            partitionMaxBytes: 1048576,
            replicaDirectoryId: ZERO_UUID,
          },
        ],
      },
    ],
    forgottenTopicsData: [{ topic: 'bar', topicId: ZERO_UUID, partitions: [0, 1] }],
    rackId: 'r1',
  },
  'ffffffff' + // replicaId = -1
    '000001f4' + // maxWaitMs = 500
    '00000001' + // minBytes = 1
    '03200000' + // maxBytes = 50 MiB
    '01' + // isolationLevel = 1 READ_COMMITTED
    '00000000' + // sessionId = 0
    'ffffffff' + // sessionEpoch = -1
    '02' + // topics: 1
    '04' + FOO + //   topic = "foo"
    '02' + //   partitions: 1
    '00000000' + //     partition
    '00000005' + //     currentLeaderEpoch = 5
    '0000000000000064' + //     fetchOffset = 100
    '00000004' + //     lastFetchedEpoch = 4
    'ffffffffffffffff' + //     logStartOffset = -1
    '00100000' + //     partitionMaxBytes
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '02' + // forgottenTopicsData: 1
    '04 626172' + //   topic = "bar"
    '03 00000000 00000001' + //   partitions = [0, 1]
    '00' + //   tagged fields: none
    '03 7231' + // rackId = "r1"
    '01' + // tagged fields: 1
    '00 03' + //   tag 0 (ClusterId), 3 bytes:
    '03 6331', //     "c1"
);

request(
  'newest: topic ids, ReplicaState and ReplicaDirectoryId tagged',
  17,
  {
    clusterId: null,
    replicaId: -1, // absent from v15
    replicaState: { replicaId: 1, replicaEpoch: 9 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 0x7fffffff,
    isolationLevel: 0,
    sessionId: 7,
    sessionEpoch: 2,
    topics: [
      {
        topic: '', // absent from v13
        topicId: UUID_A,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 100,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1048576,
            replicaDirectoryId: UUID_B,
          },
        ],
      },
    ],
    forgottenTopicsData: [{ topic: '', topicId: UUID_B, partitions: [3] }],
    rackId: '',
  },
  '000001f4' + // maxWaitMs (no replicaId from v15)
    '00000001' + // minBytes
    '7fffffff' + // maxBytes
    '00' + // isolationLevel = 0
    '00000007' + // sessionId = 7
    '00000002' + // sessionEpoch = 2
    '02' + // topics: 1
    UUID_A_HEX + //   topicId
    '02' + //   partitions: 1
    '00000000' + //     partition
    'ffffffff' + //     currentLeaderEpoch = -1
    '0000000000000064' + //     fetchOffset = 100
    'ffffffff' + //     lastFetchedEpoch = -1
    'ffffffffffffffff' + //     logStartOffset = -1
    '00100000' + //     partitionMaxBytes
    '01' + //     tagged fields: 1
    '00 10' + //       tag 0 (ReplicaDirectoryId), 16 bytes:
    UUID_B_HEX + //
    '00' + //   tagged fields: none
    '02' + // forgottenTopicsData: 1
    UUID_B_HEX + //   topicId
    '02 00000003' + //   partitions = [3]
    '00' + //   tagged fields: none
    '01' + // rackId = ""
    '01' + // tagged fields: 1 (ClusterId null = default, not written)
    '01 0d' + //   tag 1 (ReplicaState), 13 bytes:
    '00000001' + //     replicaId = 1
    '0000000000000009' + //     replicaEpoch = 9
    '00', //     tagged fields: none
);

// ---- response ----

const noTags = {
  divergingEpoch: { epoch: -1, endOffset: -1 },
  currentLeader: { leaderId: -1, leaderEpoch: -1 },
  snapshotId: { endOffset: -1, epoch: -1 },
};

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: 'foo',
        topicId: ZERO_UUID,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 10,
            lastStableOffset: -1,
            logStartOffset: -1,
            ...noTags,
            abortedTransactions: [],
            preferredReadReplica: -1,
            records: RECORDS,
          },
          {
            partitionIndex: 1,
            errorCode: 3,
            highWatermark: -1,
            lastStableOffset: -1,
            logStartOffset: -1,
            ...noTags,
            abortedTransactions: [],
            preferredReadReplica: -1,
            records: null,
          },
        ],
      },
    ],
    nodeEndpoints: [],
  },
  '00000001' + // responses: 1
    '0003' + FOO + //   topic
    '00000002' + //   partitions: 2
    '00000000' + //     partitionIndex = 0
    '0000' + //     errorCode
    '000000000000000a' + //     highWatermark = 10
    '0000000a' + RECORDS_HEX + //     records: 10 bytes
    '00000001' + //     partitionIndex = 1
    '0003' + //     errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    'ffffffffffffffff' + //     highWatermark = -1
    'ffffffff', //     records = null
);

response(
  'first flexible, CurrentLeader tagged, null AbortedTransactions',
  12,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: 'foo',
        topicId: ZERO_UUID,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 10,
            lastStableOffset: 10,
            logStartOffset: 0,
            ...noTags,
            currentLeader: { leaderId: 1, leaderEpoch: 3 },
            abortedTransactions: null,
            preferredReadReplica: -1,
            records: RECORDS,
          },
        ],
      },
    ],
    nodeEndpoints: [],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000000' + // sessionId
    '02' + // responses: 1
    '04' + FOO + //   topic
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000' + //     errorCode
    '000000000000000a' + //     highWatermark = 10
    '000000000000000a' + //     lastStableOffset = 10
    '0000000000000000' + //     logStartOffset = 0
    '00' + //     abortedTransactions = null
    'ffffffff' + //     preferredReadReplica = -1
    '0b' + RECORDS_HEX + //     records: compact 10+1
    '01' + //     tagged fields: 1
    '01 09' + //       tag 1 (CurrentLeader), 9 bytes:
    '00000001' + //         leaderId = 1
    '00000003' + //         leaderEpoch = 3
    '00' + //         tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: topic id, aborted transactions, DivergingEpoch/SnapshotId/NodeEndpoints tagged',
  17,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 11,
    responses: [
      {
        topic: '',
        topicId: UUID_A,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 20,
            lastStableOffset: 18,
            logStartOffset: 2,
            divergingEpoch: { epoch: 3, endOffset: 16 },
            currentLeader: { leaderId: -1, leaderEpoch: -1 },
            snapshotId: { endOffset: 17, epoch: 2 },
            abortedTransactions: [{ producerId: 3000, firstOffset: 12 }],
            preferredReadReplica: -1,
            records: RECORDS,
          },
        ],
      },
    ],
    nodeEndpoints: [{ nodeId: 1, host: 'localhost', port: 9092, rack: 'r1' }],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '0000000b' + // sessionId = 11
    '02' + // responses: 1
    UUID_A_HEX + //   topicId
    '02' + //   partitions: 1
    '00000000' + //     partitionIndex
    '0000' + //     errorCode
    '0000000000000014' + //     highWatermark = 20
    '0000000000000012' + //     lastStableOffset = 18
    '0000000000000002' + //     logStartOffset = 2
    '02' + //     abortedTransactions: 1
    '0000000000000bb8' + //       producerId = 3000
    '000000000000000c' + //       firstOffset = 12
    '00' + //       tagged fields: none
    'ffffffff' + //     preferredReadReplica = -1
    '0b' + RECORDS_HEX + //     records
    '02' + //     tagged fields: 2
    '00 0d' + //       tag 0 (DivergingEpoch), 13 bytes:
    '00000003' + //         epoch = 3
    '0000000000000010' + //         endOffset = 16
    '00' + //         tagged fields: none
    '02 0d' + //       tag 2 (SnapshotId), 13 bytes:
    '0000000000000011' + //         endOffset = 17
    '00000002' + //         epoch = 2
    '00' + //         tagged fields: none
    '00' + //   tagged fields: none
    '01' + // tagged fields: 1
    '00 17' + //   tag 0 (NodeEndpoints), 23 bytes:
    '02' + //     1 entry
    '00000001' + //     nodeId = 1
    '0a' + LOCALHOST + //     host
    '00002384' + //     port = 9092
    '03 7231' + //     rack = "r1"
    '00', //     tagged fields: none
);
