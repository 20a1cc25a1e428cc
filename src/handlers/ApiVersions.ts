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
    const apiKeys = ctx.broker.handlers.map((h) => ({
      apiKey: h.api.apiKey,
      minVersion: h.minVersion,
      maxVersion: h.maxVersion,
    }));
    const invalidSoftware =
      ctx.apiVersion >= 3 &&
      (!SOFTWARE_NAME.test(request.clientSoftwareName) || !SOFTWARE_NAME.test(request.clientSoftwareVersion));
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
