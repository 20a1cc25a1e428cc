/**
 * Coordinators on a three-node cluster over real TCP: FindCoordinator names the node that leads
 * the key's partition of the internal topic (abs(Java hashCode) % 50, as Kafka), every group and
 * transaction API sent elsewhere is answered NOT_COORDINATOR in the shape of its version, the
 * list APIs list only what a node coordinates, and a stopped coordinator's groups move on.
 */
import { startCluster, EmbeddedCluster } from '../../src/cluster/startCluster';
import { AddOffsetsToTxn, AddOffsetsToTxnResponse } from '../../wire/apis/AddOffsetsToTxn';
import { AddPartitionsToTxn, AddPartitionsToTxnResponse } from '../../wire/apis/AddPartitionsToTxn';
import { DeleteGroups, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { DescribeTransactions, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { EndTxn, EndTxnResponse } from '../../wire/apis/EndTxn';
import { FindCoordinator, FindCoordinatorResponse } from '../../wire/apis/FindCoordinator';
import { Heartbeat, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { JoinGroup } from '../../wire/apis/JoinGroup';
import { LeaveGroup, LeaveGroupResponse } from '../../wire/apis/LeaveGroup';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { ListTransactions, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { OffsetCommit, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { OffsetDelete, OffsetDeleteResponse } from '../../wire/apis/OffsetDelete';
import { OffsetFetch, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { SyncGroup } from '../../wire/apis/SyncGroup';
import { TxnOffsetCommit, TxnOffsetCommitResponse } from '../../wire/apis/TxnOffsetCommit';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient } from '../server/client';
import { joinBody, JoinGroupResponse, syncBody, SyncGroupResponse } from '../server/groupClient';
import { connectTo, otherNodes } from './helpers';

const TOPIC = 'orders';
let cluster: EmbeddedCluster;
const pool = new ClientPool();

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, topics: [{ name: TOPIC, partitions: 2 }] });
});

afterEach(() => pool.closeAll());

afterAll(async () => {
  await cluster?.stop();
});

async function findCoordinator(c: TestClient, version: number, keyType: number, key: string): Promise<FindCoordinatorResponse> {
  return c.request(FindCoordinator, version, { key, keyType, coordinatorKeys: [key] });
}

/** A client on the key's coordinator, and one on another node. */
async function clientsFor(coordinator: number): Promise<{ on: TestClient; off: TestClient }> {
  return { on: await connectTo(pool, cluster, coordinator), off: await connectTo(pool, cluster, otherNodes(cluster, coordinator)[0]) };
}

test('the coordinator is the leader of partition abs(hashCode) % 50, so groups spread over the nodes', async () => {
  // Java: "a".hashCode() = 97, "b" = 98, "c" = 99 (partitions 47, 48, 49), "d" = 100 (partition 0),
  // and "polygenelubricants".hashCode() = Integer.MIN_VALUE, which Kafka's Utils.abs maps to 0.
  const [a, b, c, d, min] = ['a', 'b', 'c', 'd', 'polygenelubricants'].map((g) => cluster.groupCoordinator(g));
  expect(new Set([a, b, c])).toEqual(new Set([1, 2, 3]));
  const ring = [1, 2, 3];
  expect(b).toBe(ring[(ring.indexOf(a) + 1) % 3]);
  expect(c).toBe(ring[(ring.indexOf(a) + 2) % 3]);
  expect(min).toBe(d);

  const client = await connectTo(pool, cluster, 2);
  for (const [group, expected] of [['a', a], ['b', b], ['c', c]] as const) {
    const node = cluster.nodes.find((n) => n.nodeId === expected)!;
    const v3 = await findCoordinator(client, 3, 0, group);
    expect(v3).toMatchObject({ errorCode: ErrorCode.NONE, nodeId: expected, host: '127.0.0.1', port: node.port });
    const v4 = await findCoordinator(client, 4, 0, group);
    expect(v4.coordinators).toEqual([{ key: group, nodeId: expected, host: '127.0.0.1', port: node.port, errorCode: 0, errorMessage: null }]);
  }
  const txn = cluster.transactionCoordinator('tx-1');
  expect((await findCoordinator(client, 3, 1, 'tx-1')).nodeId).toBe(txn);
});

test('moving the leader of a group\'s __consumer_offsets partition moves its coordinator', async () => {
  // "a".hashCode() = 97: partition 47.
  const before = cluster.groupCoordinator('a');
  const to = otherNodes(cluster, before)[0];
  cluster.moveLeader('__consumer_offsets', 47, to);
  expect(cluster.groupCoordinator('a')).toBe(to);
  const c = await connectTo(pool, cluster, before);
  expect((await findCoordinator(c, 3, 0, 'a')).nodeId).toBe(to);
  const beat: HeartbeatResponse = await c.request(Heartbeat, 3, { groupId: 'a', generationId: 1, memberId: 'm', groupInstanceId: null });
  expect(beat.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  cluster.moveLeader('__consumer_offsets', 47, before);
});

test('group membership APIs on another node are NOT_COORDINATOR; on the coordinator they work', async () => {
  const group = 'membership';
  const { on, off } = await clientsFor(cluster.groupCoordinator(group));
  const refused: JoinGroupResponse = await off.request(JoinGroup, 5, joinBody(group, { memberId: 'm-1' }));
  expect(refused).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, memberId: 'm-1', generationId: -1, members: [] });

  const joined: JoinGroupResponse = await on.request(JoinGroup, 3, joinBody(group));
  expect(joined.errorCode).toBe(ErrorCode.NONE);
  const member = { memberId: joined.memberId, generationId: joined.generationId };
  const syncRefused: SyncGroupResponse = await off.request(SyncGroup, 3, syncBody(group, member));
  expect(syncRefused.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  expect(((await on.request(SyncGroup, 3, syncBody(group, member, { [member.memberId]: Buffer.alloc(0) }))) as SyncGroupResponse).errorCode).toBe(0);

  const beat = (c: TestClient) => c.request<HeartbeatResponse>(Heartbeat, 3, { groupId: group, ...member, groupInstanceId: null });
  expect((await beat(off)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  expect((await beat(on)).errorCode).toBe(ErrorCode.NONE);

  const described: DescribeGroupsResponse = await off.request(DescribeGroups, 5, { groups: [group], includeAuthorizedOperations: false });
  expect(described.groups).toEqual([
    { errorCode: ErrorCode.NOT_COORDINATOR, groupId: group, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: -2147483648 },
  ]);

  const leave = (c: TestClient, version: number) =>
    c.request<LeaveGroupResponse>(LeaveGroup, version, { groupId: group, memberId: member.memberId, members: [{ memberId: member.memberId, groupInstanceId: null, reason: null }] });
  expect(await leave(off, 1)).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR });
  expect(await leave(off, 4)).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, members: [] });
  expect((await leave(on, 4)).errorCode).toBe(ErrorCode.NONE);
});

