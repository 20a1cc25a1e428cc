/**
 * restart() of an in-memory broker keeps what a disk restart keeps: topics, records with their
 * offsets and timestamps, committed offsets, groups, the cluster id, idempotent producer state,
 * producer ids, and transactions (committed ones, and one left open across the restart).
 */
import { Admin } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../../src/index';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { ClientPool, produce } from '../server/client';
import { consume, disconnectAll, kafka, producer, send, values } from './clients';

let broker: EmbeddedBroker;
const admins: Admin[] = [];
const pool = new ClientPool();

beforeEach(async () => {
  broker = await startBroker({ inMemory: true, topics: [{ name: 'orders', partitions: 2 }, 'out'] });
});

afterEach(async () => {
  await pool.closeAll();
  await disconnectAll();
  for (const a of admins.splice(0)) await a.disconnect();
  await broker.stop();
});

async function admin(): Promise<Admin> {
  const a = kafka(broker.brokers).admin();
  await a.connect();
  admins.push(a);
  return a;
}

test('topics, records, timestamps, committed offsets, groups and the cluster id survive restart()', async () => {
  const before = await admin();
  const { clusterId } = await before.describeCluster();
  expect(await before.createTopics({ topics: [{ topic: 'created', numPartitions: 3 }] })).toBe(true);
  const p = await producer(broker.brokers);
  await send(p, 'orders', 0, ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'], true);
  await send(p, 'orders', 1, ['b0', 'b1', 'b2']);
  await p.send({ topic: 'created', messages: [1000, 3000, 2000].map((t) => ({ value: `at-${t}`, partition: 0, timestamp: String(t) })) });
  expect(values(await consume(broker.brokers, 'orders', 'g1', 9))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'b1', 'b2']);
  await disconnectAll();

  await broker.restart();

  const after = await admin();
  expect((await after.describeCluster()).clusterId).toBe(clusterId);
  const metadata = await after.fetchTopicMetadata({ topics: ['orders', 'created', 'out'] });
  const partitionCounts = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
  expect(partitionCounts).toEqual({ orders: 2, created: 3, out: 1 });
  expect((await after.fetchTopicOffsets('orders')).map((o) => [o.partition, o.low, o.high])).toEqual([
    [0, '0', '6'],
    [1, '0', '3'],
  ]);
  const committed = await after.fetchOffsets({ groupId: 'g1', topics: ['orders'] });
  expect(committed[0].partitions.map((o) => [o.partition, o.offset])).toEqual([
    [0, '6'],
    [1, '3'],
  ]);
  expect((await after.listGroups()).groups).toContainEqual({ groupId: 'g1', protocolType: 'consumer' });
  const byTime = await after.fetchTopicOffsetsByTimestamp('created', 1500);
  expect(byTime.find((o) => o.partition === 0)?.offset).toBe('1');

  // The group resumes where it committed: only what came after.
  const p2 = await producer(broker.brokers);
  await send(p2, 'orders', 0, ['a6', 'a7']);
  const rest = await consume(broker.brokers, 'orders', 'g1', 2);
  expect(rest.map((r) => [r.partition, r.offset, r.key, r.value])).toEqual([
    [0, 6, 'k-a6', 'a6'],
    [0, 7, 'k-a7', 'a7'],
  ]);
});

test('after restart(), an idempotent producer\'s retries are still recognised and producer ids are not reused', async () => {
  let c = await pool.connect(broker.port);
  const init = (): Promise<InitProducerIdResponse> =>
    c.request(InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 });
  const { producerId } = await init();
  const batches = [0, 2, 4].map((seq) => buildBatch([{ value: `s${seq}` }, { value: `s${seq + 1}` }], { producerId, producerEpoch: 0, baseSequence: seq }));
  for (const [i, b] of batches.entries()) {
    expect(await produce(c, 'out', 0, Buffer.from(b), { version: 7, acks: -1 })).toMatchObject({ errorCode: 0, baseOffset: i * 2 });
  }
  await pool.closeAll();

  await broker.restart();
  c = await pool.connect(broker.port);

  // A retry of the last batch gets its original offset; nothing is written twice.
  expect(await produce(c, 'out', 0, Buffer.from(batches[2]), { version: 7, acks: -1 })).toMatchObject({ errorCode: 0, baseOffset: 4 });
  const skipped = buildBatch([{ value: 'gap' }], { producerId, producerEpoch: 0, baseSequence: 9 });
  expect((await produce(c, 'out', 0, skipped, { version: 7, acks: -1 })).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  const next = buildBatch([{ value: 's6' }], { producerId, producerEpoch: 0, baseSequence: 6 });
  expect(await produce(c, 'out', 0, next, { version: 7, acks: -1 })).toMatchObject({ errorCode: 0, baseOffset: 6 });
  const fresh = await init();
  expect(fresh.errorCode).toBe(0);
  expect(fresh.producerId).toBeGreaterThan(producerId);
});

test('transactions: a committed one stays committed; one open across restart() keeps its LSO and offsets and commits', async () => {
  const tp = await producer(broker.brokers, { transactionalId: 'tx-1', idempotent: true, maxInFlightRequests: 1 });
  const first = await tp.transaction();
  await first.send({ topic: 'out', messages: [{ value: 't1-a' }, { value: 't1-b' }] });
  await first.sendOffsets({ consumerGroupId: 'txg', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '3' }] }] });
  await first.commit();
  const open = await tp.transaction();
  await open.send({ topic: 'out', messages: [{ value: 't2-a' }] });
  await open.sendOffsets({ consumerGroupId: 'txg', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '5' }] }] });

  await broker.restart();

  // Still open: read_committed stops before it (t1-a, t1-b, the COMMIT marker), its offset is pending.
  const c = await pool.connect(broker.port);
  const lso: ListOffsetsResponse = await c.request(ListOffsets, 7, {
    replicaId: -1,
    isolationLevel: 1,
    topics: [{ name: 'out', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
    timeoutMs: 5000,
  });
  expect(lso.topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: 3 });
  const a = await admin();
  expect((await a.fetchOffsets({ groupId: 'txg', topics: ['orders'] }))[0].partitions.find((o) => o.partition === 0)?.offset).toBe('3');

  await open.commit();
  expect(values(await consume(broker.brokers, 'out', 'reader', 3))).toEqual(['t1-a', 't1-b', 't2-a']);
  expect((await a.fetchOffsets({ groupId: 'txg', topics: ['orders'] }))[0].partitions.find((o) => o.partition === 0)?.offset).toBe('5');
});
