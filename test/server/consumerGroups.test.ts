/**
 * KIP-848 consumer groups over real TCP: ConsumerGroupHeartbeat joins, incremental reconciliation
 * between two members, leaving, session and rebalance timeouts, static membership, regex
 * subscriptions, the errors Kafka answers, and how OffsetCommit / OffsetFetch / ListGroups /
 * DescribeGroups / DeleteGroups treat consumer groups next to classic ones.
 */
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import {
  ConsumerGroupDescribe,
  ConsumerGroupDescribeResponse,
} from '../../wire/apis/ConsumerGroupDescribe';
import {
  ConsumerGroupHeartbeat,
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
} from '../../wire/apis/ConsumerGroupHeartbeat';
import { DeleteGroups, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { JoinGroup } from '../../wire/apis/JoinGroup';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { OffsetCommit, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { OffsetFetch, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient, createTopic } from './client';
import { JoinGroupResponse, joinBody } from './groupClient';

const SESSION_MS = 1500;
const HEARTBEAT_MS = 100;

let broker: EmbeddedBroker;
const pool = new ClientPool();
let c: TestClient;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${Date.now()}`;

beforeAll(async () => {
  broker = await startBroker({
    config: { consumerGroups: { sessionTimeoutMs: SESSION_MS, heartbeatIntervalMs: HEARTBEAT_MS, assignors: ['uniform', 'range'], maxSize: 3 } },
  });
});
afterAll(async () => {
  pool.closeAll();
  await broker?.stop();
});
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(() => pool.closeAll());

type Hb = ConsumerGroupHeartbeatResponse;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hb(body: Partial<ConsumerGroupHeartbeatRequest> & { groupId: string; memberId: string; memberEpoch: number }, version = 1): Promise<Hb> {
  return c.request(ConsumerGroupHeartbeat, version, {
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: null,
    ...body,
  });
}

/** A join as librdkafka sends it: client-chosen member id, epoch 0, everything set. */
function join(groupId: string, memberId: string, topics: string[], extra: Partial<ConsumerGroupHeartbeatRequest> = {}): Promise<Hb> {
  return hb({ groupId, memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: topics, topicPartitions: [], ...extra });
}

/** The partitions of one topic in an assignment (sorted). */
function partitionsOf(res: Hb, topicId: string): number[] {
  expect(res.assignment).not.toBeNull();
  return (res.assignment!.topicPartitions.find((t) => t.topicId === topicId)?.partitions ?? []).slice().sort((a, b) => a - b);
}

const owning = (topicId: string, partitions: number[]) => [{ topicId, partitions }];

async function describe1(groupId: string) {
  const res: ConsumerGroupDescribeResponse = await c.request(ConsumerGroupDescribe, 0, { groupIds: [groupId], includeAuthorizedOperations: false });
  return res.groups[0];
}

it('advertises ConsumerGroupHeartbeat v0-1 and ConsumerGroupDescribe v0', async () => {
  const res: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' });
  expect(res.apiKeys.find((k) => k.apiKey === 68)).toMatchObject({ minVersion: 0, maxVersion: 1 });
  expect(res.apiKeys.find((k) => k.apiKey === 69)).toMatchObject({ minVersion: 0, maxVersion: 0 });
});

it('joins, splits partitions between two members only after the first revokes, and describes the group', async () => {
  const topic = unique('cg-split');
  const topicId = await createTopic(c, topic, 4);
  const group = unique('g');

  const a1 = await join(group, 'member-a', [topic]);
  expect(a1).toMatchObject({ errorCode: 0, memberId: 'member-a', memberEpoch: 1, heartbeatIntervalMs: HEARTBEAT_MS });
  expect(partitionsOf(a1, topicId)).toEqual([0, 1, 2, 3]);

  // B joins: its target is half of A's partitions, which A still holds.
  const b1 = await join(group, 'member-b', [topic]);
  expect(b1).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  expect(partitionsOf(b1, topicId)).toEqual([]);
  let d = await describe1(group);
  expect(d).toMatchObject({ errorCode: 0, groupState: 'Reconciling', groupEpoch: 2, assignmentEpoch: 2, assignorName: 'uniform' });

  // A is asked to revoke two partitions and stays at epoch 1 until it says it has.
  const a2 = await hb({ groupId: group, memberId: 'member-a', memberEpoch: 1, topicPartitions: owning(topicId, [0, 1, 2, 3]) });
  expect(a2).toMatchObject({ errorCode: 0, memberEpoch: 1 });
  const kept = partitionsOf(a2, topicId);
  expect(kept).toHaveLength(2);
  const revoked = [0, 1, 2, 3].filter((p) => !kept.includes(p));

  // B still cannot have them.
  const b2 = await hb({ groupId: group, memberId: 'member-b', memberEpoch: 2 });
  expect(b2).toMatchObject({ errorCode: 0, memberEpoch: 2, assignment: null });

  const a3 = await hb({ groupId: group, memberId: 'member-a', memberEpoch: 1, topicPartitions: owning(topicId, kept) });
  expect(a3).toMatchObject({ errorCode: 0, memberEpoch: 2, assignment: null });

  const b3 = await hb({ groupId: group, memberId: 'member-b', memberEpoch: 2 });
  expect(partitionsOf(b3, topicId)).toEqual(revoked);

  d = await describe1(group);
  expect(d).toMatchObject({ groupState: 'Stable', groupEpoch: 2, assignmentEpoch: 2, authorizedOperations: -2147483648 });
  const byId = Object.fromEntries(d.members.map((m) => [m.memberId, m]));
  expect(byId['member-a'].assignment.topicPartitions).toEqual([{ topicId, topicName: topic, partitions: kept }]);
  expect(byId['member-b'].targetAssignment.topicPartitions).toEqual([{ topicId, topicName: topic, partitions: revoked }]);
  expect(byId['member-b'].subscribedTopicNames).toEqual([topic]);
  expect(byId['member-b'].clientHost).toBe('/127.0.0.1');

  // A leaves (-1): the group epoch moves and B gets everything.
  expect(await hb({ groupId: group, memberId: 'member-a', memberEpoch: -1 })).toMatchObject({ errorCode: 0, memberId: 'member-a', memberEpoch: -1 });
  const b4 = await hb({ groupId: group, memberId: 'member-b', memberEpoch: 2 });
  expect(b4.memberEpoch).toBe(3);
  expect(partitionsOf(b4, topicId)).toEqual([0, 1, 2, 3]);
});

it('answers the errors Kafka answers', async () => {
  const topic = unique('cg-errors');
  await createTopic(c, topic, 1);
  const group = unique('g');
  const code = async (p: Promise<Hb>) => (await p).errorCode;

  expect(await code(join(group, 'm', [topic], { serverAssignor: 'sticky' }))).toBe(ErrorCode.UNSUPPORTED_ASSIGNOR);
  expect(await code(join(group, 'm', [topic], { rebalanceTimeoutMs: -1 }))).toBe(ErrorCode.INVALID_REQUEST);
  expect(await code(join(group, 'm', [topic], { topicPartitions: null }))).toBe(ErrorCode.INVALID_REQUEST);
  expect(await code(join(group, 'm', []))).toBe(ErrorCode.INVALID_REQUEST);
  expect(await code(join(group, '', [topic]))).toBe(ErrorCode.INVALID_REQUEST);
  expect(await code(join('', 'm', [topic]))).toBe(ErrorCode.INVALID_REQUEST);
  expect(await code(join(group, 'm', [], { subscribedTopicRegex: '(unclosed' }))).toBe(ErrorCode.INVALID_REGULAR_EXPRESSION);
  expect(await code(hb({ groupId: group, memberId: 'm', memberEpoch: 5 }))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

  // v0 lets the coordinator choose the member id.
  const v0 = await hb({ groupId: group, memberId: '', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] }, 0);
  expect(v0.errorCode).toBe(0);
  expect(v0.memberId).toMatch(/^[A-Za-z0-9_-]{22}$/);

  const m = await join(group, 'm', [topic], { serverAssignor: 'range' });
  expect(m).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  expect(await code(hb({ groupId: group, memberId: 'm', memberEpoch: 9 }))).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
  expect(await code(hb({ groupId: group, memberId: 'nobody', memberEpoch: 2 }))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect((await describe1(group)).assignorName).toBe('range');

  expect(await code(join(group, 'm3', [topic]))).toBe(0);
  expect(await code(join(group, 'm4', [topic]))).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);

  const described = await c.request(ConsumerGroupDescribe, 0, { groupIds: [unique('absent')], includeAuthorizedOperations: true });
  expect(described.groups[0]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, authorizedOperations: -2147483648 });
});

it('accepts the previous epoch when a response was lost, and a fenced member rejoins with epoch 0', async () => {
  const topic = unique('cg-epochs');
  const topicId = await createTopic(c, topic, 2);
  const group = unique('g');
  const a = await join(group, 'a', [topic]);
  expect(a.memberEpoch).toBe(1);
  const b = await join(group, 'b', [topic]);
  // a revokes one partition and moves to epoch 2...
  const asked = await hb({ groupId: group, memberId: 'a', memberEpoch: 1, topicPartitions: owning(topicId, [0, 1]) });
  const kept = partitionsOf(asked, topicId);
  const moved = await hb({ groupId: group, memberId: 'a', memberEpoch: 1, topicPartitions: owning(topicId, kept) });
  expect(moved.memberEpoch).toBe(2);
  // ...but pretend that answer was lost: epoch 1 with a subset of its partitions is still fine.
  expect(await hb({ groupId: group, memberId: 'a', memberEpoch: 1, topicPartitions: owning(topicId, kept) })).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  // Not so without saying what it owns, nor with an epoch it never had.
  expect((await hb({ groupId: group, memberId: 'a', memberEpoch: 1 })).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
  expect((await hb({ groupId: group, memberId: 'a', memberEpoch: 3 })).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);

  // A full heartbeat always carries the assignment, even when it did not change.
  const full = await hb({ groupId: group, memberId: 'b', memberEpoch: b.memberEpoch, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] });
  expect(full.assignment).not.toBeNull();

  // The fenced member starts again with epoch 0 and the same id.
  const rejoined = await join(group, 'a', [topic]);
  expect(rejoined.errorCode).toBe(0);
  expect(rejoined.memberEpoch).toBeGreaterThan(2);
  expect((await describe1(group)).members.map((m) => m.memberId).sort()).toEqual(['a', 'b']);
});

it('removes a member whose session expires and one that does not revoke within its rebalance timeout', async () => {
  const topic = unique('cg-timeouts');
  const topicId = await createTopic(c, topic, 2);
  const group = unique('g');
  expect((await join(group, 'slow', [topic], { rebalanceTimeoutMs: 300 })).memberEpoch).toBe(1);
  await join(group, 'other', [topic]);
  // "slow" is asked to revoke a partition but keeps reporting it owns both.
  const asked = await hb({ groupId: group, memberId: 'slow', memberEpoch: 1, topicPartitions: owning(topicId, [0, 1]) });
  expect(partitionsOf(asked, topicId)).toHaveLength(1);
  await sleep(500);
  expect((await hb({ groupId: group, memberId: 'slow', memberEpoch: 1, topicPartitions: owning(topicId, [0, 1]) })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  const other = await hb({ groupId: group, memberId: 'other', memberEpoch: 2 });
  expect(partitionsOf(other, topicId)).toEqual([0, 1]);

  // "other" stops heartbeating: after the session timeout the group is empty.
  await sleep(SESSION_MS + 300);
  const d = await describe1(group);
  expect(d).toMatchObject({ groupState: 'Empty', members: [] });
  expect((await hb({ groupId: group, memberId: 'other', memberEpoch: 3 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
});

it('keeps a static member’s partitions while it is away (-2) and gives them to its replacement', async () => {
  const topic = unique('cg-static');
  const topicId = await createTopic(c, topic, 2);
  const group = unique('g');
  const a = await join(group, 'static-1', [topic], { instanceId: 'inst-a' });
  const b = await join(group, 'dyn', [topic]);
  await hb({ groupId: group, memberId: 'static-1', memberEpoch: a.memberEpoch, topicPartitions: owning(topicId, [0, 1]) });
  const settledA = await hb({ groupId: group, memberId: 'static-1', memberEpoch: a.memberEpoch, topicPartitions: owning(topicId, [0]), instanceId: 'inst-a' });
  const aParts = partitionsOf(await hb({ groupId: group, memberId: 'static-1', memberEpoch: settledA.memberEpoch, topicPartitions: [], subscribedTopicNames: [topic], rebalanceTimeoutMs: 30_000, instanceId: 'inst-a' }), topicId);
  expect(aParts).toHaveLength(1);
  void b;

  // Another member cannot take the instance id while the first has not left.
  expect((await join(group, 'static-2', [topic], { instanceId: 'inst-a' })).errorCode).toBe(ErrorCode.UNRELEASED_INSTANCE_ID);

  expect(await hb({ groupId: group, memberId: 'static-1', memberEpoch: -2, instanceId: 'inst-a' })).toMatchObject({ errorCode: 0, memberEpoch: -2 });
  const epochBefore = (await describe1(group)).groupEpoch;
  // The dynamic member does not get the away member's partition.
  const dyn = await hb({ groupId: group, memberId: 'dyn', memberEpoch: b.memberEpoch, topicPartitions: owning(topicId, [0, 1].filter((p) => !aParts.includes(p))), subscribedTopicNames: [topic], rebalanceTimeoutMs: 30_000 });
  expect(partitionsOf(dyn, topicId)).toEqual([0, 1].filter((p) => !aParts.includes(p)));

  const replacement = await join(group, 'static-2', [topic], { instanceId: 'inst-a' });
  expect(replacement.errorCode).toBe(0);
  expect(partitionsOf(replacement, topicId)).toEqual(aParts);
  const d = await describe1(group);
  expect(d.groupEpoch).toBe(epochBefore);
  expect(d.members.map((m) => m.memberId).sort()).toEqual(['dyn', 'static-2']);
});

it('resolves a regex subscription again when matching topics appear', async () => {
  const prefix = unique('rx');
  const firstId = await createTopic(c, `${prefix}-one`, 1);
  const group = unique('g');
  const m = await hb({ groupId: group, memberId: 'r', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicRegex: `${prefix}-.*`, topicPartitions: [] });
  expect(partitionsOf(m, firstId)).toEqual([0]);
  const secondId = await createTopic(c, `${prefix}-two`, 2);
  const next = await hb({ groupId: group, memberId: 'r', memberEpoch: m.memberEpoch });
  expect(next.memberEpoch).toBe(m.memberEpoch + 1);
  expect(partitionsOf(next, firstId)).toEqual([0]);
  expect(partitionsOf(next, secondId)).toEqual([0, 1]);
  expect((await describe1(group)).members[0].subscribedTopicRegex).toBe(`${prefix}-.*`);
});

describe('offsets of consumer groups', () => {
  const commit = (groupId: string, topic: string, memberId: string, epoch: number, version = 9): Promise<OffsetCommitResponse> =>
    c.request(OffsetCommit, version, {
      groupId,
      generationIdOrMemberEpoch: epoch,
      memberId,
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
    });
  const commitCode = async (...args: Parameters<typeof commit>) => (await commit(...args)).topics[0].partitions[0].errorCode;

  it('checks member id and epoch on OffsetCommit and OffsetFetch v9', async () => {
    const topic = unique('cg-commit');
    await createTopic(c, topic, 1);
    const group = unique('g');
    const m = await join(group, 'm', [topic]);
    expect(await commitCode(group, topic, 'm', m.memberEpoch)).toBe(0);
    expect(await commitCode(group, topic, 'm', m.memberEpoch - 1)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(await commitCode(group, topic, 'stranger', m.memberEpoch)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await commitCode(group, topic, 'm', m.memberEpoch, 8)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    // The admin client's simple commit is refused while the group has members...
    expect(await commitCode(group, topic, '', -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    const fetch = (memberId: string | null, memberEpoch: number): Promise<OffsetFetchResponse> =>
      c.request(OffsetFetch, 9, { groups: [{ groupId: group, memberId, memberEpoch, topics: [{ name: topic, partitionIndexes: [0] }] }], requireStable: false });
    const ok = await fetch('m', m.memberEpoch);
    expect(ok.groups[0]).toMatchObject({ errorCode: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 42 }] }] });
    expect((await fetch('m', m.memberEpoch + 1)).groups[0].errorCode).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect((await fetch('stranger', 1)).groups[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await fetch(null, -1)).groups[0].errorCode).toBe(0);

    // ... and taken once it is empty; DeleteGroups then removes the group with its offsets.
    const del = (): Promise<DeleteGroupsResponse> => c.request(DeleteGroups, 2, { groupsNames: [group] });
    expect((await del()).results[0].errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    await hb({ groupId: group, memberId: 'm', memberEpoch: -1 });
    expect(await commitCode(group, topic, '', -1)).toBe(0);
    expect((await del()).results[0].errorCode).toBe(0);
    expect((await describe1(group)).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect((await fetch(null, -1)).groups[0].topics[0].partitions[0].committedOffset).toBe(-1);
  });
});

describe('group kinds', () => {
  it('refuses a heartbeat for a classic group with members, and upgrades an empty one keeping its offsets', async () => {
    const topic = unique('cg-kinds');
    const topicId = await createTopic(c, topic, 1);
    const classic = unique('classic');
    const joined: JoinGroupResponse = await c.request(JoinGroup, 2, joinBody(classic, { protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] }));
    expect(joined.errorCode).toBe(0);
    const refused = await join(classic, 'm', [topic]);
    expect(refused).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${classic} is not a consumer group.` });
    const cd = await describe1(classic);
    expect(cd).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${classic} is not a consumer group.` });

    // Offsets only (the admin client's simple commit): an empty classic group.
    const offsetsOnly = unique('offsets-only');
    const committed: OffsetCommitResponse = await c.request(OffsetCommit, 9, {
      groupId: offsetsOnly,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 7, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
    });
    expect(committed.topics[0].partitions[0].errorCode).toBe(0);
    const upgraded = await join(offsetsOnly, 'm', [topic]);
    expect(upgraded.errorCode).toBe(0);
    expect(partitionsOf(upgraded, topicId)).toEqual([0]);
    const fetched: OffsetFetchResponse = await c.request(OffsetFetch, 9, {
      groups: [{ groupId: offsetsOnly, memberId: 'm', memberEpoch: upgraded.memberEpoch, topics: [{ name: topic, partitionIndexes: [0] }] }],
      requireStable: false,
    });
    expect(fetched.groups[0].topics[0].partitions[0].committedOffset).toBe(7);

    // ListGroups v5 tells the kinds apart; DescribeGroups (v5) sees a consumer group as Dead.
    const list = async (types: string[], states: string[] = []) => {
      const res: ListGroupsResponse = await c.request(ListGroups, 5, { statesFilter: states, typesFilter: types });
      return res.groups.filter((g) => g.groupId === classic || g.groupId === offsetsOnly);
    };
    expect(await list(['consumer'])).toEqual([{ groupId: offsetsOnly, protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    expect((await list(['Classic'])).map((g) => g.groupId)).toEqual([classic]);
    // Each kind's own state names (the classic group waits for its SyncGroup).
    expect((await list([], ['stable'])).map((g) => g.groupId)).toEqual([offsetsOnly]);
    expect((await list([], ['completingrebalance', 'STABLE'])).map((g) => g.groupId).sort()).toEqual([classic, offsetsOnly].sort());
    expect(await list(['share'])).toEqual([]);
    const dg: DescribeGroupsResponse = await c.request(DescribeGroups, 5, { groups: [offsetsOnly], includeAuthorizedOperations: false });
    expect(dg.groups[0]).toMatchObject({ errorCode: 0, groupState: 'Dead', protocolType: '', members: [] });
  });
});
