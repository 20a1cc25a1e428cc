/**
 * ApiVersions (key 18) byte fixtures, written by hand from ApiVersionsRequest/Response.json.
 * Versions 0-4; flexible from 3.
 */
import { ApiVersions, ApiVersionsRequest, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ApiVersionsRequest, bytes: string) =>
  fixture(title, ApiVersions.request, version, value, bytes);
const response = (title: string, version: number, value: ApiVersionsResponse, bytes: string) =>
  fixture(title, ApiVersions.response, version, value, bytes);

// "metadata.version", 16 bytes.
const METADATA_VERSION = '6d657461646174612e76657273696f6e';

// ---- request ----

request('oldest: empty body', 0, { clientSoftwareName: '', clientSoftwareVersion: '' }, '');

request(
  'first flexible',
  3,
  { clientSoftwareName: 'kcat', clientSoftwareVersion: '1.7' },
  '05 6b636174' + // clientSoftwareName = "kcat" (compact: 4+1)
    '04 312e37' + // clientSoftwareVersion = "1.7"
    '00', // tagged fields: none
);

request(
  'newest',
  4,
  { clientSoftwareName: 'kafkajs', clientSoftwareVersion: '2.2.4' },
  '08 6b61666b616a73' + // clientSoftwareName = "kafkajs" (7+1)
    '06 322e322e34' + // clientSoftwareVersion = "2.2.4" (5+1)
    '00', // tagged fields: none
);

// ---- response ----

const noFeatures = {
  supportedFeatures: [],
  finalizedFeaturesEpoch: -1,
  finalizedFeatures: [],
  zkMigrationReady: false,
};

response(
  'oldest: UNSUPPORTED_VERSION with the supported list',
  0,
  {
    errorCode: 35,
    apiKeys: [
      { apiKey: 0, minVersion: 0, maxVersion: 11 },
      { apiKey: 18, minVersion: 0, maxVersion: 4 },
    ],
    throttleTimeMs: 0, // absent in v0
    ...noFeatures, // absent in v0
  },
  '0023' + // errorCode = 35
    '00000002' + // apiKeys: int32 count 2
    '0000 0000 000b' + //   Produce 0-11
    '0012 0000 0004', //   ApiVersions 0-4
);

response(
  'first flexible, no tagged fields',
  3,
  {
    errorCode: 0,
    apiKeys: [
      { apiKey: 1, minVersion: 0, maxVersion: 17 },
      { apiKey: 18, minVersion: 0, maxVersion: 4 },
    ],
    throttleTimeMs: 100,
    ...noFeatures,
  },
  '0000' + // errorCode
    '03' + // apiKeys: compact count 2+1
    '0001 0000 0011 00' + //   Fetch 0-17, tagged fields: none
    '0012 0000 0004 00' + //   ApiVersions 0-4, tagged fields: none
    '00000064' + // throttleTimeMs = 100
    '00', // tagged fields: none
);

response(
  'first flexible, SupportedFeatures and FinalizedFeaturesEpoch tagged',
  3,
  {
    errorCode: 0,
    apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
    throttleTimeMs: 0,
    supportedFeatures: [{ name: 'metadata.version', minVersion: 1, maxVersion: 20 }],
    finalizedFeaturesEpoch: 7,
    finalizedFeatures: [],
    zkMigrationReady: false,
  },
  '0000' + // errorCode
    '02' + // apiKeys: 1 entry
    '0012 0000 0004 00' + //   ApiVersions 0-4
    '00000000' + // throttleTimeMs
    '02' + // tagged fields: 2
    '00 17' + //   tag 0 (SupportedFeatures), 23 bytes:
    '02' + //     1 entry
    '11' + METADATA_VERSION + //     name = "metadata.version" (16+1)
    '0001' + //     minVersion = 1
    '0014' + //     maxVersion = 20
    '00' + //     tagged fields: none
    '01 08' + //   tag 1 (FinalizedFeaturesEpoch), 8 bytes:
    '0000000000000007', //     int64 7
);

response(
  'newest, every tagged field',
  4,
  {
    errorCode: 0,
    apiKeys: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }],
    throttleTimeMs: 0,
    supportedFeatures: [{ name: 'metadata.version', minVersion: 0, maxVersion: 20 }],
    finalizedFeaturesEpoch: 7,
    finalizedFeatures: [{ name: 'metadata.version', maxVersionLevel: 20, minVersionLevel: 1 }],
    zkMigrationReady: true,
  },
  '0000' + // errorCode
    '02' + // apiKeys: 1 entry
    '0003 0000 000c 00' + //   Metadata 0-12
    '00000000' + // throttleTimeMs
    '04' + // tagged fields: 4
    '00 17' + //   tag 0 (SupportedFeatures), 23 bytes:
    '02' + //     1 entry
    '11' + METADATA_VERSION + //     name
    '0000' + //     minVersion = 0 (allowed from v4)
    '0014' + //     maxVersion = 20
    '00' + //     tagged fields: none
    '01 08' + //   tag 1 (FinalizedFeaturesEpoch), 8 bytes:
    '0000000000000007' + //     7
    '02 17' + //   tag 2 (FinalizedFeatures), 23 bytes:
    '02' + //     1 entry
    '11' + METADATA_VERSION + //     name
    '0014' + //     maxVersionLevel = 20 (max before min in this struct)
    '0001' + //     minVersionLevel = 1
    '00' + //     tagged fields: none
    '03 01' + //   tag 3 (ZkMigrationReady), 1 byte:
    '01', //     true
);
