/**
 * CreatePartitions (key 37) byte fixtures, written by hand from CreatePartitionsRequest/Response.json.
 * Versions 0-3; flexible from 2. No tagged fields are defined.
 */
import {
  CreatePartitions,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
} from '../../wire/apis/CreatePartitions';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: CreatePartitionsRequest, bytes: string) =>
  fixture(title, CreatePartitions.request, version, value, bytes);
const response = (title: string, version: number, value: CreatePartitionsResponse, bytes: string) =>
  fixture(title, CreatePartitions.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const BAR = '626172'; // "bar"
const NO = '6e6f'; // "no"

// ---- request ----

request(
  'oldest: broker-chosen placement',
  0,
  { topics: [{ name: 'foo', count: 3, assignments: null }], timeoutMs: 30000, validateOnly: false },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000003' + //   count = 3
    'ffffffff' + //   assignments = null
    '00007530' + // timeoutMs = 30000
    '00', // validateOnly = false
);

request(
  'explicit assignments, validate only',
  1,
  {
    topics: [{ name: 'foo', count: 3, assignments: [{ brokerIds: [1] }, { brokerIds: [1, 2] }] }],
    timeoutMs: 30000,
    validateOnly: true,
  },
  '00000001' + // topics: 1
    '0003' + FOO + //   name
    '00000003' + //   count = 3
    '00000002' + //   assignments: 2
    '00000001 00000001' + //     brokerIds = [1]
    '00000002 00000001 00000002' + //     brokerIds = [1, 2]
    '00007530' + // timeoutMs = 30000
    '01', // validateOnly = true
);

request(
  'first flexible',
  2,
  { topics: [{ name: 'foo', count: 2, assignments: [{ brokerIds: [1] }] }], timeoutMs: 30000, validateOnly: false },
  '02' + // topics: 1
    '04' + FOO + //   name
    '00000002' + //   count = 2
    '02' + //   assignments: 1
    '02 00000001' + //     brokerIds = [1]
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00007530' + // timeoutMs
    '00' + // validateOnly
    '00', // tagged fields: none
);

request(
  'newest',
  3,
  { topics: [{ name: 'foo', count: 3, assignments: null }], timeoutMs: 30000, validateOnly: true },
  '02' + // topics: 1
    '04' + FOO + //   name
    '00000003' + //   count = 3
    '00' + //   assignments = null
    '00' + //   tagged fields: none
    '00007530' + // timeoutMs
    '01' + // validateOnly = true
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: success and failure',
  0,
  {
    throttleTimeMs: 0,
    results: [
      { name: 'foo', errorCode: 0, errorMessage: null },
      { name: 'bar', errorCode: 37, errorMessage: 'no' },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000002' + // results: 2
    '0003' + FOO + //   name
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '0003' + BAR + //   name
    '0025' + //   errorCode = 37 INVALID_PARTITIONS
    '0002' + NO, //   errorMessage = "no"
);

response(
  'first flexible',
  2,
  { throttleTimeMs: 0, results: [{ name: 'foo', errorCode: 0, errorMessage: null }] },
  '00000000' + // throttleTimeMs
    '02' + // results: 1
    '04' + FOO + //   name
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: throttled (KIP-599)',
  3,
  { throttleTimeMs: 100, results: [{ name: 'foo', errorCode: 89, errorMessage: 'no' }] },
  '00000064' + // throttleTimeMs = 100
    '02' + // results: 1
    '04' + FOO + //   name
    '0059' + //   errorCode = 89 THROTTLING_QUOTA_EXCEEDED
    '03' + NO + //   errorMessage = "no"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
