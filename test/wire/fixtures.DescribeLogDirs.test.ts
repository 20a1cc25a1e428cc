/**
 * DescribeLogDirs (key 35) byte fixtures, written by hand from DescribeLogDirsRequest/Response.json.
 * Versions 0-4; flexible from 2. No tagged fields are defined.
 */
import { DescribeLogDirs, DescribeLogDirsRequest, DescribeLogDirsResponse } from '../../wire/apis/DescribeLogDirs';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeLogDirsRequest, bytes: string) =>
  fixture(title, DescribeLogDirs.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeLogDirsResponse, bytes: string) =>
  fixture(title, DescribeLogDirs.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const DATA = '2f64617461'; // "/data", 5 bytes

// ---- request ----

request(
  'oldest: null = all topics',
  0,
  { topics: null },
  'ffffffff', // topics = null
);

request(
  'oldest: some partitions',
  0,
  { topics: [{ topic: 'foo', partitions: [0, 1] }] },
  '00000001' + // topics: 1
    '0003' + FOO + //   topic
    '00000002' + //   partitions: 2
    '00000000' + //     0
    '00000001', //     1
);

request(
  'first flexible',
  2,
  { topics: [{ topic: 'foo', partitions: [0, 1] }] },
  '02' + // topics: 1
    '04' + FOO + //   topic
    '03 00000000 00000001' + //   partitions = [0, 1]
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

request(
  'newest: null',
  4,
  { topics: null },
  '00' + // topics = null
    '00', // tagged fields: none
);

request(
  'newest: empty = directories only',
  4,
  { topics: [] },
  '01' + // topics: 0
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0, // absent before v3
    results: [
      {
        errorCode: 0,
        logDir: '/data',
        topics: [
          {
            name: 'foo',
            partitions: [{ partitionIndex: 0, partitionSize: 1024, offsetLag: 0, isFutureKey: false }],
          },
        ],
        totalBytes: -1, // absent before v4
        usableBytes: -1, // absent before v4
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // results: 1
    '0000' + //   errorCode
    '0005' + DATA + //   logDir = "/data"
    '00000001' + //   topics: 1
    '0003' + FOO + //     name
    '00000001' + //     partitions: 1
    '00000000' + //       partitionIndex
    '0000000000000400' + //       partitionSize = 1024
    '0000000000000000' + //       offsetLag = 0
    '00', //       isFutureKey = false
);

response(
  'first flexible',
  2,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    results: [
      {
        errorCode: 0,
        logDir: '/data',
        topics: [
          {
            name: 'foo',
            partitions: [{ partitionIndex: 1, partitionSize: 1024, offsetLag: 2, isFutureKey: true }],
          },
        ],
        totalBytes: -1,
        usableBytes: -1,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '02' + // results: 1
    '0000' + //   errorCode
    '06' + DATA + //   logDir
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000001' + //       partitionIndex = 1
    '0000000000000400' + //       partitionSize = 1024
    '0000000000000002' + //       offsetLag = 2
    '01' + //       isFutureKey = true
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'top-level error (v3)',
  3,
  { throttleTimeMs: 0, errorCode: 31, results: [] },
  '00000000' + // throttleTimeMs
    '001f' + // errorCode = 31 CLUSTER_AUTHORIZATION_FAILED
    '01' + // results: 0
    '00', // tagged fields: none
);

response(
  'newest: total and usable bytes',
  4,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    results: [
      {
        errorCode: 0,
        logDir: '/data',
        topics: [
          {
            name: 'foo',
            partitions: [{ partitionIndex: 0, partitionSize: 1024, offsetLag: 0, isFutureKey: false }],
          },
        ],
        totalBytes: 1073741824,
        usableBytes: 536870912,
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '02' + // results: 1
    '0000' + //   errorCode
    '06' + DATA + //   logDir
    '02' + //   topics: 1
    '04' + FOO + //     name
    '02' + //     partitions: 1
    '00000000' + //       partitionIndex
    '0000000000000400' + //       partitionSize = 1024
    '0000000000000000' + //       offsetLag = 0
    '00' + //       isFutureKey = false
    '00' + //       tagged fields: none
    '00' + //     tagged fields: none
    '0000000040000000' + //   totalBytes = 1 GiB
    '0000000020000000' + //   usableBytes = 512 MiB
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
