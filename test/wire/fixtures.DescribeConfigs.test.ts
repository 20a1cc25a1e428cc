/**
 * DescribeConfigs (key 32) byte fixtures, written by hand from DescribeConfigsRequest/Response.json.
 * Versions 0-4; flexible from 4. No tagged fields are defined.
 */
import {
  DescribeConfigs,
  DescribeConfigsRequest,
  DescribeConfigsResponse,
} from '../../wire/apis/DescribeConfigs';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: DescribeConfigsRequest, bytes: string) =>
  fixture(title, DescribeConfigs.request, version, value, bytes);
const response = (title: string, version: number, value: DescribeConfigsResponse, bytes: string) =>
  fixture(title, DescribeConfigs.response, version, value, bytes);

const FOO = '666f6f'; // "foo"
const RET = '726574656e74696f6e2e6d73'; // "retention.ms", 12 bytes
const LRET = '6c6f672e726574656e74696f6e2e6d73'; // "log.retention.ms", 16 bytes
const WEEK = '363034383030303030'; // "604800000", 9 bytes
const DOC = '646f63'; // "doc"
const NO = '6e6f'; // "no"

// ---- request ----

request(
  'oldest',
  0,
  {
    resources: [{ resourceType: 2, resourceName: 'foo', configurationKeys: ['retention.ms'] }],
    includeSynonyms: false,
    includeDocumentation: false,
  },
  '00000001' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '0003' + FOO + //   resourceName
    '00000001' + //   configurationKeys: 1
    '000c' + RET, //     "retention.ms"
);

request(
  'all keys, synonyms (v1)',
  1,
  {
    resources: [{ resourceType: 4, resourceName: '', configurationKeys: null }],
    includeSynonyms: true,
    includeDocumentation: false,
  },
  '00000001' + // resources: 1
    '04' + //   resourceType = 4 BROKER
    '0000' + //   resourceName = ""
    'ffffffff' + //   configurationKeys = null (all)
    '01', // includeSynonyms = true
);

request(
  'documentation (v3)',
  3,
  {
    resources: [{ resourceType: 2, resourceName: 'foo', configurationKeys: null }],
    includeSynonyms: false,
    includeDocumentation: true,
  },
  '00000001' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '0003' + FOO + //   resourceName
    'ffffffff' + //   configurationKeys = null
    '00' + // includeSynonyms = false
    '01', // includeDocumentation = true
);

request(
  'first flexible = newest',
  4,
  {
    resources: [{ resourceType: 2, resourceName: 'foo', configurationKeys: ['retention.ms'] }],
    includeSynonyms: true,
    includeDocumentation: true,
  },
  '02' + // resources: 1
    '02' + //   resourceType = 2 TOPIC
    '04' + FOO + //   resourceName
    '02' + //   configurationKeys: 1
    '0d' + RET + //     "retention.ms"
    '00' + //   tagged fields: none
    '01' + // includeSynonyms = true
    '01' + // includeDocumentation = true
    '00', // tagged fields: none
);

