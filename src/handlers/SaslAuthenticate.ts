/**
 * SaslAuthenticate: one SASL token each way after a v1 handshake. A failure answers 58
 * SASL_AUTHENTICATION_FAILED with Kafka's message and the connection then closes; after
 * authentication the answer is 34 ILLEGAL_SASL_STATE. Sessions do not expire (lifetime 0).
 */
import { SaslAuthenticate, SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../wire/apis/SaslAuthenticate';
import { ErrorCode } from '../../wire/errors';
import { defineHandler } from './types';

export default defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  api: SaslAuthenticate,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    const answer = ctx.security
      ? ctx.security.authenticate(request.authBytes)
      : { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received after successful authentication', authBytes: Buffer.alloc(0) };
    return { ...answer, sessionLifetimeMs: 0 };
  },
});
