/**
 * Idempotent producers with the stock clients: kafkajs 2.2.4 (`idempotent: true`) and librdkafka
 * 2.0.2 (`kcat -X enable.idempotence=true`), everything read back exactly once with kcat; a
 * retried Produce request (the same bytes sent twice on a raw connection) stored once. A raw
 * Fetch checks that the stored batches carry the producer id and consecutive sequences.
 */
import { Admin, Partitioners, Producer } from 'kafkajs';
import { Fetch, FetchResponse } from '../wire/apis/Fetch';
import { InitProducerId, InitProducerIdResponse } from '../wire/apis/InitProducerId';
import { Produce, ProduceResponse } from '../wire/apis/Produce';
import { batchInfo, BatchInfo, buildBatch } from '../wire/records';
import { fetchBody, produceBody, requestFrame, splitBatches, TestClient } from '../test/server/client';
import { Target, byPartition, kafkaClient, kcatConsume, kcatProduce, okv, startTarget, uniqueTopic, waitFor } from './harness';

let target: Target;
let admin: Admin;
let producer: Producer;
const clients: TestClient[] = [];

beforeAll(async () => {
  target = await startTarget();
  const kafka = kafkaClient(target.brokers);
  admin = kafka.admin();
  // kafkajs defaults to unlimited retries when idempotent; a few (it merely warns) make a failure fail fast.
  producer = kafka.producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await producer?.disconnect();
  await admin?.disconnect();
  await target?.dispose();
});

/** A raw protocol connection to the first broker. */
async function rawClient(): Promise<TestClient> {
  const [host, port] = target.brokers[0]!.split(':') as [string, string];
  const c = await TestClient.connect(Number(port), host);
  clients.push(c);
  return c;
}

async function createTopic(topic: string, numPartitions: number): Promise<void> {
  expect(await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true })).toBe(true);
}

/** The header of every batch stored in one partition, through a raw Fetch v11. */
async function storedBatches(topic: string, partition: number): Promise<BatchInfo[]> {
  const c = await rawClient();
  const res: FetchResponse = await c.request(Fetch, 11, fetchBody([{ topic, partition, fetchOffset: 0, partitionMaxBytes: 10 * 1024 * 1024 }]));
  const p = res.responses[0]!.partitions[0]!;
  expect(p.errorCode).toBe(0);
  return splitBatches(p.records).map((b) => batchInfo(b));
}

/** Batches of one idempotent producer, each continuing the sequence of the one before, from 0. */
function expectOneProducerInSequence(batches: BatchInfo[], epoch = 0): void {
  expect(batches.length).toBeGreaterThan(0);
  const producerId = batches[0]!.producerId;
  expect(producerId).toBeGreaterThanOrEqual(0);
  let next = 0;
  for (const b of batches) {
    expect({ producerId: b.producerId, producerEpoch: b.producerEpoch, baseSequence: b.baseSequence, transactional: b.transactional }).toEqual({
      producerId,
      producerEpoch: epoch,
      baseSequence: next,
      transactional: false,
    });
    next += b.lastOffsetDelta + 1;
  }
}

describe('kafkajs idempotent producer', () => {
  it('sends to several partitions; kcat reads everything exactly once, in order', async () => {
    const topic = uniqueTopic('idem-kjs');
    await createTopic(topic, 3);
    const expected = new Map<number, string[]>([[0, []], [1, []], [2, []]]);
    for (let round = 0; round < 4; round++) {
      const messages = Array.from({ length: 9 }, (_, i) => ({ partition: (i + round) % 3, key: `k${i}`, value: `r${round}-m${i}` }));
      for (const m of messages) expected.get(m.partition)!.push(m.value);
      await producer.send({ topic, acks: -1, messages });
    }
    // Concurrent sends from the same producer: kafkajs serialises them per broker.
    await Promise.all([0, 1, 2].map((partition) => producer.send({ topic, acks: -1, messages: [{ partition, value: `c${partition}` }] })));
    for (const partition of [0, 1, 2]) expected.get(partition)!.push(`c${partition}`);

    const got = byPartition(await kcatConsume(target.brokers, topic));
    for (const [partition, values] of expected) {
      expect(okv(got.get(partition) ?? []).map((r) => [r.offset, r.value])).toEqual(values.map((v, i) => [i, v]));
      expectOneProducerInSequence(await storedBatches(topic, partition));
    }
    // One producer id for the whole producer, on every partition.
    const ids = new Set<number>();
    for (const partition of [0, 1, 2]) for (const b of await storedBatches(topic, partition)) ids.add(b.producerId);
    expect(ids.size).toBe(1);
  });
});