request(
  'null keys, flexible',
  4,
  {
    resources: [{ resourceType: 2, resourceName: 'foo', configurationKeys: null }],
    includeSynonyms: false,
    includeDocumentation: false,
  },
  '02' + // resources: 1
    '02' + //   resourceType
    '04' + FOO + //   resourceName
    '00' + //   configurationKeys = null
    '00' + //   tagged fields: none
    '00' + // includeSynonyms = false
    '00' + // includeDocumentation = false
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest: IsDefault, no ConfigSource',
  0,
  {
    throttleTimeMs: 0,
    results: [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: 'foo',
        configs: [
          {
            name: 'retention.ms',
            value: '604800000',
            readOnly: false,
            isDefault: true,
            configSource: -1, // absent before v1
            isSensitive: false,
            synonyms: [], // absent before v1
            configType: 0, // absent before v3
            documentation: '', // absent before v3
          },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // results: 1
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '02' + //   resourceType = 2 TOPIC
    '0003' + FOO + //   resourceName
    '00000001' + //   configs: 1
    '000c' + RET + //     name
    '0009' + WEEK + //     value = "604800000"
    '00' + //     readOnly = false
    '01' + //     isDefault = true (v0 only)
    '00', //     isSensitive = false
);

response(
  'config source and synonyms (v1), sensitive value null',
  1,
  {
    throttleTimeMs: 0,
    results: [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: 'foo',
        configs: [
          {
            name: 'retention.ms',
            value: null,
            readOnly: true,
            isDefault: false, // absent from v1
            configSource: 1,
            isSensitive: true,
            synonyms: [
              { name: 'retention.ms', value: null, source: 1 },
              { name: 'log.retention.ms', value: '604800000', source: 5 },
            ],
            configType: 0,
            documentation: '',
          },
        ],
      },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000001' + // results: 1
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '02' + //   resourceType
    '0003' + FOO + //   resourceName
    '00000001' + //   configs: 1
    '000c' + RET + //     name
    'ffff' + //     value = null
    '01' + //     readOnly = true
    '01' + //     configSource = 1 DYNAMIC_TOPIC_CONFIG
    '01' + //     isSensitive = true
    '00000002' + //     synonyms: 2
    '000c' + RET + //       name
    'ffff' + //       value = null
    '01' + //       source = 1
    '0010' + LRET + //       name = "log.retention.ms"
    '0009' + WEEK + //       value
    '05', //       source = 5 DEFAULT_CONFIG
);

response(
  'type and documentation (v3), an errored resource',
  3,
  {
    throttleTimeMs: 0,
    results: [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: 'foo',
        configs: [
          {
            name: 'retention.ms',
            value: '604800000',
            readOnly: false,
            isDefault: false,
            configSource: 5,
            isSensitive: false,
            synonyms: [],
            configType: 5,
            documentation: null,
          },
        ],
      },
      { errorCode: 3, errorMessage: 'no', resourceType: 2, resourceName: '', configs: [] },
    ],
  },
  '00000000' + // throttleTimeMs
    '00000002' + // results: 2
    '0000' + //   errorCode
    'ffff' + //   errorMessage = null
    '02' + //   resourceType
    '0003' + FOO + //   resourceName
    '00000001' + //   configs: 1
    '000c' + RET + //     name
    '0009' + WEEK + //     value
    '00' + //     readOnly
    '05' + //     configSource = 5 DEFAULT_CONFIG
    '00' + //     isSensitive
    '00000000' + //     synonyms: 0
    '05' + //     configType = 5 LONG
    'ffff' + //     documentation = null
    '0003' + //   errorCode = 3 UNKNOWN_TOPIC_OR_PARTITION
    '0002' + NO + //   errorMessage = "no"
    '02' + //   resourceType
    '0000' + //   resourceName = ""
    '00000000', //   configs: 0
);

response(
  'first flexible = newest',
  4,
  {
    throttleTimeMs: 100,
    results: [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: 'foo',
        configs: [
          {
            name: 'retention.ms',
            value: '604800000',
            readOnly: false,
            isDefault: false,
            configSource: 1,
            isSensitive: false,
            synonyms: [{ name: 'retention.ms', value: '604800000', source: 1 }],
            configType: 5,
            documentation: 'doc',
          },
        ],
      },
      { errorCode: 3, errorMessage: 'no', resourceType: 2, resourceName: '', configs: [] },
    ],
  },
  '00000064' + // throttleTimeMs = 100
    '03' + // results: 2
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '02' + //   resourceType
    '04' + FOO + //   resourceName
    '02' + //   configs: 1
    '0d' + RET + //     name
    '0a' + WEEK + //     value
    '00' + //     readOnly
    '01' + //     configSource = 1
    '00' + //     isSensitive
    '02' + //     synonyms: 1
    '0d' + RET + //       name
    '0a' + WEEK + //       value
    '01' + //       source
    '00' + //       tagged fields: none
    '05' + //     configType = 5 LONG
    '04' + DOC + //     documentation = "doc"
    '00' + //     tagged fields: none
    '00' + //   tagged fields: none
    '0003' + //   errorCode = 3
    '03' + NO + //   errorMessage = "no"
    '02' + //   resourceType
    '01' + //   resourceName = ""
    '01' + //   configs: 0
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
