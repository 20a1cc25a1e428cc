/**
 * ApiVersions (key 18), versions 0-4, flexible from 3.
 *
 * v3 is the first flexible version (adds ClientSoftwareName/Version). v4 allows
 * SupportedFeatures.MinVersion = 0 (KAFKA-17011). The response header is always v0, even for
 * flexible versions (no tagged fields in the header; see headers.ts).
 * On an unsupported request version, answer error 35 in the v0 body layout, listing ApiKeys.
 */
import { api, arrayOf, field, message } from '../schema';

export interface ApiVersionsRequest {
  /** v3+. */
  clientSoftwareName: string;
  /** v3+. */
  clientSoftwareVersion: string;
}

export interface ApiVersion {
  apiKey: number;
  /** Inclusive. */
  minVersion: number;
  /** Inclusive. */
  maxVersion: number;
}

export interface SupportedFeatureKey {
  name: string;
  minVersion: number;
  maxVersion: number;
}

export interface FinalizedFeatureKey {
  name: string;
  maxVersionLevel: number;
  minVersionLevel: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: ApiVersion[];
  /** v1+. */
  throttleTimeMs: number;
  /** v3+, tagged 0. In v0-v3, features with MinVersion = 0 are omitted. */
  supportedFeatures: SupportedFeatureKey[];
  /** v3+, tagged 1. -1 = unknown epoch. */
  finalizedFeaturesEpoch: number;
  /** v3+, tagged 2. Valid only if finalizedFeaturesEpoch >= 0. */
  finalizedFeatures: FinalizedFeatureKey[];
  /** v3+, tagged 3. */
  zkMigrationReady: boolean;
}

export const ApiVersions = api(
  message('request', 'ApiVersionsRequest', 18, '0-4', '3+', [
    field('clientSoftwareName', 'string', '3+'),
    field('clientSoftwareVersion', 'string', '3+'),
  ]),
  message('response', 'ApiVersionsResponse', 18, '0-4', '3+', [
    field('errorCode', 'int16', '0+'),
    field(
      'apiKeys',
      arrayOf([
        field('apiKey', 'int16', '0+'),
        field('minVersion', 'int16', '0+'),
        field('maxVersion', 'int16', '0+'),
      ]),
      '0+',
    ),
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'supportedFeatures',
      arrayOf([
        field('name', 'string', '3+'),
        field('minVersion', 'int16', '3+'),
        field('maxVersion', 'int16', '3+'),
      ]),
      '3+',
      { tag: 0, taggedVersions: '3+' },
    ),
    field('finalizedFeaturesEpoch', 'int64', '3+', { tag: 1, taggedVersions: '3+', default: -1 }),
    field(
      'finalizedFeatures',
      arrayOf([
        field('name', 'string', '3+'),
        field('maxVersionLevel', 'int16', '3+'),
        field('minVersionLevel', 'int16', '3+'),
      ]),
      '3+',
      { tag: 2, taggedVersions: '3+' },
    ),
    // Set by a KRaft controller when ZK migration configs are present.
    field('zkMigrationReady', 'bool', '3+', { tag: 3, taggedVersions: '3+', default: false }),
  ]),
);
