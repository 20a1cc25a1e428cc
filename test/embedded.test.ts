/** The embedding API (startBroker) and the Jest global hooks, driven with kafkajs. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../src/index';
import { globalSetup, globalTeardown, kafkaBrokers } from '../src/jest';

const started: EmbeddedBroker[] = [];
const dirs: string[] = [];

async function start(...args: Parameters<typeof startBroker>): Promise<EmbeddedBroker> {
  const broker = await startBroker(...args);
  started.push(broker);
  return broker;
}

afterAll(async () => {
  for (const broker of started) await broker.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'embedded-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
}

/** Produce `values` to partition 0 of `topic`. */
async function produce(brokers: string[], topic: string, values: string[], partition = 0): Promise<void> {
  const producer = kafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value, partition })) });
  } finally {
    await producer.disconnect();
  }
}

/** High watermark per partition, and the partition count from metadata. */
async function describe_(brokers: string[], topic: string): Promise<{ partitions: number; high: Record<number, string> }> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const offsets = await admin.fetchTopicOffsets(topic);
    const high: Record<number, string> = {};
    for (const o of offsets) high[o.partition] = o.high;
    return { partitions: metadata.topics[0].partitions.length, high };
  } finally {
    await admin.disconnect();
  }
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

test('two brokers in one process, each with its own topics and data', async () => {
  const [a, b] = await Promise.all([
    start({ topics: ['shared', { name: 'orders', partitions: 3, configs: { 'cleanup.policy': 'delete' } }] }),
    start({ topics: [{ name: 'shared', partitions: 2 }] }),
  ]);
  expect(a.port).toBeGreaterThan(0);
  expect(b.port).toBeGreaterThan(0);
  expect(a.port).not.toBe(b.port);
  expect(a.host).toBe('127.0.0.1');
  expect(a.brokers).toEqual([`127.0.0.1:${a.port}`]);
  expect(b.brokers).toEqual([`127.0.0.1:${b.port}`]);
  expect(a.dataDir).not.toBe(b.dataDir);
  expect(a.dataDir.startsWith(os.tmpdir())).toBe(true);

  await Promise.all([
    produce(a.brokers, 'shared', ['a1', 'a2', 'a3']),
    produce(b.brokers, 'shared', ['b1']),
    produce(a.brokers, 'orders', ['o1', 'o2'], 2),
  ]);

  expect(await describe_(a.brokers, 'shared')).toEqual({ partitions: 1, high: { 0: '3' } });
  expect(await describe_(b.brokers, 'shared')).toEqual({ partitions: 2, high: { 0: '1', 1: '0' } });
  expect(await describe_(a.brokers, 'orders')).toEqual({ partitions: 3, high: { 0: '0', 1: '0', 2: '2' } });

  // b knows nothing of a's topic 'orders'.
  const admin = kafka(b.brokers).admin();
  await admin.connect();
  try {
    expect(await admin.listTopics()).toEqual(['shared']);
  } finally {
    await admin.disconnect();
  }
});

test('restart keeps the data and, when it is free, the port', async () => {
  const broker = await start({ topics: [{ name: 'kept', partitions: 2 }] });
  await produce(broker.brokers, 'kept', ['x', 'y'], 1);
  const { port, dataDir } = broker;

  await broker.restart();

  expect(broker.port).toBe(port);
  expect(broker.brokers).toEqual([`127.0.0.1:${port}`]);
  expect(broker.dataDir).toBe(dataDir);
  expect(await describe_(broker.brokers, 'kept')).toEqual({ partitions: 2, high: { 0: '0', 1: '2' } });
  await produce(broker.brokers, 'kept', ['z'], 1);
  expect(await describe_(broker.brokers, 'kept')).toEqual({ partitions: 2, high: { 0: '0', 1: '3' } });
});

test('stop closes the port and removes the temporary data directory', async () => {
  const broker = await start({ topics: ['t'] });
  expect(fs.existsSync(broker.dataDir)).toBe(true);
  await broker.stop();
  expect(fs.existsSync(broker.dataDir)).toBe(false);
  expect(await portIsClosed(broker.port)).toBe(true);
  await broker.stop(); // a second stop is harmless
  await expect(broker.restart()).rejects.toThrow(/after stop/);
});

test('keepData keeps the temporary directory; a given dataDir is never removed and its topics reused', async () => {
  const kept = await start({ keepData: true, topics: ['t'] });
  dirs.push(kept.dataDir);
  await produce(kept.brokers, 't', ['1']);
  await kept.stop();
  expect(fs.existsSync(kept.dataDir)).toBe(true);

  const again = await start({ dataDir: kept.dataDir, topics: ['t'] });
  expect(await describe_(again.brokers, 't')).toEqual({ partitions: 1, high: { 0: '1' } });
  await again.stop();
  expect(fs.existsSync(kept.dataDir)).toBe(true);
});

test('a topic that cannot be created fails startBroker and leaves nothing behind', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-embedded-test-'));
  dirs.push(tmp);
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp; // os.tmpdir() reads it on each call
  try {
    await expect(startBroker({ topics: ['ok', 'bad name!'] })).rejects.toThrow(/cannot create topic 'bad name!'/);
    await expect(startBroker({ topics: [{ name: 'zero', partitions: 0 }] })).rejects.toThrow(/partitions/);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  expect(fs.readdirSync(tmp)).toEqual([]);
});

test('config passes through; rebalance delay defaults to 0', async () => {
  const broker = await start({ config: { numPartitions: 4, autoCreateTopics: false }, topics: ['four'] });
  expect(await describe_(broker.brokers, 'four')).toEqual({ partitions: 4, high: { 0: '0', 1: '0', 2: '0', 3: '0' } });
  // A lone consumer joins at once: with Kafka's default 3 s initial rebalance delay this would take > 3 s.
  const consumer = kafka(broker.brokers).consumer({ groupId: 'g', sessionTimeout: 6000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: 'four', fromBeginning: true });
    const joined = new Promise<number>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve(Date.now())));
    const t0 = Date.now();
    await consumer.run({ eachMessage: async () => undefined });
    expect((await joined) - t0).toBeLessThan(2500);
  } finally {
    await consumer.disconnect();
  }
});

describe('jest global hooks', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['KAFKA_BROKERS', 'MINIKAFKA_TOPICS', 'MINIKAFKA_PORT']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  test('globalSetup publishes the address and creates MINIKAFKA_TOPICS; globalTeardown stops it', async () => {
    delete process.env.KAFKA_BROKERS;
    process.env.MINIKAFKA_TOPICS = 'jest-a:3, jest-b';
    await globalSetup();
    const brokers = process.env.KAFKA_BROKERS!.split(',');
    expect(brokers).toHaveLength(1);
    expect(brokers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    const file = path.join(os.tmpdir(), `minikafka-jest-${process.pid}.json`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ brokers });
    expect(kafkaBrokers()).toEqual(brokers);
    delete process.env.KAFKA_BROKERS; // as a worker without the variable would: read the file
    expect(kafkaBrokers()).toEqual(brokers);

    expect(await describe_(brokers, 'jest-a')).toEqual({ partitions: 3, high: { 0: '0', 1: '0', 2: '0' } });
    expect((await describe_(brokers, 'jest-b')).partitions).toBe(1);

    await globalTeardown();
    expect(fs.existsSync(file)).toBe(false);
    expect(await portIsClosed(Number(brokers[0].split(':')[1]))).toBe(true);
    expect(() => kafkaBrokers()).toThrow(/globalSetup/);
    await globalTeardown(); // nothing left to stop
  });
});
