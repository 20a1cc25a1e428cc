/**
 * SaslHandshake (key 17), versions 0-1, never flexible.
 *
 * The client names its SASL mechanism; the answer lists the mechanisms the listener enables.
 * After v0 the SASL tokens follow as raw frames (int32 size, token; no Kafka header); after v1
 * they travel inside SaslAuthenticate requests. Errors: 33 UNSUPPORTED_SASL_MECHANISM,
 * 34 ILLEGAL_SASL_STATE (a handshake on a listener without SASL, or after authentication).
 */
import { api, arrayOf, field, message } from '../schema';

export interface SaslHandshakeRequest {
  mechanism: string;
}

export interface SaslHandshakeResponse {
  errorCode: number;
  mechanisms: string[];
}

export const SaslHandshake = api(
  message('request', 'SaslHandshakeRequest', 17, '0-1', 'none', [field('mechanism', 'string', '0+')]),
  message('response', 'SaslHandshakeResponse', 17, '0-1', 'none', [
    field('errorCode', 'int16', '0+'),
    field('mechanisms', arrayOf('string'), '0+'),
  ]),
);
