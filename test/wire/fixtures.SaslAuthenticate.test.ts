/**
 * SaslAuthenticate (key 36) byte fixtures, written by hand from SaslAuthenticateRequest/Response.json.
 * Versions 0-2; flexible from 2. v1 adds SessionLifetimeMs. No tagged fields are defined.
 */
import { SaslAuthenticate, SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../wire/apis/SaslAuthenticate';
import { fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: SaslAuthenticateRequest, bytes: string) =>
  fixture(title, SaslAuthenticate.request, version, value, bytes);
const response = (title: string, version: number, value: SaslAuthenticateResponse, bytes: string) =>
  fixture(title, SaslAuthenticate.response, version, value, bytes);

// A SASL/PLAIN token: authzid "" NUL "u" NUL "pw".
const PLAIN_TOKEN_HEX = '00750070' + '77';
const PLAIN_TOKEN = Buffer.from(PLAIN_TOKEN_HEX, 'hex');
const FAILED = 'Authentication failed: Invalid username or password';
const FAILED_HEX = Buffer.from(FAILED).toString('hex'); // 51 bytes

// ---- request ----

request('oldest', 0, { authBytes: PLAIN_TOKEN }, '00000005' + PLAIN_TOKEN_HEX); // authBytes: int32 length 5

request('v1, same layout', 1, { authBytes: Buffer.alloc(0) }, '00000000'); // authBytes: empty

request(
  'newest, first flexible',
  2,
  { authBytes: PLAIN_TOKEN },
  '06' + PLAIN_TOKEN_HEX + // authBytes: compact, length+1 = 6
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest, failed',
  0,
  { errorCode: 58, errorMessage: FAILED, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 },
  '003a' + // errorCode = 58 SASL_AUTHENTICATION_FAILED
    '0033' + FAILED_HEX + // errorMessage, 51 bytes
    '00000000', // authBytes: empty
);

response(
  'session lifetime added',
  1,
  { errorCode: 0, errorMessage: null, authBytes: Buffer.from('v=', 'latin1'), sessionLifetimeMs: 3600000 },
  '0000' + // errorCode
    'ffff' + // errorMessage = null
    '00000002' + '763d' + // authBytes = "v="
    '000000000036ee80', // sessionLifetimeMs = 3600000
);

response(
  'newest, first flexible',
  2,
  { errorCode: 34, errorMessage: 'x', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 },
  '0022' + // errorCode = 34 ILLEGAL_SASL_STATE
    '02' + '78' + // errorMessage = "x", compact
    '01' + // authBytes: compact, empty
    '0000000000000000' + // sessionLifetimeMs = 0
    '00', // tagged fields: none
);
