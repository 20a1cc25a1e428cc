/**
 * Idempotent producers over real TCP, as Apache Kafka answers them: InitProducerId for producers
 * without a TransactionalId, Produce with producer ids (duplicates, sequence gaps, fenced and
 * bumped epochs), DescribeProducers, and duplicate detection surviving a broker restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { AddPartitionsToTxn, AddPartitionsToTxnResponse } from '../../wire/apis/AddPartitionsToTxn';
import { DescribeProducers, DescribeProducersProducerState, DescribeProducersResponse } from '../../wire/apis/DescribeProducers';
import { EndTxn, EndTxnResponse } from '../../wire/apis/EndTxn';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { PartitionProduceResponse, Produce, ProduceRequest, ProduceResponse } from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import { batchInfo, buildBatch, maxTimestampOf, readRecords } from '../../wire/records';
import {
  ClientPool,
  createTopic,
  fetchBody,
  logEndOffset,
  produce,
  produceBody,
  requestFrame,
  splitBatches,
  TestClient,
} from './client';

let broker: Broker;
let dataDir: string;
const pool = new ClientPool();
let c: TestClient;

const startBroker = () => Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', numPartitions: 1 });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-idempotence-'));
  broker = await startBroker();
});

afterAll(async () => {
  await pool.closeAll();
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  c = await pool.connect(broker.port);
});

afterEach(() => pool.closeAll());

async function initProducerId(
  client: TestClient,
  version = 1,
  fields: { producerId?: number; producerEpoch?: number; transactionalId?: string | null } = {},
): Promise<InitProducerIdResponse> {
  return client.request(InitProducerId, version, {
    transactionalId: fields.transactionalId ?? null,
    transactionTimeoutMs: 60000,
    producerId: fields.producerId ?? -1,
    producerEpoch: fields.producerEpoch ?? -1,
  });
}

interface Idem {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional?: boolean;
}

/** A batch of `count` records `${prefix}-${i}` from an idempotent producer. */
function idemBatch(idem: Idem, count: number, prefix = 'v'): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ value: `${prefix}-${i}`, timestamp: 1_700_000_000_000 + i }));
  return buildBatch(records, idem);
}

async function produceIdem(client: TestClient, topic: string, batch: Buffer, version = 7): Promise<PartitionProduceResponse> {
  return produce(client, topic, 0, batch, { version, acks: -1 });
}

/** Every batch of partition 0 of topic, from offset 0. */
async function fetchBatches(client: TestClient, topic: string): Promise<Buffer[]> {
  const res: FetchResponse = await client.request(Fetch, 11, fetchBody([{ topic, partition: 0, fetchOffset: 0 }]));
  expect(res.responses[0].partitions[0].errorCode).toBe(0);
  return splitBatches(res.responses[0].partitions[0].records);
}

const rejected = (errorCode: ErrorCode, logStartOffset = 0) => ({
  index: 0,
  errorCode,
  baseOffset: -1,
  logAppendTimeMs: -1,
  logStartOffset,
  recordErrors: [],
  errorMessage: null,
  currentLeader: { leaderId: -1, leaderEpoch: -1 },
});