describe('a retried Produce request', () => {
  it('the same request bytes sent twice are stored once, and both answers carry the same offset', async () => {
    const topic = uniqueTopic('idem-retry');
    await createTopic(topic, 1);
    const c = await rawClient();
    const init: InitProducerIdResponse = await c.request(InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60000 });
    expect(init).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    const { producerId } = init;

    const batch = (seq: number, values: string[]) =>
      buildBatch(values.map((value) => ({ value })), { producerId, producerEpoch: 0, baseSequence: seq });
    const send = async (frame: Buffer, correlationId: number) => {
      c.sendRaw(frame);
      const res: ProduceResponse = await c.receive(Produce, 7, correlationId);
      return res.responses[0]!.partitionResponses[0]!;
    };
    const first = requestFrame(Produce, 7, produceBody(topic, 0, batch(0, ['a', 'b', 'c']), -1), 11);
    expect(await send(first, 11)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await send(first, 11)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const second = requestFrame(Produce, 7, produceBody(topic, 0, batch(3, ['d']), -1), 12);
    expect(await send(second, 12)).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(await send(first, 11)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await send(second, 12)).toMatchObject({ errorCode: 0, baseOffset: 3 });

    expect((await kcatConsume(target.brokers, topic)).map((r) => [r.offset, r.value])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
    expect((await storedBatches(topic, 0)).map((b) => [b.baseOffset, b.producerId, b.baseSequence])).toEqual([
      [0, producerId, 0],
      [3, producerId, 3],
    ]);
  });
});

describe('kcat with enable.idempotence=true', () => {
  it('produces with a producer id and consecutive sequences; the data reads back exactly', async () => {
    const topic = uniqueTopic('idem-kcat');
    await createTopic(topic, 2);
    const lines = Array.from({ length: 200 }, (_, i) => `key${i % 7}:value-${i}`);
    // Small linger and batch settings so several batches (and requests) carry sequences.
    await kcatProduce(target.brokers, topic, lines, ['-K', ':', '-X', 'enable.idempotence=true', '-X', 'linger.ms=0', '-X', 'batch.num.messages=16']);

    const got = await kcatConsume(target.brokers, topic);
    expect(got).toHaveLength(lines.length);
    const sorted = [...got].sort((a, b) => Number(a.value!.slice(6)) - Number(b.value!.slice(6)));
    expect(sorted.map((r) => `${r.key}:${r.value}`)).toEqual(lines);
    // Per partition in produce order (one key always goes to the same partition).
    for (const records of byPartition(got).values()) {
      const indexes = records.map((r) => Number(r.value!.slice(6)));
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
    }

    const ids = new Set<number>();
    let batchCount = 0;
    for (const partition of [0, 1]) {
      const batches = await storedBatches(topic, partition);
      batchCount += batches.length;
      if (batches.length === 0) continue;
      expectOneProducerInSequence(batches);
      ids.add(batches[0]!.producerId);
    }
    expect(ids.size).toBe(1);
    // batch.num.messages=16: sequences well past the first batch were checked.
    expect(batchCount).toBeGreaterThanOrEqual(lines.length / 16);
  });

  it('a second kcat run gets a new producer id', async () => {
    const topic = uniqueTopic('idem-kcat2');
    await createTopic(topic, 1);
    await kcatProduce(target.brokers, topic, ['one'], ['-X', 'enable.idempotence=true']);
    await kcatProduce(target.brokers, topic, ['two'], ['-X', 'enable.idempotence=true']);
    const batches = await waitFor('two batches', async () => {
      const b = await storedBatches(topic, 0);
      return b.length === 2 ? b : undefined;
    });
    expect(batches.map((b) => b.baseSequence)).toEqual([0, 0]);
    expect(batches[0]!.producerId).toBeGreaterThanOrEqual(0);
    expect(batches[1]!.producerId).not.toBe(batches[0]!.producerId);
    expect((await kcatConsume(target.brokers, topic)).map((r) => r.value)).toEqual(['one', 'two']);
  });
});
