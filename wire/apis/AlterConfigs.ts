/**
 * AlterConfigs (key 33), versions 0-2, flexible from 2.
 *
 * Replaces the whole dynamic configuration of each resource with the given set: keys not listed go
 * back to their defaults (use IncrementalAlterConfigs to change single keys). ResourceType 2 =
 * topic, 4 = broker. v1 throttles after answering. Answered per resource.
 */
import { api, arrayOf, field, message } from '../schema';

export interface AlterableConfig {
  name: string;
  /** Nullable. */
  value: string | null;
}

export interface AlterConfigsResource {
  /** 2 = topic, 4 = broker. */
  resourceType: number;
  resourceName: string;
  configs: AlterableConfig[];
}

export interface AlterConfigsRequest {
  resources: AlterConfigsResource[];
  /** Check only; change nothing. */
  validateOnly: boolean;
}

export interface AlterConfigsResourceResponse {
  errorCode: number;
  /** Nullable. */
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

export interface AlterConfigsResponse {
  throttleTimeMs: number;
  responses: AlterConfigsResourceResponse[];
}

export const AlterConfigs = api(
  message('request', 'AlterConfigsRequest', 33, '0-2', '2+', [
    field(
      'resources',
      arrayOf([
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field(
          'configs',
          arrayOf([field('name', 'string', '0+'), field('value', 'string', '0+', { nullable: '0+' })]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('validateOnly', 'bool', '0+'),
  ]),
  message('response', 'AlterConfigsResponse', 33, '0-2', '2+', [
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
