/**
 * DeleteRecords (v0-2) over real TCP, with Apache Kafka's answers: the new log start offset as
 * lowWatermark, −1 for the high watermark, OFFSET_OUT_OF_RANGE past it or below −1, never
 * backwards, UNKNOWN_TOPIC_OR_PARTITION, POLICY_VIOLATION on a compact-only topic, and
 * NOT_LEADER_OR_FOLLOWER from a node that does not lead the partition. Then what clients see:
 * Fetch below the start is OFFSET_OUT_OF_RANGE, ListOffsets earliest is the start.
 */
import { Broker } from '../../src/broker';
import { startCluster } from '../../src/cluster/startCluster';
import { DeleteRecords, DeleteRecordsResponse } from '../../wire/apis/DeleteRecords';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { connectTo, otherNodes } from '../cluster/helpers';
import { ClientPool, createTopic, fetchBody, listOffset, produce, splitBatches, TestClient } from '../server/client';

let broker: Broker;
const pool = new ClientPool();
let c: TestClient;
let topicCount = 0;

beforeAll(async () => {
  broker = await Broker.start({ port: 0, inMemory: true, logLevel: 'silent', dev: true });
});
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(() => pool.closeAll());
afterAll(() => broker?.stop());

/** A new topic with 10 records in 5 batches of 2 (offsets 0..9) in each partition. */
async function topicWithRecords(partitions = 1, configs: Record<string, string> = {}): Promise<string> {
  const topic = `dr-${++topicCount}`;
  broker.ensureTopic(topic, partitions, configs);
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < 5; i++) {
      // Keyed: compacted topics refuse records without a key.
      const r = await produce(c, topic, p, buildBatch([{ key: `k${i}a`, value: `${i}a` }, { key: `k${i}b`, value: `${i}b` }]));
      expect(r.errorCode).toBe(0);
    }
  }
  return topic;
}

async function deleteRecords(client: TestClient, version: number, topics: { name: string; partitions: { partitionIndex: number; offset: number }[] }[]) {
  const res: DeleteRecordsResponse = await client.request(DeleteRecords, version, { topics, timeoutMs: 5000 });
  expect(res.throttleTimeMs).toBe(0);
  return res.topics;
}

const one = async (version: number, topic: string, offset: number, partitionIndex = 0) =>
  (await deleteRecords(c, version, [{ name: topic, partitions: [{ partitionIndex, offset }] }]))[0].partitions[0];

async function fetchAt(topic: string, fetchOffset: number) {
  const res: FetchResponse = await c.request(Fetch, 12, fetchBody([{ topic, partition: 0, fetchOffset }]));
  return res.responses[0].partitions[0];
}

test.each([0, 1, 2])('v%i moves the log start; reads below it are OFFSET_OUT_OF_RANGE', async (version) => {
  const topic = await topicWithRecords();
  expect(await one(version, topic, 3)).toEqual({ partitionIndex: 0, lowWatermark: 3, errorCode: ErrorCode.NONE });
  expect(await listOffset(c, topic, 0, -2)).toMatchObject({ errorCode: 0, offset: 3 });
  expect(await listOffset(c, topic, 0, -1)).toMatchObject({ errorCode: 0, offset: 10 });
  expect(await fetchAt(topic, 2)).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
  const at3 = await fetchAt(topic, 3);
  expect(at3).toMatchObject({ errorCode: 0, logStartOffset: 3, highWatermark: 10 });
  // The batch holding offset 3 (offsets 2..3) comes whole, as from Kafka; clients skip offset 2.
  expect(splitBatches(at3.records)).toHaveLength(4);
});

