/**
 * EndTxn (key 26) byte fixtures, written by hand from EndTxnRequest/Response.json.
 * Versions 0-5; flexible from 3. v5 (KIP-890 part 2) adds ProducerId/ProducerEpoch (default -1)
 * to the response. No tagged fields are defined.
 */
import { EndTxn, EndTxnRequest, EndTxnResponse } from '../../wire/apis/EndTxn';
import { decodeMessage } from '../../wire/codec';
import { fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: EndTxnRequest, bytes: string) =>
  fixture(title, EndTxn.request, version, value, bytes);
const response = (title: string, version: number, value: EndTxnResponse, bytes: string) =>
  fixture(title, EndTxn.response, version, value, bytes);

const TXN = '74786e'; // "txn"

// ---- request ----

request(
  'oldest: commit',
  0,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 0, committed: true },
  '0003' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '01', // committed = true
);

request(
  'first flexible: abort',
  3,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 0, committed: false },
  '04' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '00' + // committed = false
    '00', // tagged fields: none
);

request(
  'newest',
  5,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 5, committed: true },
  '04' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0005' + // producerEpoch = 5
    '01' + // committed = true
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0, producerId: -1, producerEpoch: -1 },
  '00000000' + // throttleTimeMs
    '0000', // errorCode
);

response(
  'first flexible: INVALID_TXN_STATE',
  3,
  { throttleTimeMs: 0, errorCode: 48, producerId: -1, producerEpoch: -1 },
  '00000000' + // throttleTimeMs
    '0030' + // errorCode = 48 INVALID_TXN_STATE
    '00', // tagged fields: none
);

response(
  'newest: the bumped epoch for the next transaction (KIP-890)',
  5,
  { throttleTimeMs: 0, errorCode: 0, producerId: 1000, producerEpoch: 6 },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000000000003e8' + // producerId = 1000
    '0006' + // producerEpoch = 6
    '00', // tagged fields: none
);

response(
  'newest: an error, producer at its defaults',
  5,
  { throttleTimeMs: 0, errorCode: 90, producerId: -1, producerEpoch: -1 },
  '00000000' + // throttleTimeMs
    '005a' + // errorCode = 90 PRODUCER_FENCED
    'ffffffffffffffff' + // producerId = -1
    'ffff' + // producerEpoch = -1
    '00', // tagged fields: none
);

test('unknown tagged fields are skipped', () => {
  const bytes = hex(
    '00000000' + // throttleTimeMs
      '0000' + // errorCode
      '00000000000003e8' + // producerId = 1000
      '0006' + // producerEpoch = 6
      '02' + // tagged fields: 2
      '00 01 ff' + //   tag 0 (unknown), 1 byte
      '09 00', //   tag 9 (unknown), 0 bytes
  );
  expect(decodeMessage(EndTxn.response, 5, bytes)).toEqual({
    throttleTimeMs: 0,
    errorCode: 0,
    producerId: 1000,
    producerEpoch: 6,
  });
});
