/**
 * Log compaction seen by real clients: kafkajs and kcat write several values per key (and
 * tombstones) with every codec, the cleaner runs, and kcat reading from the beginning sees the
 * latest value per key, offsets increasing with gaps. Keyless records are refused on compacted
 * topics with INVALID_RECORD (87), as Kafka does.
 *
 * kcat (librdkafka 2.0.2) compresses gzip, snappy and lz4 only because Produce v0 is advertised
 * (KAFKA-18659); the batches on disk prove it did.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompressionTypes, KafkaJSProtocolError, Partitioners, Producer } from 'kafkajs';
import { Broker } from '../src/broker';
import type { GroupConfig } from '../src/config';
import { BatchInfo, Compression, batchInfo, batchesIn } from '../wire/records';
import { GROUP_TEST_SETTINGS, describeIfLocal, kafkaClient, kcat, kcatConsume, kcatProduce, uniqueTopic, waitFor } from './harness';

describeIfLocal('log compaction', () => {
  let broker: Broker;
  let dataDir: string;
  let producer: Producer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-compaction-'));
    broker = await Broker.start({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: process.env.MINIKAFKA_LOG ?? 'silent',
      groups: GROUP_TEST_SETTINGS as GroupConfig,
    });
    producer = kafkaClient(broker.brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A compacted topic whose every batch rolls a segment of its own, so all but the last can be cleaned. */
  async function compactedTopic(configs: Record<string, string> = {}): Promise<string> {
    const topic = uniqueTopic('compacted');
    const admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
    try {
      const configEntries = Object.entries({ 'cleanup.policy': 'compact', 'segment.bytes': '14', ...configs }).map(([name, value]) => ({ name, value }));
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    return topic;
  }

  test('after a cleaner pass kcat sees the latest value per key, with offset gaps, for every codec', async () => {
    const topic = await compactedTopic({ 'delete.retention.ms': '0' });
    const send = (compression: CompressionTypes, messages: { key: string; value: string | null }[]) =>
      producer.send({ topic, compression, messages });
    await send(CompressionTypes.None, [{ key: 'a', value: 'a1' }, { key: 'b', value: 'b1' }, { key: 'gone', value: 'g1' }]); // 0-2
    await send(CompressionTypes.GZIP, [{ key: 'a', value: 'a2' }, { key: 'c', value: 'c1' }, { key: 'f', value: 'f1' }]); // 3-5
    await send(CompressionTypes.None, [{ key: 'gone', value: null }]); // 6: tombstone
    // librdkafka sends a batch uncompressed when compressing does not make it smaller: long values.
    const long = (v: string) => v + '.'.repeat(200);
    await kcatProduce(broker.brokers, topic, [`b:${long('b2')}`, `d:${long('d1')}`], ['-K', ':', '-z', 'snappy']); // 7-8
    await kcatProduce(broker.brokers, topic, [`c:${long('c2')}`, `a:${long('a3')}`], ['-K', ':', '-z', 'lz4']); // 9-10
    await kcatProduce(broker.brokers, topic, [`d:${long('d2')}`, `e:${long('e1')}`, `e:${long('e2')}`], ['-K', ':', '-z', 'zstd']); // 11-13
    await send(CompressionTypes.None, [{ key: 'last', value: 'active segment' }]); // 14

    const cleaned = await broker.runCleaner();
    expect(cleaned).toEqual([expect.objectContaining({ topic, partition: 0, recordsRemoved: 8 })]);

    const records = await kcatConsume(broker.brokers, topic);
    expect(records.map((r) => `${r.offset} ${r.key}=${r.value}`)).toEqual([
      '5 f=f1',
      `7 b=${long('b2')}`,
      `9 c=${long('c2')}`,
      `10 a=${long('a3')}`,
      `11 d=${long('d2')}`,
      `13 e=${long('e2')}`,
      '14 last=active segment',
    ]);
    // Every batch kept its codec, rewritten or not (and kcat read them above).
    const stored = storedBatches(path.join(dataDir, `${topic}-0`));
    expect(stored.filter((b) => [3, 7, 9, 11].includes(b.baseOffset)).map((b) => [b.baseOffset, b.recordCount, b.compression])).toEqual([
      [3, 1, Compression.Gzip],
      [7, 1, Compression.Snappy],
      [9, 2, Compression.Lz4],
      [11, 2, Compression.Zstd],
    ]);
    // The log end does not move: the next record gets the next offset.
    await send(CompressionTypes.None, [{ key: 'a', value: 'a4' }]);
    const tail = await kcatConsume(broker.brokers, topic, ['-o', '-1']);
    expect(tail.map((r) => `${r.offset} ${r.key}=${r.value}`)).toEqual(['15 a=a4']);
  });

  test('kafkajs consumes cleaned batches, whose record counts are below their offset ranges', async () => {
    const topic = await compactedTopic();
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ key: 'a', value: 'a1' }, { key: 'b', value: 'b1' }, { key: 'c', value: 'c1' }] });
    await producer.send({ topic, messages: [{ key: 'a', value: 'a2' }] });
    await producer.send({ topic, messages: [{ key: 'z', value: 'active' }] });
    expect(await broker.runCleaner()).toEqual([expect.objectContaining({ topic, recordsRemoved: 1 })]);

    const consumer = kafkaClient(broker.brokers).consumer({ groupId: uniqueTopic('group'), maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.offset} ${message.key}=${message.value}`) });
      await waitFor('kafkajs to read the cleaned topic', async () => (seen.length >= 4 ? true : undefined));
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual(['1 b=b1', '2 c=c1', '3 a=a2', '4 z=active']);
  });

  test('a tombstone is kept until delete.retention.ms has passed', async () => {
    const topic = await compactedTopic(); // delete.retention.ms: Kafka's default, a day
    await producer.send({ topic, messages: [{ key: 'k', value: 'v1' }] });
    await producer.send({ topic, messages: [{ key: 'k', value: null }] });
    await producer.send({ topic, messages: [{ key: 'other', value: 'x' }] });
    await broker.runCleaner();
    const records = await kcatConsume(broker.brokers, topic);
    expect(records.map((r) => `${r.offset} ${r.key}=${r.value}`)).toEqual(['1 k=null', '2 other=x']);
  });

  test('keyless records are refused with INVALID_RECORD (87), by kafkajs and by kcat', async () => {
    const topic = await compactedTopic();
    const refused = await producer.send({ topic, messages: [{ key: 'k', value: 'ok' }, { value: 'no key' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KafkaJSProtocolError);
    expect(refused).toMatchObject({ type: 'INVALID_RECORD', code: 87 });

    const r = await kcat(broker.brokers, ['-P', '-t', topic, '-X', 'message.timeout.ms=5000'], { input: 'no key\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Broker: Broker failed to validate record/);

    // Nothing of either batch was written; keyed records still go in.
    await producer.send({ topic, messages: [{ key: 'k', value: 'fine' }] });
    const records = await kcatConsume(broker.brokers, topic);
    expect(records.map((r) => `${r.offset} ${r.key}=${r.value}`)).toEqual(['0 k=fine']);
  });
});

/** The header of every batch in a partition directory's segment files, in offset order. */
function storedBatches(dir: string): BatchInfo[] {
  const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return logs.flatMap((f) => {
    const bytes = fs.readFileSync(path.join(dir, f));
    return [...batchesIn(bytes)].map(({ pos }) => batchInfo(bytes, pos));
  });
}