test('−1 means the high watermark; the start never moves back; past the high watermark is out of range', async () => {
  const topic = await topicWithRecords();
  expect(await one(2, topic, 6)).toMatchObject({ lowWatermark: 6, errorCode: 0 });
  expect(await one(2, topic, 2)).toMatchObject({ lowWatermark: 6, errorCode: 0 });
  expect(await one(2, topic, 11)).toEqual({ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
  expect(await one(2, topic, -2)).toEqual({ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
  expect(await one(2, topic, -1)).toMatchObject({ lowWatermark: 10, errorCode: 0 });
  expect(await fetchAt(topic, 10)).toMatchObject({ errorCode: 0, logStartOffset: 10, highWatermark: 10 });
  // Offsets go on from the high watermark.
  expect(await produce(c, topic, 0, buildBatch([{ value: 'next' }]))).toMatchObject({ errorCode: 0, baseOffset: 10 });
});

test('several topics and partitions in one request, each answered on its own', async () => {
  const topic = await topicWithRecords(2);
  const topics = await deleteRecords(c, 1, [
    { name: topic, partitions: [{ partitionIndex: 0, offset: 4 }, { partitionIndex: 1, offset: 20 }, { partitionIndex: 2, offset: 1 }] },
    { name: 'no-such-topic', partitions: [{ partitionIndex: 0, offset: 1 }] },
  ]);
  expect(topics).toEqual([
    {
      name: topic,
      partitions: [
        { partitionIndex: 0, lowWatermark: 4, errorCode: 0 },
        { partitionIndex: 1, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE },
        { partitionIndex: 2, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
      ],
    },
    { name: 'no-such-topic', partitions: [{ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
  ]);
  expect(await listOffset(c, topic, 1, -2)).toMatchObject({ offset: 0 });
});

test('a compact-only topic refuses with POLICY_VIOLATION; compact,delete accepts', async () => {
  const compact = await topicWithRecords(1, { 'cleanup.policy': 'compact' });
  expect(await one(2, compact, 3)).toEqual({ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.POLICY_VIOLATION });
  expect(await listOffset(c, compact, 0, -2)).toMatchObject({ offset: 0 });
  const both = await topicWithRecords(1, { 'cleanup.policy': 'compact,delete' });
  expect(await one(2, both, 3)).toMatchObject({ lowWatermark: 3, errorCode: 0 });
});

test('an idempotent producer whose batches are all deleted is forgotten, as after a restart', async () => {
  const topic = `dr-${++topicCount}`;
  broker.ensureTopic(topic, 1);
  const idempotent = (baseSequence: number) => buildBatch([{ value: 'x' }], { producerId: 7, producerEpoch: 0, baseSequence });
  expect(await produce(c, topic, 0, idempotent(0))).toMatchObject({ errorCode: 0, baseOffset: 0 });
  await produce(c, topic, 0, buildBatch([{ value: 'plain' }]));
  // Known producer: a sequence gap is refused.
  expect(await produce(c, topic, 0, idempotent(5))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  expect(await one(2, topic, 1)).toMatchObject({ lowWatermark: 1, errorCode: 0 });
  // Its state went with its last batch: it may start anywhere, as with Kafka after retention.
  expect(await produce(c, topic, 0, idempotent(5))).toMatchObject({ errorCode: 0, baseOffset: 2 });
});

test('in a cluster only the leader deletes; other nodes answer NOT_LEADER_OR_FOLLOWER', async () => {
  const cluster = await startCluster({ brokers: 2 });
  const clusterPool = new ClientPool();
  try {
    const admin = await connectTo(clusterPool, cluster, cluster.nodes[0].nodeId);
    await createTopic(admin, 'led', 1);
    const leader = cluster.leaderOf('led', 0);
    const follower = otherNodes(cluster, leader)[0];
    const onLeader = await connectTo(clusterPool, cluster, leader);
    await produce(onLeader, 'led', 0, buildBatch([{ value: 'a' }, { value: 'b' }]));
    const ask = async (client: TestClient) =>
      (await deleteRecords(client, 2, [{ name: 'led', partitions: [{ partitionIndex: 0, offset: 1 }] }]))[0].partitions[0];
    expect(await ask(await connectTo(clusterPool, cluster, follower))).toEqual({
      partitionIndex: 0,
      lowWatermark: -1,
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
    expect(await ask(onLeader)).toEqual({ partitionIndex: 0, lowWatermark: 1, errorCode: 0 });
  } finally {
    await clusterPool.closeAll();
    await cluster.stop();
  }
});
