/**
 * Fault rules with an error code, over real TCP: each API answers in its proper response shape
 * (as Kafka's getErrorResponse does) without running the request, a rule scoped to a topic,
 * partition, group or transactional id fails only those entries while the rest is served, and
 * counts run down.
 */
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { FindCoordinator, FindCoordinatorResponse } from '../../wire/apis/FindCoordinator';
import { Heartbeat, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { JoinGroup, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { OffsetCommit, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { OffsetFetch, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { Produce, ProduceRequest, ProduceResponse } from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { ClientPool, fetchBody, logEndOffset, TestClient } from '../server/client';

let broker: EmbeddedBroker;
const pool = new ClientPool();
let c: TestClient;

beforeAll(async () => {
  broker = await startBroker({ inMemory: true, topics: [{ name: 'two', partitions: 2 }, 'one', 'other'] });
});
afterAll(() => broker.stop());
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(async () => {
  broker.faults.clear();
  await pool.closeAll();
});

const batch = (value: string) => buildBatch([{ value }]);

function produceTo(targets: [string, number][], acks = 1): ProduceRequest {
  const topics = [...new Set(targets.map(([t]) => t))];
  return {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: topics.map((name) => ({
      name,
      partitionData: targets.filter(([t]) => t === name).map(([, index]) => ({ index, records: batch(`${name}-${index}`) })),
    })),
  };
}

function partitionsOf(res: ProduceResponse): Record<string, { errorCode: number; baseOffset: number }> {
  const out: Record<string, { errorCode: number; baseOffset: number }> = {};
  for (const t of res.responses) for (const p of t.partitionResponses) out[`${t.name}-${p.index}`] = { errorCode: p.errorCode, baseOffset: p.baseOffset };
  return out;
}

describe('Produce', () => {
  test.each([3, 9, 11])('an unscoped error answers every partition (v%i) and appends nothing; count runs down', async (version) => {
    const before = { two0: await logEndOffset(c, 'two', 0), two1: await logEndOffset(c, 'two', 1), one: await logEndOffset(c, 'one') };
    const id = broker.faults.add({ api: 'Produce', errorCode: 'NOT_LEADER_OR_FOLLOWER', count: 2 });
    expect(broker.faults.list()).toEqual([expect.objectContaining({ id, api: 'Produce', count: 2, remaining: 2, fired: 0, errorCode: 6, error: 'NOT_LEADER_OR_FOLLOWER' })]);

    for (let i = 0; i < 2; i++) {
      const res: ProduceResponse = await c.request(Produce, version, produceTo([['two', 0], ['two', 1], ['one', 0]]));
      expect(partitionsOf(res)).toEqual({
        'two-0': { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, baseOffset: -1 },
        'two-1': { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, baseOffset: -1 },
        'one-0': { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, baseOffset: -1 },
      });
      if (version >= 8) expect(res.responses[0].partitionResponses[0].errorMessage).toBe(`Injected by minikafka fault rule ${id}`);
    }
    expect(broker.faults.list()).toEqual([]); // used up
    expect(await logEndOffset(c, 'two', 0)).toBe(before.two0);
    expect(await logEndOffset(c, 'two', 1)).toBe(before.two1);
    expect(await logEndOffset(c, 'one')).toBe(before.one);

    const ok: ProduceResponse = await c.request(Produce, version, produceTo([['one', 0]]));
    expect(partitionsOf(ok)['one-0']).toEqual({ errorCode: 0, baseOffset: before.one });
  });

  test('a partition-scoped error appends the other partitions only', async () => {
    const before0 = await logEndOffset(c, 'two', 0);
    const before1 = await logEndOffset(c, 'two', 1);
    const beforeOne = await logEndOffset(c, 'one');
    broker.faults.add({ api: 'Produce', topic: 'two', partition: 1, errorCode: ErrorCode.REQUEST_TIMED_OUT });
    const res: ProduceResponse = await c.request(Produce, 9, produceTo([['two', 0], ['two', 1], ['one', 0]]));
    expect(partitionsOf(res)).toEqual({
      'two-0': { errorCode: 0, baseOffset: before0 },
      'two-1': { errorCode: ErrorCode.REQUEST_TIMED_OUT, baseOffset: -1 },
      'one-0': { errorCode: 0, baseOffset: beforeOne },
    });
    expect(await logEndOffset(c, 'two', 0)).toBe(before0 + 1);
    expect(await logEndOffset(c, 'two', 1)).toBe(before1);
    expect(await logEndOffset(c, 'one')).toBe(beforeOne + 1);
  });

  test('a topic-scoped rule does not match requests for other topics', async () => {
    broker.faults.add({ api: 'Produce', topic: 'other', errorCode: 'LEADER_NOT_AVAILABLE' });
    const res: ProduceResponse = await c.request(Produce, 9, produceTo([['one', 0]]));
    expect(partitionsOf(res)['one-0'].errorCode).toBe(0);
    expect(broker.faults.list()).toEqual([expect.objectContaining({ remaining: 1, fired: 0 })]);
    const hit: ProduceResponse = await c.request(Produce, 9, produceTo([['one', 0], ['other', 0]]));
    expect(partitionsOf(hit)['one-0'].errorCode).toBe(0);
    expect(partitionsOf(hit)['other-0']).toEqual({ errorCode: ErrorCode.LEADER_NOT_AVAILABLE, baseOffset: -1 });
  });

  test('acks=0: no response and nothing appended; the next request is answered', async () => {
    const before = await logEndOffset(c, 'one');
    broker.faults.add({ api: 'Produce', errorCode: 'NOT_LEADER_OR_FOLLOWER' });
    c.send(Produce, 9, produceTo([['one', 0]], 0));
    const res: ApiVersionsResponse = await c.request(ApiVersions, 0, {});
    expect(res.errorCode).toBe(0);
    expect(await logEndOffset(c, 'one')).toBe(before);
  });
});

describe('Fetch', () => {
  const wants = [
    { topic: 'two', partition: 0, fetchOffset: 0 },
    { topic: 'two', partition: 1, fetchOffset: 0 },
  ];

  test('v11: the error at the top and in every partition, as Kafka answers versions before 13', async () => {
    broker.faults.add({ api: 'Fetch', errorCode: 'NOT_LEADER_OR_FOLLOWER' });
    const res: FetchResponse = await c.request(Fetch, 11, fetchBody(wants));
    expect(res.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(res.responses.map((t) => t.partitions.map((p) => [t.topic, p.partitionIndex, p.errorCode, p.highWatermark, p.records?.length]))).toEqual([
      [['two', 0, 6, -1, 0]],
      [['two', 1, 6, -1, 0]],
    ]);
  });

  test('v13+: only the top-level error', async () => {
    const topicId = (await c.request<MetadataResponse>(Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'two' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false })).topics[0].topicId;
    broker.faults.add({ api: 'Fetch', errorCode: 'UNKNOWN_SERVER_ERROR' });
    const res: FetchResponse = await c.request(Fetch, 13, fetchBody(wants.map((w) => ({ ...w, topicId }))));
    expect(res.errorCode).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(res.responses).toEqual([]);
  });

  test('a partition-scoped error (by topic id, v13) leaves the other partition served, and ends the long poll at once', async () => {
    const topicId = (await c.request<MetadataResponse>(Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'two' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false })).topics[0].topicId;
    broker.faults.add({ api: 'Fetch', topic: 'two', partition: 1, errorCode: 'FENCED_LEADER_EPOCH' });
    const started = Date.now();
    const res: FetchResponse = await c.request(Fetch, 13, fetchBody(wants.map((w) => ({ ...w, topicId })), { maxWaitMs: 3000, minBytes: 1_000_000 }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.errorCode).toBe(0);
    const parts = res.responses.flatMap((t) => t.partitions.map((p) => ({ topicId: t.topicId, partition: p.partitionIndex, errorCode: p.errorCode })));
    expect(parts).toEqual(
      expect.arrayContaining([
        { topicId, partition: 0, errorCode: 0 },
        { topicId, partition: 1, errorCode: ErrorCode.FENCED_LEADER_EPOCH },
      ]),
    );
    expect(parts).toHaveLength(2);
  });
});

describe('Metadata', () => {
  const request = (topics: string[] | null) => ({
    topics: topics && topics.map((name) => ({ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name })),
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });

  test('a topic-scoped error keeps the brokers and other topics, and does not auto-create the topic', async () => {
    broker.faults.add({ api: 'Metadata', topic: 'not-yet', errorCode: 'LEADER_NOT_AVAILABLE' });
    const res: MetadataResponse = await c.request(Metadata, 9, request(['one', 'not-yet']));
    expect(res.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port, rack: null }]);
    expect(res.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      ['one', 0, 1],
      ['not-yet', ErrorCode.LEADER_NOT_AVAILABLE, 0],
    ]);
    const after: MetadataResponse = await c.request(Metadata, 9, { ...request(['not-yet']), allowAutoTopicCreation: false });
    expect(after.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  test('all-topics requests and partition-scoped rules: the matching entries get the error', async () => {
    broker.faults.add({ api: 'Metadata', topic: 'one', errorCode: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const all: MetadataResponse = await c.request(Metadata, 9, request(null));
    const one = all.topics.find((t) => t.name === 'one')!;
    expect([one.errorCode, one.partitions]).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, []]);
    expect(all.topics.find((t) => t.name === 'two')!.errorCode).toBe(0);

    broker.faults.add({ api: 'Metadata', topic: 'two', partition: 1, errorCode: 'LEADER_NOT_AVAILABLE' });
    const res: MetadataResponse = await c.request(Metadata, 9, request(['two']));
    expect(res.topics[0].errorCode).toBe(0);
    expect(res.topics[0].partitions.map((p) => [p.partitionIndex, p.errorCode])).toEqual([
      [0, 0],
      [1, ErrorCode.LEADER_NOT_AVAILABLE],
    ]);
  });
});

describe('groups', () => {
  test('Heartbeat for one group only; other groups are untouched', async () => {
    broker.faults.add({ api: 'Heartbeat', group: 'g1', errorCode: 'REBALANCE_IN_PROGRESS', count: Infinity });
    const beat = (groupId: string) => c.request<HeartbeatResponse>(Heartbeat, 4, { groupId, generationId: 1, memberId: 'm', groupInstanceId: null });
    expect((await beat('g1')).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await beat('g1')).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await beat('g2')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // the real answer: no such member
    expect(broker.faults.list()).toEqual([expect.objectContaining({ count: Infinity, remaining: Infinity, fired: 2 })]);
  });

  test('JoinGroup: generation -1 and no members, without joining', async () => {
    broker.faults.add({ api: 'JoinGroup', errorCode: 'COORDINATOR_LOAD_IN_PROGRESS' });
    const res: JoinGroupResponse = await c.request(JoinGroup, 9, {
      groupId: 'join-g',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 10000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
      reason: null,
    });
    expect(res).toMatchObject({ errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, generationId: -1, protocolName: null, leader: '', memberId: '', members: [] });
    const described: DescribeGroupsResponse = await c.request(DescribeGroups, 5, { groups: ['join-g'], includeAuthorizedOperations: false });
    expect(described.groups[0].groupState).toBe('Dead');
  });

  test('OffsetCommit for one partition: the others are committed', async () => {
    broker.faults.add({ api: 'OffsetCommit', group: 'commit-g', partition: 1, errorCode: 'NOT_COORDINATOR' });
    const res: OffsetCommitResponse = await c.request(OffsetCommit, 8, {
      groupId: 'commit-g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: 'two', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, committedOffset: 5, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' })) }],
    });
    expect(res.topics[0].partitions).toEqual([
      { partitionIndex: 0, errorCode: 0 },
      { partitionIndex: 1, errorCode: ErrorCode.NOT_COORDINATOR },
    ]);
    const fetched: OffsetFetchResponse = await c.request(OffsetFetch, 7, { groupId: 'commit-g', topics: [{ name: 'two', partitionIndexes: [0, 1] }], groups: [], requireStable: false });
    expect(fetched.topics[0].partitions.map((p) => [p.partitionIndex, p.committedOffset])).toEqual([
      [0, 5],
      [1, -1],
    ]);
  });

  test('OffsetFetch v8: the error on the group entry; v1: on every partition', async () => {
    broker.faults.add({ api: 'OffsetFetch', group: 'of-g', errorCode: 'COORDINATOR_NOT_AVAILABLE', count: 2 });
    const v8: OffsetFetchResponse = await c.request(OffsetFetch, 8, {
      groupId: '',
      topics: null,
      groups: [
        { groupId: 'of-g', memberId: null, memberEpoch: -1, topics: null },
        { groupId: 'other-g', memberId: null, memberEpoch: -1, topics: null },
      ],
      requireStable: false,
    });
    expect(v8.groups.map((g) => [g.groupId, g.errorCode, g.topics])).toEqual([
      ['other-g', 0, []],
      ['of-g', ErrorCode.COORDINATOR_NOT_AVAILABLE, []],
    ]);
    const v1: OffsetFetchResponse = await c.request(OffsetFetch, 1, { groupId: 'of-g', topics: [{ name: 'one', partitionIndexes: [0] }], groups: [], requireStable: false });
    expect(v1.topics).toEqual([{ name: 'one', partitions: [{ partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE }] }]);
  });

  test('FindCoordinator: v3 with no node; v4 only for the group key asked about', async () => {
    broker.faults.add({ api: 'FindCoordinator', group: 'fc-g', errorCode: 'COORDINATOR_NOT_AVAILABLE', count: 2 });
    const v3: FindCoordinatorResponse = await c.request(FindCoordinator, 3, { key: 'fc-g', keyType: 0, coordinatorKeys: [] });
    expect(v3).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, nodeId: -1, host: '', port: -1, errorMessage: expect.stringContaining('fault rule') });
    const v4: FindCoordinatorResponse = await c.request(FindCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: ['other-g', 'fc-g'] });
    expect(v4.coordinators.map((k) => [k.key, k.errorCode, k.nodeId])).toEqual([
      ['other-g', 0, 1],
      ['fc-g', ErrorCode.COORDINATOR_NOT_AVAILABLE, -1],
    ]);
    // A transactional key of the same name is another thing.
    const txn: FindCoordinatorResponse = await c.request(FindCoordinator, 4, { key: '', keyType: 1, coordinatorKeys: ['fc-g'] });
    expect(txn.coordinators[0].errorCode).toBe(0);
  });
});

