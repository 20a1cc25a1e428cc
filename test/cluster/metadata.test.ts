/**
 * A three-node cluster in one process, seen through Metadata over real TCP: every node lists the
 * alive brokers, partition leaders spread round-robin with all nodes as replicas, and the leader
 * epochs and ISR follow stopBroker / startBroker / moveLeader / electPreferredLeaders.
 */
import { startCluster, EmbeddedCluster } from '../../src/cluster/startCluster';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { MetadataResponse } from '../../wire/apis/Metadata';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient } from '../server/client';
import { connectTo, metadata } from './helpers';

const TOPIC = 'spread';
let cluster: EmbeddedCluster;
const pool = new ClientPool();

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, topics: [{ name: TOPIC, partitions: 6 }] });
});

afterAll(async () => {
  await pool.closeAll();
  await cluster?.stop();
});

const partitionsOf = (res: MetadataResponse) => res.topics[0].partitions.slice().sort((a, b) => a.partitionIndex - b.partitionIndex);

test('the nodes have their own ids and ports, and every node lists all of them', async () => {
  expect(cluster.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);
  const ports = cluster.nodes.map((n) => n.port);
  expect(new Set(ports).size).toBe(3);
  expect(cluster.brokers).toEqual(ports.map((p) => `127.0.0.1:${p}`));
  for (const node of cluster.nodes) {
    const c = await connectTo(pool, cluster, node.nodeId);
    const res = await metadata(c, 12, [TOPIC]);
    expect(res.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port }))).toEqual(
      cluster.nodes.map((n) => ({ nodeId: n.nodeId, host: '127.0.0.1', port: n.port })),
    );
    expect([1, 2, 3]).toContain(res.controllerId);
  }
});

test('leaders are spread round-robin and every node is a replica, leader first', async () => {
  const c = await connectTo(pool, cluster, 1);
  const partitions = partitionsOf(await metadata(c, 12, [TOPIC]));
  const ring = [1, 2, 3];
  const start = ring.indexOf(partitions[0].leaderId);
  partitions.forEach((p, i) => {
    const leader = ring[(start + i) % 3];
    expect(p.errorCode).toBe(ErrorCode.NONE);
    expect(p.leaderId).toBe(leader);
    expect(p.replicaNodes).toEqual([0, 1, 2].map((k) => ring[(start + i + k) % 3]));
    expect(p.isrNodes).toEqual(p.replicaNodes);
    expect(p.offlineReplicas).toEqual([]);
    expect(p.leaderEpoch).toBe(0);
    expect(cluster.leaderOf(TOPIC, i)).toBe(leader);
  });
  // Two of the six partitions on each node.
  for (const id of ring) expect(partitions.filter((p) => p.leaderId === id)).toHaveLength(2);
});

test('a stopped node leaves Metadata and the ISR; its partitions move on with a new epoch, and stay put when it returns', async () => {
  const c = await connectTo(pool, cluster, 1);
  const before = partitionsOf(await metadata(c, 12, [TOPIC]));
  const ledBy3 = before.filter((p) => p.leaderId === 3).map((p) => p.partitionIndex);

  await cluster.stopBroker(3);
  expect(cluster.brokers).toHaveLength(2);
  const stopped = await metadata(c, 12, [TOPIC]);
  expect(stopped.brokers.map((b) => b.nodeId)).toEqual([1, 2]);
  for (const p of partitionsOf(stopped)) {
    const was = before[p.partitionIndex];
    expect(p.errorCode).toBe(ErrorCode.NONE);
    expect(p.replicaNodes).toEqual(was.replicaNodes);
    expect(p.isrNodes).toEqual(was.replicaNodes.filter((id) => id !== 3));
    expect(p.offlineReplicas).toEqual([3]);
    if (ledBy3.includes(p.partitionIndex)) {
      // Kafka elects the first alive replica in the assignment.
      expect(p.leaderId).toBe(was.replicaNodes.find((id) => id !== 3));
      expect(p.leaderEpoch).toBe(was.leaderEpoch + 1);
    } else {
      expect(p.leaderId).toBe(was.leaderId);
      expect(p.leaderEpoch).toBe(was.leaderEpoch);
    }
  }
  // Metadata v0 has no offline replicas: Kafka leaves the stopped one out and says so.
  for (const p of partitionsOf(await metadata(c, 0, [TOPIC]))) {
    expect(p.errorCode).toBe(9); // REPLICA_NOT_AVAILABLE
    expect(p.replicaNodes).not.toContain(3);
  }

  await cluster.startBroker(3);
  const port3 = cluster.nodes[2].port;
  expect(cluster.nodes[2]).toEqual({ nodeId: 3, host: '127.0.0.1', port: port3, alive: true });
  const c3 = await connectTo(pool, cluster, 3); // same port as before
  const back = partitionsOf(await metadata(c3, 12, [TOPIC]));
  expect(back.map((p) => p.leaderId)).toEqual(partitionsOf(stopped).map((p) => p.leaderId));
  for (const p of back) expect(p.isrNodes.slice().sort()).toEqual([1, 2, 3]);

  // Preferred leader election moves them home, one more epoch (and node 3's coordinator partitions).
  expect(cluster.electPreferredLeaders()).toBeGreaterThan(ledBy3.length);
  const home = partitionsOf(await metadata(c3, 12, [TOPIC]));
  expect(home.map((p) => p.leaderId)).toEqual(before.map((p) => p.leaderId));
  for (const i of ledBy3) expect(home[i].leaderEpoch).toBe(before[i].leaderEpoch + 2);
});

test('moveLeader names the new leader and bumps the epoch; bad targets are refused with a reason', async () => {
  const c = await connectTo(pool, cluster, 2);
  const before = partitionsOf(await metadata(c, 12, [TOPIC]))[0];
  const target = before.replicaNodes[1];
  cluster.moveLeader(TOPIC, 0, target);
  const after = partitionsOf(await metadata(c, 12, [TOPIC]))[0];
  expect(after.leaderId).toBe(target);
  expect(after.leaderEpoch).toBe(before.leaderEpoch + 1);
  cluster.moveLeader(TOPIC, 0, target); // already there: nothing changes
  expect(partitionsOf(await metadata(c, 12, [TOPIC]))[0].leaderEpoch).toBe(after.leaderEpoch);

  expect(() => cluster.moveLeader(TOPIC, 0, 7)).toThrow(/no node 7 .*nodes are 1, 2, 3/);
  expect(() => cluster.moveLeader(TOPIC, 6, 1)).toThrow(/no partition 6 of topic 'spread'/);
  await cluster.stopBroker(1);
  try {
    expect(() => cluster.moveLeader(TOPIC, 0, 1)).toThrow(/node 1: the node is stopped; start it first/);
  } finally {
    await cluster.startBroker(1);
  }
});

test('CreateTopics accepts a replication factor up to the number of nodes', async () => {
  const c: TestClient = await connectTo(pool, cluster, 1);
  const create = (name: string, replicationFactor: number): Promise<CreateTopicsResponse> =>
    c.request(CreateTopics, 7, { topics: [{ name, numPartitions: 2, replicationFactor, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
  const ok = (await create('rf3', 3)).topics[0];
  expect(ok.errorCode).toBe(ErrorCode.NONE);
  expect(ok.replicationFactor).toBe(3);
  const tooMany = (await create('rf4', 4)).topics[0];
  expect(tooMany.errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
  expect(tooMany.errorMessage).toBe(
    'Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.',
  );
  const p = partitionsOf(await metadata(c, 12, ['rf3']));
  expect(p.map((x) => x.replicaNodes.length)).toEqual([3, 3]);
});
