/**
 * The in-memory engine with stock clients: kafkajs produces (uncompressed and gzip, idempotent),
 * consumes and commits as a group, across an embedded broker's restart(); kcat (librdkafka, with
 * CRC checks on) reads the same records back. Local only: it starts its own in-memory broker.
 */
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../src/index';
import { describeIfLocal, kafkaClient, kcatConsume, okv, uniqueTopic } from './harness';

interface Read {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: string;
  timestamp: number;
}

/** Join the group, read `count` records (from its committed offsets, else the beginning), commit them, leave. */
async function readAsGroup(kafka: Kafka, topic: string, groupId: string, count: number): Promise<Read[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const got: Read[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${got.length} of ${count} records`)), 15_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${v?.toString()}`).join(',');
            got.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, timestamp: Number(message.timestamp) });
            if (got.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    const next = new Map<number, number>();
    for (const r of got) next.set(r.partition, Math.max(next.get(r.partition) ?? 0, r.offset + 1));
    await consumer.commitOffsets([...next].map(([partition, offset]) => ({ topic, partition, offset: String(offset) })));
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

describeIfLocal('in-memory broker (kafkajs, kcat)', () => {
  let broker: EmbeddedBroker;
  const producers: Producer[] = [];

  beforeAll(async () => {
    broker = await startBroker({ inMemory: true });
  });

  afterAll(async () => {
    for (const p of producers) await p.disconnect().catch(() => {});
    await broker?.stop();
  });

  async function idempotentProducer(kafka: Kafka): Promise<Producer> {
    const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await p.connect();
    producers.push(p);
    return p;
  }

  it('uncompressed and gzip batches from an idempotent producer read back identically with kafkajs and kcat', async () => {
    const topic = uniqueTopic('mem-codecs');
    const kafka = kafkaClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    await admin.disconnect();

    const t0 = Date.now() - 60_000;
    const message = (i: number) => ({ key: `k${i}`, value: `v${i}`, headers: { n: `${i}` }, timestamp: String(t0 + i) });
    const producer = await idempotentProducer(kafka);
    await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [0, 1, 2, 3].map((i) => ({ ...message(i), partition: 0 })) });
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: [4, 5, 6].map((i) => ({ ...message(i), partition: 0 })) });
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: [7, 8].map((i) => ({ ...message(i), partition: 1 })) });

    const expected = [
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => ({ partition: 0, offset: i, key: `k${i}`, value: `v${i}`, headers: `n=${i}`, timestamp: t0 + i })),
      ...[7, 8].map((i, o) => ({ partition: 1, offset: o, key: `k${i}`, value: `v${i}`, headers: `n=${i}`, timestamp: t0 + i })),
    ];
    expect(await readAsGroup(kafka, topic, uniqueTopic('g'), expected.length)).toEqual(expected);
    const viaKcat = await kcatConsume(broker.brokers, topic, ['-o', 'beginning', '-X', 'check.crcs=true']);
    expect(viaKcat.sort((a, b) => a.partition - b.partition || a.offset - b.offset)).toEqual(expected);
  });

  it('a group resumes after restart() exactly where it committed; the idempotent producer carries on without duplicates', async () => {
    const topic = uniqueTopic('mem-restart');
    const group = uniqueTopic('mem-group');
    const kafka = kafkaClient(broker.brokers);
    const producer = await idempotentProducer(kafka);
    const send = (from: number, to: number, compression: CompressionTypes) =>
      producer.send({ topic, acks: -1, compression, messages: Array.from({ length: to - from }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}`, partition: 0 })) });
    await send(0, 3, CompressionTypes.None);
    await send(3, 6, CompressionTypes.GZIP);
    expect((await readAsGroup(kafka, topic, group, 6)).map((r) => r.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5']);

    const port = broker.port;
    await broker.restart();
    expect(broker.port).toBe(port); // the clients' bootstrap address still holds

    // The same producer (same id, sequences going on) keeps writing after the restart.
    await send(6, 8, CompressionTypes.None);
    await send(8, 10, CompressionTypes.GZIP);
    const resumed = await readAsGroup(kafkaClient(broker.brokers), topic, group, 4);
    expect(resumed.map((r) => [r.offset, r.value])).toEqual([
      [6, 'v6'],
      [7, 'v7'],
      [8, 'v8'],
      [9, 'v9'],
    ]);
    const all = await kcatConsume(broker.brokers, topic, ['-o', 'beginning', '-X', 'check.crcs=true']);
    expect(okv(all)).toEqual(Array.from({ length: 10 }, (_, i) => ({ offset: i, key: `k${i}`, value: `v${i}`, headers: '' })));
  });
});
