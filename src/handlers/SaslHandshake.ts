/**
 * SaslHandshake: the client names its SASL mechanism. The connection's security state does the
 * work (src/security/ConnectionSecurity.ts); on a listener without SASL, or once authenticated,
 * the answer is 34 ILLEGAL_SASL_STATE, as KafkaApis gives.
 */
import { SaslHandshake, SaslHandshakeRequest, SaslHandshakeResponse } from '../../wire/apis/SaslHandshake';
import { ErrorCode } from '../../wire/errors';
import { defineHandler } from './types';

export default defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  api: SaslHandshake,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    if (!ctx.security) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    return ctx.security.handshake(request.mechanism, ctx.apiVersion);
  },
});
