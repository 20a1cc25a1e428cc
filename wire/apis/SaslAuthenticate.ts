/**
 * SaslAuthenticate (key 36), versions 0-2, flexible from 2.
 *
 * Carries one SASL token each way after a v1 SaslHandshake. v1 adds SessionLifetimeMs (KIP-368
 * re-authentication; 0 = the session does not expire). Errors: 58 SASL_AUTHENTICATION_FAILED
 * with a message, 34 ILLEGAL_SASL_STATE.
 */
import { api, field, message } from '../schema';

export interface SaslAuthenticateRequest {
  authBytes: Buffer;
}

export interface SaslAuthenticateResponse {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
  /** v1+. */
  sessionLifetimeMs: number;
}

export const SaslAuthenticate = api(
  message('request', 'SaslAuthenticateRequest', 36, '0-2', '2+', [field('authBytes', 'bytes', '0+')]),
  message('response', 'SaslAuthenticateResponse', 36, '0-2', '2+', [
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('authBytes', 'bytes', '0+'),
    field('sessionLifetimeMs', 'int64', '1+', { default: 0 }),
  ]),
);
