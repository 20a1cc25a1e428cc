/**
 * CreatePartitions, DescribeCluster, DescribeLogDirs and OffsetForLeaderEpoch over real TCP, on
 * disk and in memory, and on a three-node cluster for leadership; plus a segment.bytes change
 * reaching the open log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedCluster, startCluster } from '../../src/cluster/startCluster';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { CreatePartitions, CreatePartitionsResponse } from '../../wire/apis/CreatePartitions';
import { DescribeCluster, DescribeClusterResponse } from '../../wire/apis/DescribeCluster';
import { DescribeLogDirs, DescribeLogDirsResponse } from '../../wire/apis/DescribeLogDirs';
import { IncrementalAlterConfigs } from '../../wire/apis/IncrementalAlterConfigs';
import { OffsetForLeaderEpoch, OffsetForLeaderEpochResponse } from '../../wire/apis/OffsetForLeaderEpoch';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { connectTo, metadata, otherNodes } from '../cluster/helpers';
import { ClientPool, createTopic, produce, TestClient } from '../server/client';

const pool = new ClientPool();
afterEach(() => pool.closeAll());

const batch = (...values: string[]) => buildBatch(values.map((value) => ({ value })));

function createPartitions(c: TestClient, topics: { name: string; count: number; assignments?: { brokerIds: number[] }[] | null }[], validateOnly = false, version = 3) {
  return c
    .request<CreatePartitionsResponse>(CreatePartitions, version, {
      topics: topics.map((t) => ({ assignments: null, ...t })),
      timeoutMs: 5000,
      validateOnly,
    })
    .then((r) => r.results);
}

function epochEnd(c: TestClient, topic: string, partition: number, leaderEpoch: number, currentLeaderEpoch = -1, version = 4) {
  return c
    .request<OffsetForLeaderEpochResponse>(OffsetForLeaderEpoch, version, {
      replicaId: -1,
      topics: [{ topic, partitions: [{ partition, currentLeaderEpoch, leaderEpoch }] }],
    })
    .then((r) => r.topics[0].partitions[0]);
}

function logDirs(c: TestClient, version: number, topics: { topic: string; partitions: number[] }[] | null) {
  return c.request<DescribeLogDirsResponse>(DescribeLogDirs, version, { topics });
}

describe.each([
  ['on disk', false],
  ['in memory', true],
])('one broker %s', (_name, inMemory) => {
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    broker = await startBroker({ inMemory });
  });
  afterAll(() => broker.stop());

  test('CreatePartitions grows a topic; new partitions take records and survive a restart', async () => {
    let c = await pool.connect(broker.port);
    await createTopic(c, 'grow', 1);
    expect(await createPartitions(c, [{ name: 'grow', count: 3 }], true)).toEqual([{ name: 'grow', errorCode: ErrorCode.NONE, errorMessage: null }]);
    expect((await metadata(c, 12, ['grow'])).topics[0].partitions).toHaveLength(1); // validateOnly
    expect(await createPartitions(c, [{ name: 'grow', count: 3 }], false, 0)).toEqual([{ name: 'grow', errorCode: ErrorCode.NONE, errorMessage: null }]);
    const partitions = (await metadata(c, 12, ['grow'])).topics[0].partitions;
    expect(partitions.map((p) => [p.partitionIndex, p.leaderId, p.errorCode])).toEqual([
      [0, 1, 0],
      [1, 1, 0],
      [2, 1, 0],
    ]);
    expect(await produce(c, 'grow', 2, batch('a', 'b'))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });

    await pool.closeAll();
    await broker.restart();
    c = await pool.connect(broker.port);
    expect((await metadata(c, 12, ['grow'])).topics[0].partitions).toHaveLength(3);
    expect(await produce(c, 'grow', 2, batch('c'))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 2 });
  });

  test('CreatePartitions refuses to shrink or stay with 37 and Kafka\'s messages; unknown topic 3; assignments must name this node', async () => {
    const c = await pool.connect(broker.port);
    await createTopic(c, 'fixed', 2);
    const results = await createPartitions(c, [
      { name: 'fixed', count: 1 },
      { name: 'missing', count: 2 },
    ]);
    expect(results).toEqual([
      { name: 'fixed', errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'Topic currently has 2 partitions, which is higher than the requested 1.' },
      { name: 'missing', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: "The topic 'missing' does not exist." },
    ]);
    expect(await createPartitions(c, [{ name: 'fixed', count: 2 }])).toEqual([
      { name: 'fixed', errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'Topic already has 2 partitions.' },
    ]);
    expect((await createPartitions(c, [{ name: 'fixed', count: 4, assignments: [{ brokerIds: [1] }] }]))[0]).toEqual({
      name: 'fixed',
      errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      errorMessage: 'Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.',
    });
    expect((await createPartitions(c, [{ name: 'fixed', count: 3, assignments: [{ brokerIds: [7] }] }]))[0].errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect((await createPartitions(c, [{ name: 'fixed', count: 3, assignments: [{ brokerIds: [1] }] }]))[0].errorCode).toBe(ErrorCode.NONE);
    expect((await createPartitions(c, [{ name: 'fixed', count: 4 }, { name: 'fixed', count: 5 }])).map((r) => r.errorCode)).toEqual([
      ErrorCode.INVALID_REQUEST,
      ErrorCode.INVALID_REQUEST,
    ]);
  });

  test('DescribeLogDirs: one directory with each partition\'s size; v4 disk totals', async () => {
    const c = await pool.connect(broker.port);
    await createTopic(c, 'sized', 2);
    const records = batch('x'.repeat(100));
    await produce(c, 'sized', 1, records);
    const all = await logDirs(c, 4, null);
    expect(all.errorCode).toBe(ErrorCode.NONE);
    expect(all.results).toHaveLength(1);
    const dir = all.results[0];
    expect(dir.logDir).toBe(inMemory ? ':memory:' : path.resolve(broker.dataDir));
    expect(dir.topics.find((t) => t.name === 'sized')!.partitions).toEqual([
      { partitionIndex: 0, partitionSize: 0, offsetLag: 0, isFutureKey: false },
      { partitionIndex: 1, partitionSize: records.length, offsetLag: 0, isFutureKey: false },
    ]);
    if (inMemory) {
      expect([dir.totalBytes, dir.usableBytes]).toEqual([-1, -1]);
    } else {
      expect(dir.totalBytes).toBeGreaterThan(0);
      expect(dir.usableBytes).toBeGreaterThan(0);
      expect(dir.usableBytes).toBeLessThanOrEqual(dir.totalBytes);
    }
    const some = await logDirs(c, 0, [{ topic: 'sized', partitions: [1, 9] }, { topic: 'nope', partitions: [0] }]);
    expect(some.results[0].topics).toEqual([{ name: 'sized', partitions: [{ partitionIndex: 1, partitionSize: records.length, offsetLag: 0, isFutureKey: false }] }]);
    expect((await logDirs(c, 2, [])).results[0].topics).toEqual([]);
  });

  test('OffsetForLeaderEpoch on a single node: the current epoch ends at the log end; unknown epochs are -1/-1', async () => {
    const c = await pool.connect(broker.port);
    await createTopic(c, 'epochs', 1);
    await produce(c, 'epochs', 0, batch('a', 'b', 'c'));
    for (const version of [0, 1, 2, 3, 4]) {
      const current = await epochEnd(c, 'epochs', 0, 0, -1, version);
      expect(current).toEqual({ errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: version >= 1 ? 0 : -1, endOffset: 3 });
    }
    expect(await epochEnd(c, 'epochs', 0, 5)).toEqual({ errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: -1, endOffset: -1 });
    expect(await epochEnd(c, 'epochs', 0, -1)).toEqual({ errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: -1, endOffset: -1 });
    expect((await epochEnd(c, 'epochs', 3, 0)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await epochEnd(c, 'nope', 0, 0)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await epochEnd(c, 'epochs', 0, 0, 1)).errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
  });

  test('DescribeCluster names this broker, the controller and the cluster id', async () => {
    const c = await pool.connect(broker.port);
    const v0: DescribeClusterResponse = await c.request(DescribeCluster, 0, { includeClusterAuthorizedOperations: false });
    expect(v0).toMatchObject({
      errorCode: ErrorCode.NONE,
      controllerId: 1,
      brokers: [{ brokerId: 1, host: '127.0.0.1', port: broker.port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    });
    expect(v0.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const v1: DescribeClusterResponse = await c.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: true, endpointType: 1 });
    expect(v1).toMatchObject({ errorCode: ErrorCode.NONE, endpointType: 1, clusterId: v0.clusterId });
    expect(v1.clusterAuthorizedOperations & (1 << 8)).not.toBe(0); // DESCRIBE
    const controllers: DescribeClusterResponse = await c.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 2 });
    expect(controllers).toMatchObject({ errorCode: 114 /* MISMATCHED_ENDPOINT_TYPE */, brokers: [] });
  });
});

