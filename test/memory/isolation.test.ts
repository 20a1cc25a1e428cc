/** In-memory brokers in one process never share anything, and each restart() finds only its own data. */
import { Broker } from '../../src/broker';
import { EmbeddedBroker, MemoryVolume, startBroker } from '../../src/index';
import { consume, disconnectAll, kafka, producer, send, values } from './clients';

const started: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await disconnectAll();
  for (const b of started.splice(0)) await b.stop();
});

async function start(): Promise<EmbeddedBroker> {
  const broker = await startBroker({ inMemory: true, topics: ['shared'] });
  started.push(broker);
  return broker;
}

async function clusterId(brokers: string[]): Promise<string> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

test('two in-memory brokers at once: same topic name, separate records, offsets and cluster ids', async () => {
  const [a, b] = await Promise.all([start(), start()]);
  expect(a.dataDir).toBe(':memory:');
  expect(b.dataDir).toBe(':memory:');
  await send(await producer(a.brokers), 'shared', 0, ['a1', 'a2']);
  await send(await producer(b.brokers), 'shared', 0, ['b1']);
  expect(values(await consume(a.brokers, 'shared', 'g', 2))).toEqual(['a1', 'a2']);
  expect(values(await consume(b.brokers, 'shared', 'g', 1))).toEqual(['b1']);
  expect(await clusterId(a.brokers)).not.toBe(await clusterId(b.brokers));

  // Stopping one leaves the other as it was, and a restart brings back only its own data.
  await a.stop();
  await b.restart();
  await send(await producer(b.brokers), 'shared', 0, ['b2']);
  const after = await consume(b.brokers, 'shared', 'g', 1);
  expect(after.map((r) => [r.offset, r.value])).toEqual([[1, 'b2']]);
});

test('a MemoryVolume serves one running broker; after stop() the next one finds the data', async () => {
  const memory = new MemoryVolume();
  const first = await Broker.start({ inMemory: true, port: 0, logLevel: 'silent', memory });
  started.push(first);
  first.ensureTopic('kept', 2);
  await expect(Broker.start({ inMemory: true, port: 0, logLevel: 'silent', memory })).rejects.toThrow(/in use by a running broker/);
  await first.stop();

  const second = await Broker.start({ inMemory: true, port: 0, logLevel: 'silent', memory });
  started.push(second);
  const admin = kafka(second.brokers).admin();
  await admin.connect();
  try {
    expect(await admin.listTopics()).toEqual(['kept']);
  } finally {
    await admin.disconnect();
  }
  // Without a volume of its own, every broker starts empty.
  const other = await Broker.start({ inMemory: true, port: 0, logLevel: 'silent' });
  started.push(other);
  const otherAdmin = kafka(other.brokers).admin();
  await otherAdmin.connect();
  try {
    expect(await otherAdmin.listTopics()).toEqual([]);
  } finally {
    await otherAdmin.disconnect();
  }
});
