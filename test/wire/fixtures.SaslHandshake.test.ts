/**
 * SaslHandshake (key 17) byte fixtures, written by hand from SaslHandshakeRequest/Response.json.
 * Versions 0-1; never flexible. v1 only changes what follows (tokens inside SaslAuthenticate).
 */
import { SaslHandshake, SaslHandshakeRequest, SaslHandshakeResponse } from '../../wire/apis/SaslHandshake';
import { fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: SaslHandshakeRequest, bytes: string) =>
  fixture(title, SaslHandshake.request, version, value, bytes);
const response = (title: string, version: number, value: SaslHandshakeResponse, bytes: string) =>
  fixture(title, SaslHandshake.response, version, value, bytes);

const PLAIN = '504c41494e'; // "PLAIN", 5 bytes
const SCRAM_256 = '534352414d2d5348412d323536'; // "SCRAM-SHA-256", 13 bytes

// ---- request ----

request('oldest', 0, { mechanism: 'PLAIN' }, '0005' + PLAIN); // mechanism = "PLAIN"

request('newest', 1, { mechanism: 'SCRAM-SHA-256' }, '000d' + SCRAM_256); // mechanism = "SCRAM-SHA-256"

// ---- response ----

response(
  'oldest',
  0,
  { errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] },
  '0000' + // errorCode = 0
    '00000002' + // mechanisms: 2 entries
    '0005' + PLAIN +
    '000d' + SCRAM_256,
);

response(
  'newest, unsupported mechanism',
  1,
  { errorCode: 33, mechanisms: ['PLAIN'] },
  '0021' + // errorCode = 33 UNSUPPORTED_SASL_MECHANISM
    '00000001' + // mechanisms: 1 entry
    '0005' + PLAIN,
);

response(
  'illegal state, no mechanisms',
  1,
  { errorCode: 34, mechanisms: [] },
  '0022' + // errorCode = 34 ILLEGAL_SASL_STATE
    '00000000', // mechanisms: none
);
