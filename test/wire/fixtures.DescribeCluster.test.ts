/**
 * DescribeCluster (key 60) byte fixtures, written by hand from DescribeClusterRequest/Response.json.
 * Versions 0-1; flexible in all versions (oldest = first flexible). No tagged fields are defined.
 */
import { DescribeCluster, DescribeClusterRequest, DescribeClusterResponse } from '../../wire/apis/DescribeCluster';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeClusterRequest, bytes: string) =>
  fixture(title, DescribeCluster.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeClusterResponse, bytes: string) =>
  fixture(title, DescribeCluster.response, version, value, bytes);

const MK = '6d6b'; // "mk"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes
const R1 = '7231'; // "r1"
const NO = '6e6f'; // "no"

// ---- request ----

request(
  'oldest = first flexible',
  0,
  { includeClusterAuthorizedOperations: true, endpointType: 1 },
  '01' + // includeClusterAuthorizedOperations = true
    '00', // tagged fields: none
);

request(
  'newest: endpoint type',
  1,
  { includeClusterAuthorizedOperations: false, endpointType: 2 },
  '00' + // includeClusterAuthorizedOperations = false
    '02' + // endpointType = 2 controllers
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest = first flexible',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: 1, // absent from v0
    clusterId: 'mk',
    controllerId: 1,
    brokers: [{ brokerId: 1, host: 'localhost', port: 9092, rack: null }],
    clusterAuthorizedOperations: -2147483648,
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '03' + MK + // clusterId = "mk"
    '00000001' + // controllerId = 1
    '02' + // brokers: 1
    '00000001' + //   brokerId = 1
    '0a' + LOCALHOST + //   host
    '00002384' + //   port = 9092
    '00' + //   rack = null
    '00' + //   tagged fields: none
    '80000000' + // clusterAuthorizedOperations = INT32_MIN (not requested)
    '00', // tagged fields: none
);

response(
  'newest',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: 1,
    clusterId: 'mk',
    controllerId: 1,
    brokers: [{ brokerId: 1, host: 'localhost', port: 9092, rack: 'r1' }],
    clusterAuthorizedOperations: 128,
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '01' + // endpointType = 1 brokers
    '03' + MK + // clusterId
    '00000001' + // controllerId
    '02' + // brokers: 1
    '00000001' + //   brokerId
    '0a' + LOCALHOST + //   host
    '00002384' + //   port = 9092
    '03' + R1 + //   rack = "r1"
    '00' + //   tagged fields: none
    '00000080' + // clusterAuthorizedOperations = 128
    '00', // tagged fields: none
);

response(
  'newest: error, defaults',
  1,
  {
    throttleTimeMs: 0,
    errorCode: 42,
    errorMessage: 'no',
    endpointType: 2,
    clusterId: '',
    controllerId: -1,
    brokers: [],
    clusterAuthorizedOperations: -2147483648,
  },
  '00000000' + // throttleTimeMs
    '002a' + // errorCode = 42 INVALID_REQUEST
    '03' + NO + // errorMessage = "no"
    '02' + // endpointType = 2
    '01' + // clusterId = ""
    'ffffffff' + // controllerId = -1
    '01' + // brokers: 0
    '80000000' + // clusterAuthorizedOperations = INT32_MIN
    '00', // tagged fields: none
);
