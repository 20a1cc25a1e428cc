/**
 * AlterConfigs (key 33) byte fixtures, written by hand from AlterConfigsRequest/Response.json.
 * Versions 0-2; flexible from 2 (first flexible = newest). No tagged fields are defined.
 */
import { AlterConfigs, AlterConfigsRequest, AlterConfigsResponse } from '../../wire/apis/AlterConfigs';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: AlterConfigsRequest, bytes: string) =>
  fixture(title, AlterConfigs.request, version, value, bytes);
const response = (title: string, version: number, value: AlterConfigsResponse, bytes: string) =>
  fixture(title, AlterConfigs.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const RET = '726574656e74696f6e2e6d73'; // "retention.ms", 12 bytes
const SEG = '7365676d656e742e6d73'; // "segment.ms", 10 bytes
const WEEK = '363034383030303030'; // "604800000", 9 bytes
const NO = '6e6f'; // "no"

const twoConfigs: AlterConfigsRequest = {
  resources: [
    {
      resourceType: 2,
      resourceName: 'foo',
      configs: [
        { name: 'retention.ms', value: '604800000' },
        { name: 'segment.ms', value: null },
      ],
    },
  ],
  validateOnly: true,
};

// ---- request ----

request(
  'oldest',
  0,
  twoConfigs,
  '00000001' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '0003' + FOO + //   resourceName
    '00000002' + //   configs: 2
    '000c' + RET + //     name
    '0009' + WEEK + //     value = "604800000"
    '000a' + SEG + //     name = "segment.ms"
    'ffff' + //     value = null
    '01', // validateOnly = true
);

request(
  'v1 (same as v0)',
  1,
  { resources: [{ resourceType: 4, resourceName: '1', configs: [] }], validateOnly: false },
  '00000001' + // resources: 1
    '04' + //   resourceType = 4 BROKER
    '0001 31' + //   resourceName = "1"
    '00000000' + //   configs: 0
    '00', // validateOnly = false
);

request(
  'first flexible = newest',
  2,
  twoConfigs,
  '02' + // resources: 1
    '02' + //   resourceType
    '04' + FOO + //   resourceName
    '03' + //   configs: 2
    '0d' + RET + //     name
    '0a' + WEEK + //     value
    '00' + //     tagged fields: none
    '0b' + SEG + //     name
    '00' + //     value = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '01' + // validateOnly = true
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'foo' }] },
  '00000000' + // throttleTimeMs
    '00000001' + // responses: 1
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '02' + //   resourceType
    '0003' + FOO, //   resourceName
);

response(
  'first flexible = newest',
  2,
  { throttleTimeMs: 100, responses: [{ errorCode: 40, errorMessage: 'no', resourceType: 2, resourceName: 'foo' }] },
  '00000064' + // throttleTimeMs = 100
    '02' + // responses: 1
    '0028' + //   errorCode = 40 INVALID_CONFIG
    '03' + NO + //   errorMessage = "no"
    '02' + //   resourceType
    '04' + FOO + //   resourceName
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
