/**
 * InitProducerId (key 22) byte fixtures, written by hand from InitProducerIdRequest/Response.json.
 * Versions 0-5; flexible from 2. v3 adds ProducerId/ProducerEpoch to the request. No tagged fields
 * are defined.
 */
import { InitProducerId, InitProducerIdRequest, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { decodeMessage } from '../../wire/codec';
import { fixture, hex } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: InitProducerIdRequest, bytes: string) =>
  fixture(title, InitProducerId.request, version, value, bytes);
const response = (title: string, version: number, value: InitProducerIdResponse, bytes: string) =>
  fixture(title, InitProducerId.response, version, value, bytes);

const TXN = '74786e'; // "txn"

// ---- request ----

request(
  'oldest: idempotent producer (kafkajs uses v1)',
  0,
  { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
  'ffff' + // transactionalId = null
    '0000ea60', // transactionTimeoutMs = 60000
);

request(
  'oldest: transactional producer',
  0,
  { transactionalId: 'txn', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
  '0003' + TXN + // transactionalId = "txn"
    '0000ea60', // transactionTimeoutMs = 60000
);

request(
  'first flexible',
  2,
  { transactionalId: 'txn', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
  '04' + TXN + // transactionalId = "txn"
    '0000ea60' + // transactionTimeoutMs = 60000
    '00', // tagged fields: none
);

request(
  'null transactional id, flexible',
  2,
  { transactionalId: null, transactionTimeoutMs: 0, producerId: -1, producerEpoch: -1 },
  '00' + // transactionalId = null
    '00000000' + // transactionTimeoutMs = 0
    '00', // tagged fields: none
);

request(
  'current producer id and epoch (v3, KIP-360)',
  3,
  { transactionalId: 'txn', transactionTimeoutMs: 60000, producerId: 1000, producerEpoch: 3 },
  '04' + TXN + // transactionalId = "txn"
    '0000ea60' + // transactionTimeoutMs = 60000
    '00000000000003e8' + // producerId = 1000
    '0003' + // producerEpoch = 3
    '00', // tagged fields: none
);

request(
  'newest: no current producer',
  5,
  { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
  '00' + // transactionalId = null
    '0000ea60' + // transactionTimeoutMs = 60000
    'ffffffffffffffff' + // producerId = -1
    'ffff' + // producerEpoch = -1
    '00', // tagged fields: none
);

test('unknown tagged fields are skipped', () => {
  const bytes = hex(
    '04' + TXN + // transactionalId
      '0000ea60' + // transactionTimeoutMs
      'ffffffffffffffff' + // producerId = -1
      'ffff' + // producerEpoch = -1
      '01' + // tagged fields: 1
      '07 03 010203', //   tag 7 (unknown), 3 bytes
  );
  expect(decodeMessage(InitProducerId.request, 5, bytes)).toEqual({
    transactionalId: 'txn',
    transactionTimeoutMs: 60000,
    producerId: -1,
    producerEpoch: -1,
  });
});

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0, producerId: 1000, producerEpoch: 0 },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000000000003e8' + // producerId = 1000
    '0000', // producerEpoch = 0
);

response(
  'first flexible',
  2,
  { throttleTimeMs: 0, errorCode: 0, producerId: 1000, producerEpoch: 1 },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00000000000003e8' + // producerId = 1000
    '0001' + // producerEpoch = 1
    '00', // tagged fields: none
);

response(
  'newest: PRODUCER_FENCED',
  5,
  { throttleTimeMs: 0, errorCode: 90, producerId: -1, producerEpoch: -1 },
  '00000000' + // throttleTimeMs
    '005a' + // errorCode = 90 PRODUCER_FENCED
    'ffffffffffffffff' + // producerId = -1
    'ffff' + // producerEpoch = -1
    '00', // tagged fields: none
);
