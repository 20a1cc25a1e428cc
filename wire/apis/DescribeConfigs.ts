/**
 * DescribeConfigs (key 32), versions 0-4, flexible from 4.
 *
 * ResourceType: 2 = TOPIC, 4 = BROKER (8 = BROKER_LOGGER). ConfigurationKeys null = all keys.
 * v0 answers with IsDefault per config; v1 replaces it with ConfigSource (1 DYNAMIC_TOPIC_CONFIG,
 * 2 DYNAMIC_BROKER_CONFIG, 3 DYNAMIC_DEFAULT_BROKER_CONFIG, 4 STATIC_BROKER_CONFIG, 5 DEFAULT_CONFIG,
 * 6 DYNAMIC_BROKER_LOGGER_CONFIG) and adds IncludeSynonyms / Synonyms. v2 throttles after answering.
 * v3 adds IncludeDocumentation, ConfigType (1 BOOLEAN, 2 STRING, 3 INT, 4 SHORT, 5 LONG, 6 DOUBLE,
 * 7 LIST, 8 CLASS, 9 PASSWORD; 0 UNKNOWN) and Documentation. Errors are per resource (ErrorCode,
 * ErrorMessage); sensitive values are sent as null.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeConfigsResource {
  /** 2 = topic, 4 = broker. */
  resourceType: number;
  resourceName: string;
  /** Nullable: null = all configuration keys. */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  resources: DescribeConfigsResource[];
  /** v1+, default false. */
  includeSynonyms: boolean;
  /** v3+, default false. */
  includeDocumentation: boolean;
}

export interface DescribeConfigsSynonym {
  /** v1+. */
  name: string;
  /** v1+, nullable. */
  value: string | null;
  /** v1+, a ConfigSource. */
  source: number;
}

export interface DescribeConfigsResourceResult {
  name: string;
  /** Nullable (null for sensitive configs). */
  value: string | null;
  readOnly: boolean;
  /** v0 only: true if the configuration is not set. */
  isDefault: boolean;
  /** v1+, default -1. */
  configSource: number;
  isSensitive: boolean;
  /** v1+. */
  synonyms: DescribeConfigsSynonym[];
  /** v3+, default 0 (unknown). */
  configType: number;
  /** v3+, nullable. */
  documentation: string | null;
}

export interface DescribeConfigsResult {
  errorCode: number;
  /** Nullable. */
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

export const DescribeConfigs = api(
  message('request', 'DescribeConfigsRequest', 32, '0-4', '4+', [
    field(
      'resources',
      arrayOf([
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('configurationKeys', arrayOf('string'), '0+', { nullable: '0+' }),
      ]),
      '0+',
    ),
    field('includeSynonyms', 'bool', '1+', { default: false }),
    field('includeDocumentation', 'bool', '3+', { default: false }),
  ]),
  message('response', 'DescribeConfigsResponse', 32, '0-4', '4+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'results',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
            field('readOnly', 'bool', '0+'),
            field('isDefault', 'bool', '0'),
            field('configSource', 'int8', '1+', { default: -1 }),
            field('isSensitive', 'bool', '0+'),
            field(
              'synonyms',
              arrayOf([
                field('name', 'string', '1+'),
                field('value', 'string', '1+', { nullable: '0+' }),
                field('source', 'int8', '1+'),
              ]),
              '1+',
            ),
            field('configType', 'int8', '3+', { default: 0 }),
            field('documentation', 'string', '3+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
