/**
 * IncrementalAlterConfigs (key 44), versions 0-1, flexible from 1.
 *
 * Changes single keys of a resource's configuration (KIP-339), unlike AlterConfigs which replaces
 * the whole set. ConfigOperation: 0 SET, 1 DELETE (back to the default), 2 APPEND, 3 SUBTRACT (list
 * values only). ResourceType 2 = topic, 4 = broker. Answered per resource.
 */
import { api, arrayOf, field, message } from '../schema';

export interface IncrementalAlterableConfig {
  name: string;
  /** 0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT. */
  configOperation: number;
  /** Nullable. */
  value: string | null;
}

export interface IncrementalAlterConfigsResource {
  /** 2 = topic, 4 = broker. */
  resourceType: number;
  resourceName: string;
  configs: IncrementalAlterableConfig[];
}

export interface IncrementalAlterConfigsRequest {
  resources: IncrementalAlterConfigsResource[];
  /** Check only; change nothing. */
  validateOnly: boolean;
}

export interface IncrementalAlterConfigsResourceResponse {
  errorCode: number;
  /** Nullable. */
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

export interface IncrementalAlterConfigsResponse {
  throttleTimeMs: number;
  responses: IncrementalAlterConfigsResourceResponse[];
}

export const IncrementalAlterConfigs = api(
  message('request', 'IncrementalAlterConfigsRequest', 44, '0-1', '1+', [
    field(
      'resources',
      arrayOf([
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field(
          'configs',
          arrayOf([
            field('name', 'string', '0+'),
            field('configOperation', 'int8', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('validateOnly', 'bool', '0+'),
  ]),
  message('response', 'IncrementalAlterConfigsResponse', 44, '0-1', '1+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'responses',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
      ]),
      '0+',
    ),
  ]),
);
