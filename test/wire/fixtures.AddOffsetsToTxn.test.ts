/**
 * AddOffsetsToTxn (key 25) byte fixtures, written by hand from AddOffsetsToTxnRequest/Response.json.
 * Versions 0-4; flexible from 3. The layout never changes otherwise. No tagged fields are defined.
 */
import { AddOffsetsToTxn, AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../wire/apis/AddOffsetsToTxn';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: AddOffsetsToTxnRequest, bytes: string) =>
  fixture(title, AddOffsetsToTxn.request, version, value, bytes);
const response = (title: string, version: number, value: AddOffsetsToTxnResponse, bytes: string) =>
  fixture(title, AddOffsetsToTxn.response, version, value, bytes);

const TXN = '74786e'; // "txn"
const GROUP = '67726f7570'; // "group", 5 bytes

// ---- request ----

request(
  'oldest',
  0,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 0, groupId: 'group' },
  '0003' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0000' + // producerEpoch = 0
    '0005' + GROUP, // groupId = "group"
);

request(
  'first flexible',
  3,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 1, groupId: 'group' },
  '04' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0001' + // producerEpoch = 1
    '06' + GROUP + // groupId = "group"
    '00', // tagged fields: none
);

request(
  'newest',
  4,
  { transactionalId: 'txn', producerId: 1000, producerEpoch: 2, groupId: '' },
  '04' + TXN + // transactionalId = "txn"
    '00000000000003e8' + // producerId = 1000
    '0002' + // producerEpoch = 2
    '01' + // groupId = ""
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0 },
  '00000000' + // throttleTimeMs
    '0000', // errorCode
);

response(
  'first flexible: INVALID_PRODUCER_EPOCH',
  3,
  { throttleTimeMs: 0, errorCode: 47 },
  '00000000' + // throttleTimeMs
    '002f' + // errorCode = 47 INVALID_PRODUCER_EPOCH
    '00', // tagged fields: none
);

response(
  'newest: TRANSACTION_ABORTABLE',
  4,
  { throttleTimeMs: 100, errorCode: 120 },
  '00000064' + // throttleTimeMs = 100
    '0078' + // errorCode = 120 TRANSACTION_ABORTABLE
    '00', // tagged fields: none
);
