/** ApiVersions: what this broker implements, derived from the registered handlers. */
import { ApiVersions, ApiVersionsRequest, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { ErrorCode } from '../../wire/errors';
import { defineHandler } from './types';

/** Kafka's rule for client software name and version (KIP-511). */
const SOFTWARE_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export default defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
  api: ApiVersions,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const invalidSoftware =
      ctx.apiVersion >= 3 &&
      (!SOFTWARE_NAME.test(request.clientSoftwareName) || !SOFTWARE_NAME.test(request.clientSoftwareVersion));
    // Kafka answers a malformed client software name with error 42 and no API list.
    const apiKeys = invalidSoftware ? [] : ctx.broker.handlers.map((h) => ({
      apiKey: h.api.apiKey,
      minVersion: h.minVersion,
      maxVersion: h.maxVersion,
    }));
    return {
      errorCode: invalidSoftware ? ErrorCode.INVALID_REQUEST : ErrorCode.NONE,
      apiKeys,
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
  },
});
