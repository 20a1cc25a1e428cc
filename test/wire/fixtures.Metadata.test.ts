/**
 * Metadata (key 3) byte fixtures, written by hand from MetadataRequest/Response.json.
 * Versions 0-12; flexible from 9.
 */
import { Metadata, MetadataRequest, MetadataResponse } from '../../wire/apis/Metadata';
import { UUID_A, UUID_A_HEX, UUID_B, UUID_B_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: MetadataRequest, bytes: string) =>
  fixture(title, Metadata.request, version, value, bytes);
const response = (title: string, version: number, value: MetadataResponse, bytes: string) =>
  fixture(title, Metadata.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes
const ZERO_UUID_HEX = '00000000000000000000000000000000';
const NO_AUTH_OPS = -2147483648; // 0x80000000: authorized operations not requested

// ---- request ----

request(
  'oldest',
  0,
  {
    topics: [{ topicId: ZERO_UUID, name: 'foo' }],
    allowAutoTopicCreation: true, // absent in v0: default true
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  },
  '00000001' + // topics: int32 count 1
    '0003' + FOO, //   name = "foo"
);

request(
  'null topics = all topics (nullable from v1)',
  1,
  {
    topics: null,
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  },
  'ffffffff', // topics: null (int32 -1)
);

request(
  'first flexible',
  9,
  {
    topics: [{ topicId: ZERO_UUID, name: 'foo' }],
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: true,
    includeTopicAuthorizedOperations: true,
  },
  '02' + // topics: compact count 1+1
    '04' + FOO + //   name = "foo" (3+1)
    '00' + //   tagged fields: none
    '00' + // allowAutoTopicCreation = false
    '01' + // includeClusterAuthorizedOperations = true (v8-10)
    '01' + // includeTopicAuthorizedOperations = true
    '00', // tagged fields: none
);

request(
  'first flexible, null topics',
  9,
  {
    topics: null,
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  },
  '00' + // topics: null (compact 0)
    '01' + // allowAutoTopicCreation = true
    '00' + // includeClusterAuthorizedOperations = false
    '00' + // includeTopicAuthorizedOperations = false
    '00', // tagged fields: none
);

request(
  'newest: by topic id (null name) and by name',
  12,
  {
    topics: [
      { topicId: UUID_A, name: null },
      { topicId: ZERO_UUID, name: 'foo' },
    ],
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false, // absent from v11
    includeTopicAuthorizedOperations: true,
  },
  '03' + // topics: 2 entries
    UUID_A_HEX + //   topicId
    '00' + //   name = null
    '00' + //   tagged fields: none
    ZERO_UUID_HEX + //   topicId = zero
    '04' + FOO + //   name = "foo"
    '00' + //   tagged fields: none
    '01' + // allowAutoTopicCreation = true
    '01' + // includeTopicAuthorizedOperations = true
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
    clusterId: null,
    controllerId: -1,
    topics: [
      {
        errorCode: 0,
        name: 'foo',
        topicId: ZERO_UUID,
        isInternal: false,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 2,
            leaderId: 1,
            leaderEpoch: -1,
            replicaNodes: [1],
            isrNodes: [1],
            offlineReplicas: [],
          },
        ],
        topicAuthorizedOperations: NO_AUTH_OPS,
      },
    ],
    clusterAuthorizedOperations: NO_AUTH_OPS,
  },
  '00000001' + // brokers: 1
    '00000001' + //   nodeId = 1
    '0009' + LOCALHOST + //   host = "localhost"
    '00002384' + //   port = 9092
    '00000001' + // topics: 1
    '0000' + //   errorCode
    '0003' + FOO + //   name = "foo"
    '00000001' + //   partitions: 1
    '0000' + //     errorCode
    '00000002' + //     partitionIndex = 2
    '00000001' + //     leaderId = 1
    '00000001 00000001' + //     replicaNodes = [1]
    '00000001 00000001', //     isrNodes = [1]
);