describe('other APIs', () => {
  test('InitProducerId for one transactional id: producer id and epoch -1', async () => {
    broker.faults.add({ api: 'InitProducerId', transactionalId: 'tx-1', errorCode: 'CONCURRENT_TRANSACTIONS' });
    const init = (transactionalId: string | null) =>
      c.request<InitProducerIdResponse>(InitProducerId, 4, { transactionalId, transactionTimeoutMs: 10000, producerId: -1, producerEpoch: -1 });
    expect(await init(null)).toMatchObject({ errorCode: 0 });
    expect(await init('tx-1')).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.CONCURRENT_TRANSACTIONS, producerId: -1, producerEpoch: -1 });
  });

  test('ApiVersions: UNSUPPORTED_VERSION lists ApiVersions itself (KIP-511); other errors list nothing', async () => {
    broker.faults.add({ api: 'ApiVersions', errorCode: 'UNSUPPORTED_VERSION' });
    broker.faults.add({ api: 18, errorCode: -1 });
    const v3: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(v3).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }] });
    const v0: ApiVersionsResponse = await c.request(ApiVersions, 0, {});
    expect(v0).toMatchObject({ errorCode: -1, apiKeys: [] });
    const ok: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(ok.errorCode).toBe(0);
    expect(ok.apiKeys.length).toBeGreaterThan(10);
  });

  test('ListOffsets for one partition', async () => {
    broker.faults.add({ api: 'ListOffsets', topic: 'two', partition: 0, errorCode: 'OFFSET_NOT_AVAILABLE' });
    const res: ListOffsetsResponse = await c.request(ListOffsets, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: 'two', partitions: [0, 1].map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp: -2, maxNumOffsets: 1 })) }],
      timeoutMs: 5000,
    });
    expect(res.topics[0].partitions).toEqual([
      { partitionIndex: 1, errorCode: 0, oldStyleOffsets: [], timestamp: -1, offset: 0, leaderEpoch: 0 },
      { partitionIndex: 0, errorCode: ErrorCode.OFFSET_NOT_AVAILABLE, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 },
    ]);
  });

  test('CreateTopics for one topic: the other is created, that one is not', async () => {
    broker.faults.add({ api: 'CreateTopics', topic: 'made-no', errorCode: 'POLICY_VIOLATION' });
    const topic = (name: string) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] });
    const res: CreateTopicsResponse = await c.request(CreateTopics, 7, { topics: [topic('made-yes'), topic('made-no')], timeoutMs: 5000, validateOnly: false });
    expect(res.topics.map((t) => [t.name, t.errorCode, t.numPartitions])).toEqual([
      ['made-yes', 0, 1],
      ['made-no', ErrorCode.POLICY_VIOLATION, -1],
    ]);
    const meta: MetadataResponse = await c.request(Metadata, 9, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'made-no' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(meta.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  test('rules are tried in the order added; only the first match applies', async () => {
    const first = broker.faults.add({ api: 'Heartbeat', errorCode: 'REBALANCE_IN_PROGRESS' });
    const second = broker.faults.add({ api: 'Heartbeat', errorCode: 'ILLEGAL_GENERATION' });
    const beat = () => c.request<HeartbeatResponse>(Heartbeat, 4, { groupId: 'order-g', generationId: 1, memberId: 'm', groupInstanceId: null });
    expect((await beat()).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(broker.faults.list().map((r) => r.id)).toEqual([second]);
    expect((await beat()).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(broker.faults.remove(first)).toBe(false);
  });
});