test('a lower segment.bytes reaches the open log: the next append rolls a new segment', async () => {
  const broker = await startBroker({ topics: ['rolling'] });
  try {
    const c = await pool.connect(broker.port);
    const dir = path.join(broker.dataDir, 'rolling-0');
    const segments = () => fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length;
    await produce(c, 'rolling', 0, batch('x'.repeat(200)));
    await produce(c, 'rolling', 0, batch('x'.repeat(200)));
    expect(segments()).toBe(1);
    const res = await c.request(IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: 2, resourceName: 'rolling', configs: [{ name: 'segment.bytes', configOperation: 0, value: '300' }] }],
      validateOnly: false,
    });
    expect(res.responses[0].errorCode).toBe(ErrorCode.NONE);
    await produce(c, 'rolling', 0, batch('x'.repeat(200)));
    await produce(c, 'rolling', 0, batch('x'.repeat(200)));
    expect(segments()).toBe(3);
  } finally {
    await broker.stop();
  }
});

describe('on a three-node cluster', () => {
  let cluster: EmbeddedCluster;
  beforeAll(async () => {
    cluster = await startCluster({ brokers: 3 });
  });
  afterAll(() => cluster.stop());

  test('new partitions get leaders round the ring, as the first ones', async () => {
    const c = await connectTo(pool, cluster, 1);
    await createTopic(c, 'spread', 1);
    expect(await createPartitions(c, [{ name: 'spread', count: 3 }])).toEqual([{ name: 'spread', errorCode: ErrorCode.NONE, errorMessage: null }]);
    const partitions = (await metadata(c, 12, ['spread'])).topics[0].partitions;
    const leaders = partitions.map((p) => p.leaderId);
    expect(new Set(leaders)).toEqual(new Set([1, 2, 3]));
    for (const p of partitions) expect(p.replicaNodes).toHaveLength(3);
    expect((await createPartitions(c, [{ name: 'spread', count: 4, assignments: [{ brokerIds: [1] }] }]))[0].errorCode).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    const described: DescribeClusterResponse = await c.request(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(described.brokers.map((b) => b.brokerId)).toEqual([1, 2, 3]);
  });

  test('OffsetForLeaderEpoch after a leader move: the old epoch ends where the new began; followers say 6; stale epochs are fenced', async () => {
    const admin = await connectTo(pool, cluster, 1);
    await createTopic(admin, 'moved', 1);
    const first = cluster.leaderOf('moved', 0);
    const next = otherNodes(cluster, first)[0];
    const leader = await connectTo(pool, cluster, first);
    await produce(leader, 'moved', 0, batch('a', 'b'));
    cluster.moveLeader('moved', 0, next);
    const newLeader = await connectTo(pool, cluster, next);
    await produce(newLeader, 'moved', 0, batch('c', 'd', 'e'));

    expect(await epochEnd(newLeader, 'moved', 0, 0)).toEqual({ errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: 0, endOffset: 2 });
    expect(await epochEnd(newLeader, 'moved', 0, 1, 1)).toEqual({ errorCode: ErrorCode.NONE, partition: 0, leaderEpoch: 1, endOffset: 5 });
    expect((await epochEnd(leader, 'moved', 0, 1)).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect((await epochEnd(newLeader, 'moved', 0, 0, 0)).errorCode).toBe(ErrorCode.FENCED_LEADER_EPOCH);
  });
});