response(
  'first flexible',
  9,
  {
    throttleTimeMs: 0,
    brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
    clusterId: 'c1',
    controllerId: 1,
    topics: [
      {
        errorCode: 0,
        name: 'foo',
        topicId: ZERO_UUID, // absent before v10
        isInternal: false,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 0,
            leaderId: 1,
            leaderEpoch: 3,
            replicaNodes: [1],
            isrNodes: [1],
            offlineReplicas: [],
          },
        ],
        topicAuthorizedOperations: NO_AUTH_OPS,
      },
    ],
    clusterAuthorizedOperations: NO_AUTH_OPS,
  },
  '00000000' + // throttleTimeMs
    '02' + // brokers: 1
    '00000001' + //   nodeId
    '0a' + LOCALHOST + //   host (9+1)
    '00002384' + //   port
    '00' + //   rack = null
    '00' + //   tagged fields: none
    '03 6331' + // clusterId = "c1"
    '00000001' + // controllerId = 1
    '02' + // topics: 1
    '0000' + //   errorCode
    '04' + FOO + //   name
    '00' + //   isInternal = false
    '02' + //   partitions: 1
    '0000' + //     errorCode
    '00000000' + //     partitionIndex
    '00000001' + //     leaderId
    '00000003' + //     leaderEpoch = 3
    '02 00000001' + //     replicaNodes = [1]
    '02 00000001' + //     isrNodes = [1]
    '01' + //     offlineReplicas = []
    '00' + //     tagged fields: none
    '80000000' + //   topicAuthorizedOperations = INT32_MIN
    '00' + //   tagged fields: none
    '80000000' + // clusterAuthorizedOperations (v8-10)
    '00', // tagged fields: none
);

response(
  'newest: topic ids, a rack, an unknown topic id with a null name',
  12,
  {
    throttleTimeMs: 0,
    brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: 'r1' }],
    clusterId: 'c1',
    controllerId: 1,
    topics: [
      {
        errorCode: 0,
        name: 'foo',
        topicId: UUID_A,
        isInternal: false,
        partitions: [
          {
            errorCode: 0,
            partitionIndex: 0,
            leaderId: 1,
            leaderEpoch: 0,
            replicaNodes: [1, 2],
            isrNodes: [1],
            offlineReplicas: [2],
          },
        ],
        topicAuthorizedOperations: 8,
      },
      {
        errorCode: 100,
        name: null,
        topicId: UUID_B,
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: NO_AUTH_OPS,
      },
    ],
    clusterAuthorizedOperations: NO_AUTH_OPS, // absent from v11
  },
  '00000000' + // throttleTimeMs
    '02' + // brokers: 1
    '00000001' + //   nodeId
    '0a' + LOCALHOST + //   host
    '00002384' + //   port
    '03 7231' + //   rack = "r1"
    '00' + //   tagged fields: none
    '03 6331' + // clusterId = "c1"
    '00000001' + // controllerId
    '03' + // topics: 2
    '0000' + //   errorCode
    '04' + FOO + //   name = "foo"
    UUID_A_HEX + //   topicId
    '00' + //   isInternal = false
    '02' + //   partitions: 1
    '0000' + //     errorCode
    '00000000' + //     partitionIndex
    '00000001' + //     leaderId
    '00000000' + //     leaderEpoch = 0
    '03 00000001 00000002' + //     replicaNodes = [1, 2]
    '02 00000001' + //     isrNodes = [1]
    '02 00000002' + //     offlineReplicas = [2]
    '00' + //     tagged fields: none
    '00000008' + //   topicAuthorizedOperations = 8
    '00' + //   tagged fields: none
    '0064' + //   errorCode = 100 UNKNOWN_TOPIC_ID
    '00' + //   name = null (nullable from v12)
    UUID_B_HEX + //   topicId
    '00' + //   isInternal
    '01' + //   partitions = []
    '80000000' + //   topicAuthorizedOperations
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