describe('InitProducerId without a TransactionalId', () => {
  test('every version gives a new producer id with epoch 0, never the same one twice', async () => {
    const ids = new Set<number>();
    for (let version = 0; version <= 5; version++) {
      const res = await initProducerId(c, version);
      expect(res).toEqual({ throttleTimeMs: 0, errorCode: 0, producerId: expect.any(Number), producerEpoch: 0 });
      expect(res.producerId).toBeGreaterThanOrEqual(0);
      ids.add(res.producerId);
    }
    expect(ids.size).toBe(6);
  });

  test('v3+ with a current id and epoch still gets a new id, epoch 0 (as Kafka does without a TransactionalId)', async () => {
    const first = await initProducerId(c, 4);
    const again = await initProducerId(c, 4, { producerId: first.producerId, producerEpoch: 0 });
    expect(again.errorCode).toBe(0);
    expect(again.producerId).not.toBe(first.producerId);
    expect(again.producerEpoch).toBe(0);
  });

  test('an id without an epoch, or an epoch without an id, is INVALID_REQUEST', async () => {
    const invalid = { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
    expect(await initProducerId(c, 3, { producerId: 5, producerEpoch: -1 })).toEqual(invalid);
    expect(await initProducerId(c, 5, { producerId: -1, producerEpoch: 2 })).toEqual(invalid);
  });
});

describe('Produce with a producer id', () => {
  test('a retried batch gets its original offset back and is not appended again', async () => {
    await createTopic(c, 'dup');
    const { producerId } = await initProducerId(c);
    const batch = idemBatch({ producerId, producerEpoch: 0, baseSequence: 0 }, 3);
    const frame = requestFrame(Produce, 7, produceBody('dup', 0, batch, -1), 1001);

    c.sendRaw(frame);
    const first: ProduceResponse = await c.receive(Produce, 7, 1001);
    expect(first.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0, logAppendTimeMs: -1 });
    // Someone else's write in between, then the very same request bytes again.
    expect(await produce(c, 'dup', 0, buildBatch([{ value: 'other' }]))).toMatchObject({ errorCode: 0, baseOffset: 3 });
    c.sendRaw(frame);
    const retry: ProduceResponse = await c.receive(Produce, 7, 1001);
    // Kafka reports the original batch's max timestamp as logAppendTime for a duplicate.
    expect(retry.responses[0].partitionResponses[0]).toEqual({
      index: 0,
      errorCode: 0,
      baseOffset: 0,
      logAppendTimeMs: maxTimestampOf(batch),
      logStartOffset: 0,
      recordErrors: [],
      errorMessage: null,
      currentLeader: { leaderId: -1, leaderEpoch: -1 },
    });

    expect(await logEndOffset(c, 'dup')).toBe(4);
    const stored = await fetchBatches(c, 'dup');
    expect(stored.map((b) => [batchInfo(b).baseOffset, batchInfo(b).producerId, batchInfo(b).baseSequence])).toEqual([
      [0, producerId, 0],
      [3, -1, -1],
    ]);
    expect(readRecords(stored[0]).map((r) => r.value?.toString())).toEqual(['v-0', 'v-1', 'v-2']);

    // The next batch in sequence goes on normally; a retry of it (flexible v9 this time) is a duplicate too.
    const next = idemBatch({ producerId, producerEpoch: 0, baseSequence: 3 }, 2, 'w');
    expect(await produceIdem(c, 'dup', next, 9)).toMatchObject({ errorCode: 0, baseOffset: 4 });
    expect(await produceIdem(c, 'dup', next, 9)).toMatchObject({ errorCode: 0, baseOffset: 4 });
    expect(await logEndOffset(c, 'dup')).toBe(6);
  });

  test('a sequence gap is OUT_OF_ORDER_SEQUENCE_NUMBER and nothing is appended', async () => {
    await createTopic(c, 'gap');
    const { producerId } = await initProducerId(c);
    expect(await produceIdem(c, 'gap', idemBatch({ producerId, producerEpoch: 0, baseSequence: 0 }, 2))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const gap = await produceIdem(c, 'gap', idemBatch({ producerId, producerEpoch: 0, baseSequence: 3 }, 1), 8);
    expect(gap).toEqual(rejected(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER));
    // Overlapping but not the same range as an earlier batch: also out of order.
    expect((await produceIdem(c, 'gap', idemBatch({ producerId, producerEpoch: 0, baseSequence: 1 }, 1))).errorCode).toBe(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    expect(await logEndOffset(c, 'gap')).toBe(2);
    expect(await produceIdem(c, 'gap', idemBatch({ producerId, producerEpoch: 0, baseSequence: 2 }, 1))).toMatchObject({ errorCode: 0, baseOffset: 2 });
  });

  test('an older epoch is INVALID_PRODUCER_EPOCH; a bumped epoch must start at sequence 0', async () => {
    await createTopic(c, 'epochs');
    const { producerId } = await initProducerId(c);
    expect((await produceIdem(c, 'epochs', idemBatch({ producerId, producerEpoch: 0, baseSequence: 0 }, 2))).errorCode).toBe(0);
    // Bump without restarting the sequence: refused.
    expect(await produceIdem(c, 'epochs', idemBatch({ producerId, producerEpoch: 1, baseSequence: 2 }, 1))).toEqual(
      rejected(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER),
    );
    // Bump with sequence 0: accepted.
    expect(await produceIdem(c, 'epochs', idemBatch({ producerId, producerEpoch: 1, baseSequence: 0 }, 1))).toMatchObject({ errorCode: 0, baseOffset: 2 });
    // The old epoch is fenced, even for what would have been the next batch or a retry.
    expect(await produceIdem(c, 'epochs', idemBatch({ producerId, producerEpoch: 0, baseSequence: 2 }, 1))).toEqual(
      rejected(ErrorCode.INVALID_PRODUCER_EPOCH),
    );
    expect((await produceIdem(c, 'epochs', idemBatch({ producerId, producerEpoch: 0, baseSequence: 0 }, 2))).errorCode).toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
    expect(await logEndOffset(c, 'epochs')).toBe(3);
  });

  test('a producer id with a negative sequence is INVALID_RECORD', async () => {
    await createTopic(c, 'noseq');
    const res = await produceIdem(c, 'noseq', idemBatch({ producerId: 12345, producerEpoch: 0, baseSequence: -1 }, 1), 8);
    expect(res).toMatchObject({ errorCode: ErrorCode.INVALID_RECORD, baseOffset: -1 });
    expect(res.errorMessage).toMatch(/Invalid sequence number -1/);
    expect(await logEndOffset(c, 'noseq')).toBe(0);
  });

  test('transactional batches without a TransactionalId fail the whole request (TRANSACTIONAL_ID_AUTHORIZATION_FAILED)', async () => {
    await createTopic(c, 'txn-no-id', 2);
    const { producerId } = await initProducerId(c);
    const body: ProduceRequest = {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: 'txn-no-id',
          partitionData: [
            { index: 0, records: idemBatch({ producerId, producerEpoch: 0, baseSequence: 0 }, 1) },
            { index: 1, records: idemBatch({ producerId, producerEpoch: 0, baseSequence: 0, transactional: true }, 1) },
          ],
        },
      ],
    };
    const res: ProduceResponse = await c.request(Produce, 8, body);
    expect(res.responses[0].partitionResponses.map((p) => [p.index, p.errorCode])).toEqual([
      [0, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
      [1, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED],
    ]);
    expect(await logEndOffset(c, 'txn-no-id', 0)).toBe(0);
    expect(await logEndOffset(c, 'txn-no-id', 1)).toBe(0);
  });

  test('each partition of a request is judged on its own', async () => {
    await createTopic(c, 'multi', 3);
    const { producerId } = await initProducerId(c);
    const b = (partition: number, seq: number) => idemBatch({ producerId, producerEpoch: 0, baseSequence: seq }, 1, `p${partition}`);
    const request = (batches: [number, Buffer][]): ProduceRequest => ({
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: 'multi', partitionData: batches.map(([index, records]) => ({ index, records })) }],
    });
    const first: ProduceResponse = await c.request(Produce, 7, request([[0, b(0, 0)], [1, b(1, 0)]]));
    expect(first.responses[0].partitionResponses.map((p) => [p.index, p.errorCode, p.baseOffset])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ]);
    // Partition 0 retried, 1 moves on, 2 starts with a sequence it never saw (a new producer there).
    const second: ProduceResponse = await c.request(Produce, 7, request([[0, b(0, 0)], [1, b(1, 1)], [2, b(2, 7)]]));
    expect(second.responses[0].partitionResponses.map((p) => [p.index, p.errorCode, p.baseOffset])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [2, 0, 0],
    ]);
    expect([await logEndOffset(c, 'multi', 0), await logEndOffset(c, 'multi', 1), await logEndOffset(c, 'multi', 2)]).toEqual([1, 2, 1]);
  });
});

