/**
 * IncrementalAlterConfigs (key 44) byte fixtures, written by hand from
 * IncrementalAlterConfigsRequest/Response.json. Versions 0-1; flexible from 1 (first flexible =
 * newest). No tagged fields are defined.
 */
import {
  IncrementalAlterConfigs,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from '../../wire/apis/IncrementalAlterConfigs';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: IncrementalAlterConfigsRequest, bytes: string) =>
  fixture(title, IncrementalAlterConfigs.request, version, value, bytes);
const response = (title: string, version: number, value: IncrementalAlterConfigsResponse, bytes: string) =>
  fixture(title, IncrementalAlterConfigs.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const RET = '726574656e74696f6e2e6d73'; // "retention.ms", 12 bytes
const SEG = '7365676d656e742e6d73'; // "segment.ms", 10 bytes
const WEEK = '363034383030303030'; // "604800000", 9 bytes
const NO = '6e6f'; // "no"

const setAndDelete: IncrementalAlterConfigsRequest = {
  resources: [
    {
      resourceType: 2,
      resourceName: 'foo',
      configs: [
        { name: 'retention.ms', configOperation: 0, value: '604800000' },
        { name: 'segment.ms', configOperation: 1, value: null },
      ],
    },
  ],
  validateOnly: false,
};

// ---- request ----

request(
  'oldest: SET and DELETE',
  0,
  setAndDelete,
  '00000001' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '0003' + FOO + //   resourceName
    '00000002' + //   configs: 2
    '000c' + RET + //     name
    '00' + //     configOperation = 0 SET
    '0009' + WEEK + //     value = "604800000"
    '000a' + SEG + //     name = "segment.ms"
    '01' + //     configOperation = 1 DELETE
    'ffff' + //     value = null
    '00', // validateOnly = false
);

request(
  'first flexible = newest',
  1,
  { ...setAndDelete, validateOnly: true },
  '02' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '04' + FOO + //   resourceName
    '03' + //   configs: 2
    '0d' + RET + //     name
    '00' + //     configOperation = 0 SET
    '0a' + WEEK + //     value
    '00' + //     tagged fields: none
    '0b' + SEG + //     name
    '01' + //     configOperation = 1 DELETE
    '00' + //     value = null
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '01' + // validateOnly = true
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: success and invalid config',
  0,
  {
    throttleTimeMs: 0,
    responses: [
      { errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'foo' },
      { errorCode: 40, errorMessage: 'no', resourceType: 4, resourceName: '' },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000002' + // responses: 2
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '02' + //   resourceType
    '0003' + FOO + //   resourceName
    '0028' + //   errorCode = 40 INVALID_CONFIG
    '0002' + NO + //   errorMessage = "no"
    '04' + //   resourceType = 4 BROKER
    '0000', //   resourceName = ""
);

response(
  'first flexible = newest',
  1,
  { throttleTimeMs: 0, responses: [{ errorCode: 40, errorMessage: 'no', resourceType: 2, resourceName: 'foo' }] },
  '00000000' + // throttleTimeMs
    '02' + // responses: 1
    '0028' + //   errorCode = 40 INVALID_CONFIG
    '03' + NO + //   errorMessage = "no"
    '02' + //   resourceType
    '04' + FOO + //   resourceName
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