test('offset APIs on another node are NOT_COORDINATOR in each version\'s shape', async () => {
  const group = 'offsets-group';
  const { on, off } = await clientsFor(cluster.groupCoordinator(group));
  const commitBody = {
    groupId: group,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [
      { name: 'no-such-topic', partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] },
      { name: TOPIC, partitions: [{ partitionIndex: 1, committedOffset: 5, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] },
    ],
  };
  const refused: OffsetCommitResponse = await off.request(OffsetCommit, 8, commitBody);
  expect(refused.topics).toEqual([
    { name: 'no-such-topic', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
    { name: TOPIC, partitions: [{ partitionIndex: 1, errorCode: ErrorCode.NOT_COORDINATOR }] },
  ]);
  const committed: OffsetCommitResponse = await on.request(OffsetCommit, 8, commitBody);
  expect(committed.topics[1].partitions[0].errorCode).toBe(ErrorCode.NONE);

  const wanted = [{ name: TOPIC, partitionIndexes: [1] }];
  const v1: OffsetFetchResponse = await off.request(OffsetFetch, 1, { groupId: group, topics: wanted, requireStable: false });
  expect(v1.topics).toEqual([{ name: TOPIC, partitions: [{ partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.NOT_COORDINATOR }] }]);
  const v5: OffsetFetchResponse = await off.request(OffsetFetch, 5, { groupId: group, topics: wanted, requireStable: false });
  expect(v5).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, topics: [] });
  const v8: OffsetFetchResponse = await off.request(OffsetFetch, 8, {
    groups: [{ groupId: group, memberId: null, memberEpoch: -1, topics: wanted }],
    requireStable: false,
  });
  expect(v8.groups).toEqual([{ groupId: group, topics: [], errorCode: ErrorCode.NOT_COORDINATOR }]);
  const fetched: OffsetFetchResponse = await on.request(OffsetFetch, 5, { groupId: group, topics: wanted, requireStable: false });
  expect(fetched.topics[0].partitions[0]).toMatchObject({ committedOffset: 5, errorCode: ErrorCode.NONE });

  const del = (c: TestClient) =>
    c.request<OffsetDeleteResponse>(OffsetDelete, 0, { groupId: group, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 1 }] }] });
  expect(await del(off)).toEqual({ errorCode: ErrorCode.NOT_COORDINATOR, throttleTimeMs: 0, topics: [] });
  const deleted: DeleteGroupsResponse = await off.request(DeleteGroups, 2, { groupsNames: [group] });
  expect(deleted.results).toEqual([{ groupId: group, errorCode: ErrorCode.NOT_COORDINATOR }]);
  expect(((await on.request(DeleteGroups, 2, { groupsNames: [group] })) as DeleteGroupsResponse).results).toEqual([{ groupId: group, errorCode: 0 }]);
});