describe('DescribeProducers', () => {
  test('lists the active producers of each partition', async () => {
    await createTopic(c, 'described', 2);
    const a = (await initProducerId(c)).producerId;
    const b = (await initProducerId(c)).producerId;
    await produceIdem(c, 'described', idemBatch({ producerId: a, producerEpoch: 0, baseSequence: 0 }, 3));
    await produceIdem(c, 'described', idemBatch({ producerId: b, producerEpoch: 2, baseSequence: 10 }, 2));
    await produce(c, 'described', 0, buildBatch([{ value: 'anonymous' }]));
    const res: DescribeProducersResponse = await c.request(DescribeProducers, 0, {
      topics: [
        { name: 'described', partitionIndexes: [0, 1, 2] },
        { name: 'no-such-topic', partitionIndexes: [0] },
      ],
    });
    // lastTimestamp: the max timestamp of the producer's last batch.
    const state = (producerId: number, producerEpoch: number, lastSequence: number, lastTimestamp: number) => ({
      producerId,
      producerEpoch,
      lastSequence,
      lastTimestamp,
      coordinatorEpoch: -1,
      currentTxnStartOffset: -1,
    });
    expect(res).toEqual({
      throttleTimeMs: 0,
      topics: [
        {
          name: 'described',
          partitions: [
            { partitionIndex: 0, errorCode: 0, errorMessage: null, activeProducers: [state(a, 0, 2, 1_700_000_000_002), state(b, 2, 11, 1_700_000_000_001)] },
            { partitionIndex: 1, errorCode: 0, errorMessage: null, activeProducers: [] },
            { partitionIndex: 2, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] },
          ],
        },
        {
          name: 'no-such-topic',
          partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] }],
        },
      ],
    });
  });
});

