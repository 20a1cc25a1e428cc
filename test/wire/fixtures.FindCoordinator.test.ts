/**
 * FindCoordinator (key 10) byte fixtures, written by hand from FindCoordinatorRequest/Response.json.
 * Versions 0-6; flexible from 3. v4+ batches keys. No tagged fields are defined.
 */
import { FindCoordinator, FindCoordinatorRequest, FindCoordinatorResponse } from '../../wire/apis/FindCoordinator';
import { fixture } from './fixtureHelpers';

// Values are typed with the exported interfaces, so the interfaces are checked against the schema too.
const request = (title: string, version: number, value: FindCoordinatorRequest, bytes: string) =>
  fixture(title, FindCoordinator.request, version, value, bytes);
const response = (title: string, version: number, value: FindCoordinatorResponse, bytes: string) =>
  fixture(title, FindCoordinator.response, version, value, bytes);

const GROUP = '67726f7570'; // "group", 5 bytes
const TXN = '74786e'; // "txn"
const DOWN = '646f776e'; // "down"
const LOCALHOST = '6c6f63616c686f7374'; // "localhost", 9 bytes

// ---- request ----

request(
  'oldest: a group key',
  0,
  { key: 'group', keyType: 0, coordinatorKeys: [] },
  '0005' + GROUP, // key = "group"
);

request(
  'KeyType added',
  1,
  { key: 'txn', keyType: 1, coordinatorKeys: [] },
  '0003' + TXN + // key = "txn"
    '01', // keyType = 1 (transaction)
);

request(
  'first flexible',
  3,
  { key: 'group', keyType: 0, coordinatorKeys: [] },
  '06' + GROUP + // key = "group" (compact: 5+1)
    '00' + // keyType = 0 (group)
    '00', // tagged fields: none
);

request(
  'first batched',
  4,
  { key: '', keyType: 1, coordinatorKeys: ['txn'] },
  '01' + // keyType = 1 (no Key from v4)
    '02' + // coordinatorKeys: 1
    '04' + TXN + //   "txn"
    '00', // tagged fields: none
);

request(
  'newest',
  6,
  { key: '', keyType: 0, coordinatorKeys: ['group', 'txn'] },
  '00' + // keyType = 0
    '03' + // coordinatorKeys: 2
    '06' + GROUP + //   "group"
    '04' + TXN + //   "txn"
    '00', // tagged fields: none
);

// ---- response ----

response(
  'oldest',
  0,
  { throttleTimeMs: 0, errorCode: 0, errorMessage: '', nodeId: 1, host: 'localhost', port: 9092, coordinators: [] },
  '0000' + // errorCode
    '00000001' + // nodeId = 1
    '0009' + LOCALHOST + // host
    '00002384', // port = 9092
);

response(
  'throttle time and error message added',
  1,
  { throttleTimeMs: 100, errorCode: 15, errorMessage: 'down', nodeId: -1, host: '', port: -1, coordinators: [] },
  '00000064' + // throttleTimeMs = 100
    '000f' + // errorCode = 15 COORDINATOR_NOT_AVAILABLE
    '0004' + DOWN + // errorMessage = "down"
    'ffffffff' + // nodeId = -1
    '0000' + // host = ""
    'ffffffff', // port = -1
);

response(
  'first flexible, null error message',
  3,
  { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: 'localhost', port: 9092, coordinators: [] },
  '00000000' + // throttleTimeMs
    '0000' + // errorCode
    '00' + // errorMessage = null
    '00000001' + // nodeId = 1
    '0a' + LOCALHOST + // host (9+1)
    '00002384' + // port = 9092
    '00', // tagged fields: none
);

response(
  'newest: one result per key',
  6,
  {
    throttleTimeMs: 0,
    errorCode: 0, // absent from v4
    errorMessage: '', // absent from v4
    nodeId: 0,
    host: '',
    port: 0,
    coordinators: [
      { key: 'group', nodeId: 1, host: 'localhost', port: 9092, errorCode: 0, errorMessage: null },
      { key: 'txn', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: 'down' },
    ],
  },
  '00000000' + // throttleTimeMs
    '03' + // coordinators: 2
    '06' + GROUP + //   key = "group"
    '00000001' + //   nodeId = 1
    '0a' + LOCALHOST + //   host
    '00002384' + //   port = 9092
    '0000' + //   errorCode
    '00' + //   errorMessage = null
    '00' + //   tagged fields: none
    '04' + TXN + //   key = "txn"
    'ffffffff' + //   nodeId = -1
    '01' + //   host = ""
    'ffffffff' + //   port = -1
    '000f' + //   errorCode = 15 COORDINATOR_NOT_AVAILABLE
    '05' + DOWN + //   errorMessage = "down"
    '00' + //   tagged fields: none
    '00', // tagged fields: none
);