test('each node lists only the groups it coordinates', async () => {
  const groups = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e', 'list-f'];
  for (const g of groups) {
    const c = await connectTo(pool, cluster, cluster.groupCoordinator(g));
    const res: OffsetCommitResponse = await c.request(OffsetCommit, 2, {
      groupId: g,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
    });
    expect(res.topics[0].partitions[0].errorCode).toBe(0);
  }
  const seen: string[] = [];
  for (const node of cluster.nodes) {
    const c = await connectTo(pool, cluster, node.nodeId);
    const listed: ListGroupsResponse = await c.request(ListGroups, 4, { statesFilter: [], typesFilter: [] });
    const mine = listed.groups.map((g) => g.groupId).filter((g) => groups.includes(g));
    expect(mine.sort()).toEqual(groups.filter((g) => cluster.groupCoordinator(g) === node.nodeId).sort());
    seen.push(...mine);
  }
  expect(seen.sort()).toEqual(groups);
});

test('transaction APIs on another node are NOT_COORDINATOR; a transaction runs on its coordinator', async () => {
  const transactionalId = 'tx-coordinated';
  const { on, off } = await clientsFor(cluster.transactionCoordinator(transactionalId));
  const init = (c: TestClient) =>
    c.request<InitProducerIdResponse>(InitProducerId, 4, { transactionalId, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 });
  expect(await init(off)).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, producerId: -1, producerEpoch: -1 });
  const producer = await init(on);
  expect(producer.errorCode).toBe(ErrorCode.NONE);
  const ids = { producerId: producer.producerId, producerEpoch: producer.producerEpoch };

  const add = (c: TestClient) =>
    c.request<AddPartitionsToTxnResponse>(AddPartitionsToTxn, 3, {
      transactions: [],
      v3AndBelowTransactionalId: transactionalId,
      v3AndBelowProducerId: ids.producerId,
      v3AndBelowProducerEpoch: ids.producerEpoch,
      v3AndBelowTopics: [{ name: TOPIC, partitions: [0, 1] }],
    });
  expect((await add(off)).resultsByTopicV3AndBelow[0].resultsByPartition.map((p) => p.partitionErrorCode)).toEqual([16, 16]);
  expect((await add(on)).resultsByTopicV3AndBelow[0].resultsByPartition.map((p) => p.partitionErrorCode)).toEqual([0, 0]);

  const group = 'txn-group';
  const addOffsets = (c: TestClient) => c.request<AddOffsetsToTxnResponse>(AddOffsetsToTxn, 3, { transactionalId, ...ids, groupId: group });
  expect((await addOffsets(off)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  expect((await addOffsets(on)).errorCode).toBe(ErrorCode.NONE);

  // TxnOffsetCommit goes to the group's coordinator, not the transaction's.
  const groupNode = cluster.groupCoordinator(group);
  const notGroupNode = await connectTo(pool, cluster, otherNodes(cluster, groupNode)[0]);
  const txnCommit: TxnOffsetCommitResponse = await notGroupNode.request(TxnOffsetCommit, 3, {
    transactionalId,
    groupId: group,
    ...ids,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 3, committedLeaderEpoch: -1, committedMetadata: '' }] }],
  });
  expect(txnCommit.topics[0].partitions[0].errorCode).toBe(ErrorCode.NOT_COORDINATOR);

  const described: DescribeTransactionsResponse = await off.request(DescribeTransactions, 0, { transactionalIds: [transactionalId] });
  expect(described.transactionStates[0]).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, transactionalId, transactionState: '' });
  const listed = async (c: TestClient) =>
    ((await c.request(ListTransactions, 0, { stateFilters: [], producerIdFilters: [], durationFilter: -1 })) as ListTransactionsResponse).transactionStates.map(
      (t) => t.transactionalId,
    );
  expect(await listed(off)).not.toContain(transactionalId);
  expect(await listed(on)).toContain(transactionalId);

  const end = (c: TestClient) => c.request<EndTxnResponse>(EndTxn, 3, { transactionalId, ...ids, committed: false });
  expect((await end(off)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  expect((await end(on)).errorCode).toBe(ErrorCode.NONE);
});

test('when a coordinator stops, another node coordinates its groups, with their state', async () => {
  const group = 'survivor';
  const first = cluster.groupCoordinator(group);
  const c1 = await connectTo(pool, cluster, first);
  const committed: OffsetCommitResponse = await c1.request(OffsetCommit, 2, {
    groupId: group,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
  });
  expect(committed.topics[0].partitions[0].errorCode).toBe(0);

  await cluster.stopBroker(first);
  try {
    const second = cluster.groupCoordinator(group);
    expect(second).not.toBe(first);
    const c = await connectTo(pool, cluster, otherNodes(cluster, first)[0]);
    expect((await findCoordinator(c, 3, 0, group)).nodeId).toBe(second);
    const c2 = await connectTo(pool, cluster, second);
    const fetched: OffsetFetchResponse = await c2.request(OffsetFetch, 5, { groupId: group, topics: [{ name: TOPIC, partitionIndexes: [0] }], requireStable: false });
    expect(fetched).toMatchObject({ errorCode: 0, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 42 }] }] });
  } finally {
    await cluster.startBroker(first);
  }
});
