/**
 * ListTransactions (key 66) byte fixtures, written by hand from ListTransactionsRequest/
 * Response.json. Versions 0-1, flexible from 0. v1 adds DurationFilter (default -1) to the request.
 * No tagged fields are defined.
 */
import { ListTransactions, ListTransactionsRequest, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: ListTransactionsRequest, bytes: string) =>
  fixture(title, ListTransactions.request, version, value, bytes);
const response = (title: string, version: number, value: ListTransactionsResponse, bytes: string) =>
  fixture(title, ListTransactions.response, version, value, bytes);

const TXN = '74786e'; // "txn"
const ONGOING = '4f6e676f696e67'; // "Ongoing", 7 bytes
const BOGUS = '426f677573'; // "Bogus", 5 bytes

// ---- request ----

request(
  'oldest, first flexible',
  0,
  { stateFilters: ['Ongoing'], producerIdFilters: [1000], durationFilter: -1 },
  '02' + // stateFilters: 1
    '08' + ONGOING + //   "Ongoing"
    '02' + // producerIdFilters: 1
    '00000000000003e8' + //   1000
    '00', // tagged fields: none
);

request(
  'newest: duration filter',
  1,
  { stateFilters: [], producerIdFilters: [], durationFilter: 60000 },
  '01' + // stateFilters: 0
    '01' + // producerIdFilters: 0
    '000000000000ea60' + // durationFilter = 60000
    '00', // tagged fields: none
);

request(
  'newest: no duration filter',
  1,
  { stateFilters: [], producerIdFilters: [], durationFilter: -1 },
  '01' + // stateFilters: 0
    '01' + // producerIdFilters: 0
    'ffffffffffffffff' + // durationFilter = -1
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest, first flexible',
  0,
  {
    throttleTimeMs: 0,
    errorCode: 0,
    unknownStateFilters: ['Bogus'],
    transactionStates: [{ transactionalId: 'txn', producerId: 1000, transactionState: 'Ongoing' }],
  },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '02' + // unknownStateFilters: 1
    '06' + BOGUS + //   "Bogus"
    '02' + // transactionStates: 1
    '04' + TXN + //   transactionalId = "txn"
    '00000000000003e8' + //   producerId = 1000
    '08' + ONGOING + //   transactionState = "Ongoing"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);

response(
  'newest: an error',
  1,
  { throttleTimeMs: 100, errorCode: 15, unknownStateFilters: [], transactionStates: [] },
  '00000064' + // throttleTimeMs = 100
    '000f' + // errorCode = 15 COORDINATOR_NOT_AVAILABLE
    '01' + // unknownStateFilters: 0
    '01' + // transactionStates: 0
    '00', // tagged fields: none
);
