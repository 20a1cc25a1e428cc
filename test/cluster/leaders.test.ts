/**
 * Partition leadership over real TCP on a three-node cluster: only the leader takes Produce and
 * answers ListOffsets and old Fetches, others say NOT_LEADER_OR_FOLLOWER (naming the leader from
 * Produce v10 / Fetch v16, KIP-951); Fetch v11+ is served by any replica (KIP-392); a leader move
 * fences the old epoch and ends a long poll waiting on the old leader.
 */
import { startCluster, EmbeddedCluster } from '../../src/cluster/startCluster';
import { DescribeProducers, DescribeProducersResponse } from '../../wire/apis/DescribeProducers';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { ProduceResponse, Produce } from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { ClientPool, createTopic, fetchBody, listOffset, produce, produceBody, splitBatches, TestClient } from '../server/client';
import { connectTo, metadata, otherNodes } from './helpers';

let cluster: EmbeddedCluster;
const pool = new ClientPool();
let topicCount = 0;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
});

afterEach(() => pool.closeAll());

afterAll(async () => {
  await cluster?.stop();
});

/** A fresh one-partition topic, its id, its leader and a client on a node that does not lead it. */
async function topicWithLeader(): Promise<{
  topic: string;
  topicId: string;
  leader: number;
  follower: number;
  leaderClient: TestClient;
  followerClient: TestClient;
}> {
  const topic = `leaders-${++topicCount}`;
  const admin = await connectTo(pool, cluster, 1);
  const topicId = await createTopic(admin, topic, 1);
  const leader = cluster.leaderOf(topic, 0);
  const follower = otherNodes(cluster, leader)[0];
  return { topic, topicId, leader, follower, leaderClient: await connectTo(pool, cluster, leader), followerClient: await connectTo(pool, cluster, follower) };
}

const batch = (...values: string[]) => buildBatch(values.map((value) => ({ value })));

test('Produce to a follower is NOT_LEADER_OR_FOLLOWER; from v10 the answer names the leader and its endpoint', async () => {
  const { topic, leader, leaderClient, followerClient } = await topicWithLeader();
  for (const version of [3, 9]) {
    const r = await produce(followerClient, topic, 0, batch('x'), { version });
    expect(r).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, baseOffset: -1 });
  }
  const res: ProduceResponse = await followerClient.request(Produce, 11, produceBody(topic, 0, batch('x'), -1));
  const leaderNode = cluster.nodes.find((n) => n.nodeId === leader)!;
  expect(res.responses[0].partitionResponses[0]).toMatchObject({
    errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    currentLeader: { leaderId: leader, leaderEpoch: 0 },
  });
  expect(res.nodeEndpoints).toEqual([{ nodeId: leader, host: '127.0.0.1', port: leaderNode.port, rack: null }]);

  // Nothing was appended by the refusals; the leader appends.
  expect(await produce(leaderClient, topic, 0, batch('a', 'b'))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
  expect(await listOffset(leaderClient, topic, 0, -1)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 2 });
});

test('ListOffsets and Fetch before v11 need the leader; Fetch v11+ is served by any replica', async () => {
  const { topic, topicId, leaderClient, followerClient } = await topicWithLeader();
  expect((await produce(leaderClient, topic, 0, batch('a', 'b', 'c'))).errorCode).toBe(ErrorCode.NONE);

  expect((await listOffset(followerClient, topic, 0, -1)).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const old: FetchResponse = await followerClient.request(Fetch, 10, fetchBody([{ topic, partition: 0, fetchOffset: 0 }]));
  expect(old.responses[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, highWatermark: -1 });
  expect(splitBatches(old.responses[0].partitions[0].records)).toHaveLength(0);

  for (const version of [11, 12, 16]) {
    const res: FetchResponse = await followerClient.request(Fetch, version, fetchBody([{ topic, topicId, partition: 0, fetchOffset: 0 }]));
    const p = res.responses[0].partitions[0];
    expect(p).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 3, preferredReadReplica: -1 });
    expect(splitBatches(p.records)).toHaveLength(1);
  }
});

test('after a leader move the old epoch is fenced, and Fetch v16 names the new leader', async () => {
  const { topic, topicId, follower, leaderClient } = await topicWithLeader();
  cluster.moveLeader(topic, 0, follower);
  // The old leader now refuses Produce and names the new one.
  const res: ProduceResponse = await leaderClient.request(Produce, 10, produceBody(topic, 0, batch('x'), -1));
  expect(res.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, currentLeader: { leaderId: follower, leaderEpoch: 1 } });
  expect(res.nodeEndpoints.map((e) => e.nodeId)).toEqual([follower]);

  const noEpoch: FetchResponse = await leaderClient.request(Fetch, 16, fetchBody([{ topic, topicId, partition: 0, fetchOffset: 0 }]));
  expect(noEpoch.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE); // served as a follower
  const body = fetchBody([{ topic, topicId, partition: 0, fetchOffset: 0 }]);
  body.topics[0].partitions[0].currentLeaderEpoch = 0;
  const withOldEpoch: FetchResponse = await leaderClient.request(Fetch, 16, body);
  const newLeader = cluster.nodes.find((n) => n.nodeId === follower)!;
  expect(withOldEpoch.responses[0].partitions[0]).toMatchObject({
    errorCode: ErrorCode.FENCED_LEADER_EPOCH,
    currentLeader: { leaderId: follower, leaderEpoch: 1 },
  });
  expect(withOldEpoch.nodeEndpoints).toEqual([{ nodeId: follower, host: '127.0.0.1', port: newLeader.port, rack: null }]);
});

test('a long poll on the leader ends as soon as leadership moves away', async () => {
  const { topic, follower, leaderClient } = await topicWithLeader();
  const started = Date.now();
  const pending = leaderClient.request<FetchResponse>(Fetch, 10, fetchBody([{ topic, partition: 0, fetchOffset: 0 }], { maxWaitMs: 5000, minBytes: 1 }));
  await new Promise((r) => setTimeout(r, 100));
  cluster.moveLeader(topic, 0, follower);
  const res = await pending;
  expect(res.responses[0].partitions[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  expect(Date.now() - started).toBeLessThan(2000);
});

test('Metadata from any node agrees with leaderOf, and DescribeProducers answers on every replica', async () => {
  const { topic, leader, leaderClient, followerClient } = await topicWithLeader();
  for (const c of [leaderClient, followerClient]) {
    const res = await metadata(c, 9, [topic]);
    expect(res.topics[0].partitions[0].leaderId).toBe(leader);
  }
  for (const c of [leaderClient, followerClient]) {
    const res: DescribeProducersResponse = await c.request(DescribeProducers, 0, { topics: [{ name: topic, partitionIndexes: [0] }] });
    expect(res.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
  }
});
