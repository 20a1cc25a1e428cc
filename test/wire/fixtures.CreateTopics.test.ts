/**
 * CreateTopics (key 19) byte fixtures, written by hand from CreateTopicsRequest/Response.json.
 * Versions 0-7; flexible from 5.
 */
import { CreateTopics, CreateTopicsRequest, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { UUID_A, UUID_A_HEX, ZERO_UUID, fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: CreateTopicsRequest, bytes: string) =>
  fixture(title, CreateTopics.request, version, value, bytes);
const response = (title: string, version: number, value: CreateTopicsResponse, bytes: string) =>
  fixture(title, CreateTopics.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const BAR = '626172'; // "bar"
const CLEANUP_POLICY = '636c65616e75702e706f6c696379'; // "cleanup.policy", 14 bytes
const RETENTION_MS = '726574656e74696f6e2e6d73'; // "retention.ms", 12 bytes
const ZERO_UUID_HEX = '00000000000000000000000000000000';

// ---- request ----

request(
  'oldest',
  0,
  {
    topics: [
      {
        name: 'foo',
        numPartitions: 3,
        replicationFactor: 1,
        assignments: [],
        configs: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ],
    timeoutMs: 30000,
    validateOnly: false, // absent in v0
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000003' + //   numPartitions = 3
    '0001' + //   replicationFactor = 1
    '00000000' + //   assignments = []
    '00000001' + //   configs: 1
    '000e' + CLEANUP_POLICY + //     name = "cleanup.policy"
    '0007 636f6d70616374' + //     value = "compact"
    '00007530', // timeoutMs = 30000
);

request(
  'first flexible: manual assignment, null config value',
  5,
  {
    topics: [
      {
        name: 'bar',
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [
          { partitionIndex: 0, brokerIds: [1] },
          { partitionIndex: 1, brokerIds: [1] },
        ],
        configs: [{ name: 'retention.ms', value: null }],
      },
    ],
    timeoutMs: 60000,
    validateOnly: true,
  },
  '02' + // topics: 1
    '04' + BAR + //   name = "bar"
    'ffffffff' + //   numPartitions = -1
    'ffff' + //   replicationFactor = -1
    '03' + //   assignments: 2
    '00000000' + //     partitionIndex = 0
    '02 00000001' + //     brokerIds = [1]
    '00' + //     tagged fields: none
    '00000001' + //     partitionIndex = 1
    '02 00000001' + //     brokerIds = [1]
    '00' + //     tagged fields: none
    '02' + //   configs: 1
    '0d' + RETENTION_MS + //     name = "retention.ms" (12+1)
    '00' + //     value = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '0000ea60' + // timeoutMs = 60000
    '01' + // validateOnly = true
    '00', // tagged fields: none
);

request(
  'newest',
  7,
  {
    topics: [{ name: 'foo', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 1000,
    validateOnly: false,
  },
  '02' + // topics: 1
    '04' + FOO + //   name
    '00000001' + //   numPartitions = 1
    '0001' + //   replicationFactor = 1
    '01' + //   assignments = []
    '01' + //   configs = []
    '00' + //   tagged fields: none
    '000003e8' + // timeoutMs = 1000
    '00' + // validateOnly = false
    '00', // tagged fields: none
);

// ---- response ----

const absentBeforeV5 = { topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: [] };

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    topics: [
      { name: 'foo', topicId: ZERO_UUID, errorCode: 0, errorMessage: '', ...absentBeforeV5 },
      { name: 'bar', topicId: ZERO_UUID, errorCode: 36, errorMessage: '', ...absentBeforeV5 },
    ],
  },
  '00000002' + // topics: 2
    '0003' + FOO + //   name = "foo"
    '0000' + //   errorCode
    '0003' + BAR + //   name = "bar"
    '0024', //   errorCode = 36 TOPIC_ALREADY_EXISTS
);

response(
  'v1 adds a nullable error message',
  1,
  {
    throttleTimeMs: 0,
    topics: [
      { name: 'foo', topicId: ZERO_UUID, errorCode: 0, errorMessage: null, ...absentBeforeV5 },
      { name: 'bar', topicId: ZERO_UUID, errorCode: 36, errorMessage: 'bad', ...absentBeforeV5 },
    ],
  },
  '00000002' + // topics: 2
    '0003' + FOO + //   name
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '0003' + BAR + //   name
    '0024' + //   errorCode = 36
    '0003 626164', //   errorMessage = "bad"
);

response(
  'first flexible: configs, null configs, TopicConfigErrorCode tagged',
  5,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        topicId: ZERO_UUID,
        errorCode: 0,
        errorMessage: null,
        topicConfigErrorCode: 0,
        numPartitions: 1,
        replicationFactor: 1,
        configs: [{ name: 'cleanup.policy', value: 'delete', readOnly: false, configSource: 5, isSensitive: false }],
      },
      {
        name: 'bar',
        topicId: ZERO_UUID,
        errorCode: 0,
        errorMessage: null,
        topicConfigErrorCode: 29,
        numPartitions: 3,
        replicationFactor: 1,
        configs: null,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // topics: 2
    '04' + FOO + //   name = "foo"
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00000001' + //   numPartitions = 1
    '0001' + //   replicationFactor = 1
    '02' + //   configs: 1
    '0f' + CLEANUP_POLICY + //     name (14+1)
    '07 64656c657465' + //     value = "delete"
    '00' + //     readOnly = false
    '05' + //     configSource = 5
    '00' + //     isSensitive = false
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '04' + BAR + //   name = "bar"
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00000003' + //   numPartitions = 3
    '0001' + //   replicationFactor = 1
    '00' + //   configs = null
    '01' + //   tagged fields: 1
    '00 02' + //     tag 0 (TopicConfigErrorCode), 2 bytes:
    '001d' + //       29 TOPIC_AUTHORIZATION_FAILED
    '00', // tagged fields: none
);

response(
  'newest: topic id',
  7,
  {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'foo',
        topicId: UUID_A,
        errorCode: 0,
        errorMessage: null,
        topicConfigErrorCode: 0,
        numPartitions: 1,
        replicationFactor: 1,
        configs: [],
      },
      {
        name: 'bar',
        topicId: ZERO_UUID,
        errorCode: 37,
        errorMessage: 'bad',
        topicConfigErrorCode: 0,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // topics: 2
    '04' + FOO + //   name
    UUID_A_HEX + //   topicId
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00000001' + //   numPartitions
    '0001' + //   replicationFactor
    '01' + //   configs = []
    '00' + //   tagged fields: none
    '04' + BAR + //   name
    ZERO_UUID_HEX + //   topicId = zero
    '0025' + //   errorCode = 37 INVALID_PARTITIONS
    '04 626164' + //   errorMessage = "bad"
    'ffffffff' + //   numPartitions = -1
    'ffff' + //   replicationFactor = -1
    '00' + //   configs = null
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