describe('transactional batches', () => {
  async function producersOf(client: TestClient, topic: string): Promise<DescribeProducersProducerState[]> {
    const res: DescribeProducersResponse = await client.request(DescribeProducers, 0, { topics: [{ name: topic, partitionIndexes: [0] }] });
    expect(res.topics[0].partitions[0].errorCode).toBe(0);
    return res.topics[0].partitions[0].activeProducers;
  }

  test('follow the same sequence rules; the open transaction and its marker show in DescribeProducers', async () => {
    await createTopic(c, 'txn');
    const transactionalId = 'idem-txn-1';
    const init = await initProducerId(c, 4, { transactionalId });
    expect(init.errorCode).toBe(0);
    const { producerId, producerEpoch } = init;
    const txnBatch = (seq: number, count: number) => idemBatch({ producerId, producerEpoch, baseSequence: seq, transactional: true }, count, `t${seq}`);
    const produceTxn = async (batch: Buffer) => {
      const res: ProduceResponse = await c.request(Produce, 8, { ...produceBody('txn', 0, batch, -1), transactionalId });
      return res.responses[0].partitionResponses[0];
    };

    // Not added to the transaction: refused before anything else (Kafka's transaction verification).
    expect(await produceTxn(txnBatch(0, 2))).toMatchObject({ errorCode: ErrorCode.INVALID_TXN_STATE, baseOffset: -1 });
    const added: AddPartitionsToTxnResponse = await c.request(AddPartitionsToTxn, 3, {
      v3AndBelowTransactionalId: transactionalId,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: 'txn', partitions: [0] }],
    });
    expect(added.resultsByTopicV3AndBelow[0].resultsByPartition[0].partitionErrorCode).toBe(0);

    await produce(c, 'txn', 0, buildBatch([{ value: 'before' }]));
    expect(await produceTxn(txnBatch(0, 2))).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(await produceTxn(txnBatch(0, 2))).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(await produceTxn(txnBatch(3, 1))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(await produceTxn(txnBatch(2, 1))).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(await producersOf(c, 'txn')).toEqual([
      { producerId, producerEpoch, lastSequence: 2, lastTimestamp: 1_700_000_000_000, coordinatorEpoch: -1, currentTxnStartOffset: 1 },
    ]);

    const ended: EndTxnResponse = await c.request(EndTxn, 3, { transactionalId, producerId, producerEpoch, committed: true });
    expect(ended.errorCode).toBe(0);
    const [after] = await producersOf(c, 'txn');
    expect(after).toMatchObject({ producerId, lastSequence: 2, currentTxnStartOffset: -1 });
    expect(after.coordinatorEpoch).toBeGreaterThanOrEqual(0);
    expect(await logEndOffset(c, 'txn')).toBe(5); // 1 + 2 + 1 data records and the COMMIT marker
  });
});

describe('after a restart', () => {
  test('duplicates are still recognised, sequences still checked, and producer ids never reused', async () => {
    await createTopic(c, 'restart');
    const { producerId } = await initProducerId(c);
    const idem = (seq: number, count: number, epoch = 0) => idemBatch({ producerId, producerEpoch: epoch, baseSequence: seq }, count, `s${seq}`);
    const sent: Buffer[] = [];
    let offset = 0;
    for (let seq = 0; seq < 12; seq += 2) {
      const batch = idem(seq, 2);
      sent.push(batch);
      expect(await produceIdem(c, 'restart', batch)).toMatchObject({ errorCode: 0, baseOffset: offset });
      offset += 2;
    }
    const before = await fetchBatches(c, 'restart');
    await pool.closeAll();

    await broker.stop();
    broker = await startBroker();
    c = await pool.connect(broker.port);

    // The last five batches are recognised, with their original offsets.
    for (let i = 1; i < 6; i++) {
      expect(await produceIdem(c, 'restart', sent[i])).toMatchObject({ errorCode: 0, baseOffset: i * 2, logStartOffset: 0 });
    }
    // The first fell out of the window of five; Kafka cannot tell it from a step back either.
    expect((await produceIdem(c, 'restart', sent[0])).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect((await produceIdem(c, 'restart', idem(13, 1))).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(await fetchBatches(c, 'restart')).toEqual(before);
    expect(await produceIdem(c, 'restart', idem(12, 1))).toMatchObject({ errorCode: 0, baseOffset: 12 });

    // Epochs survive too: an old epoch stays fenced after a bump and a restart.
    expect(await produceIdem(c, 'restart', idem(0, 1, 1))).toMatchObject({ errorCode: 0, baseOffset: 13 });
    await pool.closeAll();
    await broker.stop();
    broker = await startBroker();
    c = await pool.connect(broker.port);
    expect((await produceIdem(c, 'restart', idem(13, 1, 0))).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await produceIdem(c, 'restart', idem(0, 1, 1))).toMatchObject({ errorCode: 0, baseOffset: 13 });
    expect(await logEndOffset(c, 'restart')).toBe(14);

    const fresh = await initProducerId(c);
    expect(fresh.errorCode).toBe(0);
    expect(fresh.producerId).toBeGreaterThan(producerId);
  });
});
