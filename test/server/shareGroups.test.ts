/**
 * Share groups (KIP-932) over real TCP: ShareGroupHeartbeat membership and its errors,
 * ShareGroupDescribe, share sessions (ShareFetch / ShareAcknowledge epochs), acquiring records
 * with delivery counts, accept / release / reject, the long poll, lock expiry, and the admin
 * offset APIs (DescribeShareGroupOffsets, AlterShareGroupOffsets, DeleteShareGroupOffsets).
 */
import { startCluster } from '../../src/cluster/startCluster';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { connectTo, otherNodes } from '../cluster/helpers';
import { AlterShareGroupOffsets, AlterShareGroupOffsetsResponse } from '../../wire/apis/AlterShareGroupOffsets';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { DeleteShareGroupOffsets, DeleteShareGroupOffsetsResponse } from '../../wire/apis/DeleteShareGroupOffsets';
import { DescribeShareGroupOffsets, DescribeShareGroupOffsetsResponse } from '../../wire/apis/DescribeShareGroupOffsets';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { OffsetCommit } from '../../wire/apis/OffsetCommit';
import { ShareAcknowledge, ShareAcknowledgeResponse } from '../../wire/apis/ShareAcknowledge';
import { ShareFetch, ShareFetchPartitionData, ShareFetchRequest, ShareFetchResponse } from '../../wire/apis/ShareFetch';
import { ShareGroupDescribe, ShareGroupDescribeResponse } from '../../wire/apis/ShareGroupDescribe';
import { ShareGroupHeartbeat, ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse } from '../../wire/apis/ShareGroupHeartbeat';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { buildBatch, readRecords } from '../../wire/records';
import { ClientPool, createTopic, produce, splitBatches, TestClient } from './client';

const ACCEPT = 1;
const RELEASE = 2;
const REJECT = 3;

let broker: EmbeddedBroker;
/** Short record locks and a tiny session cache, for lock expiry and SHARE_SESSION_LIMIT_REACHED. */
let quick: EmbeddedBroker;
const pool = new ClientPool();

beforeAll(async () => {
  broker = await startBroker();
  quick = await startBroker({ config: { shareGroups: { ...(await defaults()), recordLockDurationMs: 400, maxShareSessions: 2, sessionTimeoutMs: 1500 } } });
});

afterAll(async () => {
  await broker?.stop();
  await quick?.stop();
});

afterEach(() => pool.closeAll());

async function defaults() {
  const { devDefaults } = await import('../../src/config');
  return devDefaults().shareGroups;
}

let unique = 0;
const name = (prefix: string) => `${prefix}-${++unique}`;

// ---- Requests ----------------------------------------------------------------------------------

async function heartbeat(c: TestClient, body: Partial<ShareGroupHeartbeatRequest> & { groupId: string; memberId: string; memberEpoch: number }) {
  return c.request<ShareGroupHeartbeatResponse>(ShareGroupHeartbeat, 1, { rackId: null, subscribedTopicNames: null, ...body });
}

interface Want {
  topicId: string;
  partition?: number;
  acks?: { firstOffset: number; lastOffset: number; acknowledgeTypes: number[] }[];
}

function fetchBody(groupId: string, memberId: string, epoch: number, wants: Want[], extra: Partial<ShareFetchRequest> = {}): ShareFetchRequest {
  const topics: ShareFetchRequest['topics'] = [];
  for (const w of wants) {
    let t = topics.find((x) => x.topicId === w.topicId);
    if (!t) topics.push((t = { topicId: w.topicId, partitions: [] }));
    t.partitions.push({ partitionIndex: w.partition ?? 0, partitionMaxBytes: 0, acknowledgementBatches: w.acks ?? [] });
  }
  return {
    groupId,
    memberId,
    shareSessionEpoch: epoch,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1024 * 1024,
    maxRecords: 500,
    batchSize: 500,
    topics,
    forgottenTopicsData: [],
    ...extra,
  };
}

const shareFetch = (c: TestClient, body: ShareFetchRequest, timeoutMs?: number) =>
  c.receive<ShareFetchResponse>(ShareFetch, 1, c.send(ShareFetch, 1, body), timeoutMs);

async function shareAck(c: TestClient, groupId: string, memberId: string, epoch: number, wants: Want[]) {
  return c.request<ShareAcknowledgeResponse>(ShareAcknowledge, 1, {
    groupId,
    memberId,
    shareSessionEpoch: epoch,
    topics: wants.map((w) => ({ topicId: w.topicId, partitions: [{ partitionIndex: w.partition ?? 0, acknowledgementBatches: w.acks ?? [] }] })),
  });
}

function onlyPartition(res: ShareFetchResponse): ShareFetchPartitionData {
  expect(res.errorCode).toBe(0);
  expect(res.responses).toHaveLength(1);
  expect(res.responses[0].partitions).toHaveLength(1);
  return res.responses[0].partitions[0];
}

/** The values of the acquired records, from the batches the response carries. */
function acquiredValues(p: ShareFetchPartitionData): string[] {
  const blob = Array.isArray(p.records) ? Buffer.concat(p.records) : p.records;
  const records = splitBatches(blob).flatMap((b) => readRecords(b));
  const inRange = (o: number) => p.acquiredRecords.some((r) => o >= r.firstOffset && o <= r.lastOffset);
  return records.filter((r) => inRange(r.offset)).map((r) => r.value!.toString());
}

/** Each acquired offset with its delivery count (ranges may be split per stored batch). */
const acquiredOffsets = (p: ShareFetchPartitionData) =>
  p.acquiredRecords.flatMap((r) => Array.from({ length: r.lastOffset - r.firstOffset + 1 }, (_, i) => [r.firstOffset + i, r.deliveryCount]));

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}` }));

/** Join a one-topic share group and open a share session on its partition 0 (the group starts at the log end). */
async function joinAndOpen(c: TestClient, groupId: string, memberId: string, topic: string, topicId: string) {
  const joined = await heartbeat(c, { groupId, memberId, memberEpoch: 0, subscribedTopicNames: [topic] });
  expect(joined.errorCode).toBe(0);
  const opened = await shareFetch(c, fetchBody(groupId, memberId, 0, [{ topicId }]));
  expect(opened.errorCode).toBe(0);
  return opened;
}

// ---- Tests -------------------------------------------------------------------------------------

test('ApiVersions advertises the share group APIs at the versions implemented', async () => {
  const c = await pool.connect(broker.port);
  const res = await c.request<ApiVersionsResponse>(ApiVersions, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' });
  const range = (key: number) => res.apiKeys.find((k) => k.apiKey === key);
  for (const key of [76, 77, 78, 79]) expect(range(key)).toMatchObject({ minVersion: 1, maxVersion: 1 });
  expect(range(90)).toMatchObject({ minVersion: 0, maxVersion: 1 });
  expect(range(91)).toMatchObject({ minVersion: 0, maxVersion: 0 });
  expect(range(92)).toMatchObject({ minVersion: 0, maxVersion: 0 });
});

describe('ShareGroupHeartbeat', () => {
  test('join, heartbeat, describe, leave', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('hb');
    const topicId = await createTopic(c, topic, 2);
    const groupId = name('g');

    const joined = await heartbeat(c, { groupId, memberId: 'member-1', memberEpoch: 0, subscribedTopicNames: [topic] });
    expect(joined).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      memberId: 'member-1',
      memberEpoch: 1,
      heartbeatIntervalMs: 500,
      assignment: { topicPartitions: [{ topicId, partitions: [0, 1] }] },
    });
    // Nothing changed: no assignment in the answer.
    const again = await heartbeat(c, { groupId, memberId: 'member-1', memberEpoch: 1 });
    expect(again).toMatchObject({ errorCode: 0, memberEpoch: 1, assignment: null });

    const described = await c.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [groupId, 'no-such-group'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({
      errorCode: 0,
      groupId,
      groupState: 'Stable',
      groupEpoch: 1,
      assignmentEpoch: 1,
      assignorName: 'simple',
      authorizedOperations: -2147483648,
      members: [
        {
          memberId: 'member-1',
          memberEpoch: 1,
          clientId: 'test',
          clientHost: '/127.0.0.1',
          subscribedTopicNames: [topic],
          assignment: { topicPartitions: [{ topicId, topicName: topic, partitions: [0, 1] }] },
        },
      ],
    });
    expect(described.groups[1]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: 'Group no-such-group not found.', groupState: '' });

    const left = await heartbeat(c, { groupId, memberId: 'member-1', memberEpoch: -1 });
    expect(left).toMatchObject({ errorCode: 0, memberId: 'member-1', memberEpoch: -1 });
    const empty = await c.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: true });
    expect(empty.groups[0]).toMatchObject({ errorCode: 0, groupState: 'Empty', groupEpoch: 2, members: [], authorizedOperations: (1 << 3) | (1 << 6) | (1 << 8) });
  });

  test('errors: invalid requests, unknown member, fenced epoch, not a share group', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('err');
    await createTopic(c, topic, 1);
    const groupId = name('g');
    expect(await heartbeat(c, { groupId, memberId: '', memberEpoch: 0, subscribedTopicNames: [topic] })).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: "MemberId can't be empty.",
      memberId: null,
    });
    expect(await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 0 })).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'SubscribedTopicNames must be set in first request.',
    });
    expect((await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] })).memberEpoch).toBe(1);
    expect((await heartbeat(c, { groupId, memberId: 'stranger', memberEpoch: 3 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 7 })).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    expect((await heartbeat(c, { groupId, memberId: 'stranger', memberEpoch: -1 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    // A classic group (here one with committed offsets only) keeps its id.
    const classic = name('classic');
    await c.request(OffsetCommit, 8, {
      groupId: classic,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 0, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
    });
    expect(await heartbeat(c, { groupId: classic, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] })).toMatchObject({
      errorCode: ErrorCode.GROUP_ID_NOT_FOUND,
      errorMessage: `Group ${classic} is not a share group.`,
    });
    const described = await c.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [classic], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${classic} is not a share group.` });
  });

  test('three members on a one-partition topic are all assigned it', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('three');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    for (const m of ['a', 'b', 'c']) {
      const res = await heartbeat(c, { groupId, memberId: m, memberEpoch: 0, subscribedTopicNames: [topic] });
      expect(res.assignment).toEqual({ topicPartitions: [{ topicId, partitions: [0] }] });
    }
    const described = await c.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: false });
    expect(described.groups[0].groupEpoch).toBe(3);
    expect(described.groups[0].members.map((m) => m.assignment.topicPartitions)).toEqual([0, 1, 2].map(() => [{ topicId, topicName: topic, partitions: [0] }]));
  });

  test('a member that stops heartbeating is removed after the session timeout', async () => {
    const c = await pool.connect(quick.port);
    const topic = name('expire');
    await createTopic(c, topic, 1);
    const groupId = name('g');
    await heartbeat(c, { groupId, memberId: 'gone', memberEpoch: 0, subscribedTopicNames: [topic] });
    await new Promise((r) => setTimeout(r, 2000));
    const described = await c.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupState: 'Empty', members: [] });
    expect((await heartbeat(c, { groupId, memberId: 'gone', memberEpoch: 1 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});

describe('share sessions', () => {
  test('epochs: open, continue, wrong epoch, unknown session, close; ShareAcknowledge cannot open', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('sess');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] });

    expect((await shareFetch(c, fetchBody(groupId, 'm', 3, [{ topicId }]))).errorCode).toBe(ErrorCode.SHARE_SESSION_NOT_FOUND);
    const opened = await shareFetch(c, fetchBody(groupId, 'm', 0, [{ topicId }]));
    // A new session's answer names every partition in it, and the lock duration.
    expect(opened).toMatchObject({ errorCode: 0, acquisitionLockTimeoutMs: 30000, nodeEndpoints: [] });
    expect(opened.responses).toEqual([
      {
        topicId,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            errorMessage: null,
            acknowledgeErrorCode: 0,
            acknowledgeErrorMessage: null,
            currentLeader: { leaderId: -1, leaderEpoch: -1 },
            records: expect.anything(),
            acquiredRecords: [],
          },
        ],
      },
    ]);
    expect((await shareFetch(c, fetchBody(groupId, 'm', 2, []))).errorCode).toBe(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
    // Later answers leave out partitions with nothing to say.
    const next = await shareFetch(c, fetchBody(groupId, 'm', 1, []));
    expect(next).toMatchObject({ errorCode: 0, responses: [] });
    expect((await shareAck(c, groupId, 'm', 0, [])).errorCode).toBe(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
    expect((await shareAck(c, groupId, 'm', 7, [])).errorCode).toBe(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
    expect((await shareAck(c, groupId, 'm', 2, [])).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'm', 3, []))).errorCode).toBe(0);
    // A new session's first request may not acknowledge anything.
    const withAcks = fetchBody(groupId, 'm', 0, [{ topicId, acks: [{ firstOffset: 0, lastOffset: 0, acknowledgeTypes: [ACCEPT] }] }]);
    expect((await shareFetch(c, withAcks)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    // Closing needs the session (still at epoch 4), and ends it.
    expect((await shareFetch(c, fetchBody(groupId, 'm', -1, []))).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'm', 4, []))).errorCode).toBe(ErrorCode.SHARE_SESSION_NOT_FOUND);
    expect((await shareAck(c, groupId, 'm', -1, [])).errorCode).toBe(ErrorCode.SHARE_SESSION_NOT_FOUND);
  });

  test('unknown topic ids are UNKNOWN_TOPIC_ID in the partition', async () => {
    const c = await pool.connect(broker.port);
    const groupId = name('g');
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAQ';
    const res = await shareFetch(c, fetchBody(groupId, 'm', 0, [{ topicId: unknown }]));
    expect(res.errorCode).toBe(0);
    expect(res.responses[0].topicId).toBe(unknown);
    expect(res.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });

  test('group.share.max.share.sessions: SHARE_SESSION_LIMIT_REACHED', async () => {
    const c = await pool.connect(quick.port);
    const topic = name('limit');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    for (const m of ['a', 'b', 'c']) await heartbeat(c, { groupId, memberId: m, memberEpoch: 0, subscribedTopicNames: [topic] });
    expect((await shareFetch(c, fetchBody(groupId, 'a', 0, [{ topicId }]))).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'b', 0, [{ topicId }]))).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'c', 0, [{ topicId }]))).errorCode).toBe(ErrorCode.SHARE_SESSION_LIMIT_REACHED);
    // Reopening one's own session still works; closing one makes room.
    expect((await shareFetch(c, fetchBody(groupId, 'a', 0, [{ topicId }]))).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'b', -1, []))).errorCode).toBe(0);
    expect((await shareFetch(c, fetchBody(groupId, 'c', 0, [{ topicId }]))).errorCode).toBe(0);
    for (const m of ['a', 'c']) await shareFetch(c, fetchBody(groupId, m, -1, []));
  });
});

describe('acquiring and acknowledging', () => {
  test('records come with delivery count 1; release brings one back with 2, reject never', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('ack');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await joinAndOpen(c, groupId, 'm', topic, topicId);
    await produce(c, topic, 0, buildBatch(values('v', 5)));

    const first = onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 1, [])));
    expect(first.acquiredRecords).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
    expect(acquiredValues(first)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);

    // Piggybacked: accept 0-1, release 2, reject 3, accept 4 (one type per offset).
    const acks = [{ firstOffset: 0, lastOffset: 4, acknowledgeTypes: [ACCEPT, ACCEPT, RELEASE, REJECT, ACCEPT] }];
    const second = onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 2, [{ topicId, acks }])));
    expect(second.acknowledgeErrorCode).toBe(0);
    expect(second.acquiredRecords).toEqual([{ firstOffset: 2, lastOffset: 2, deliveryCount: 2 }]);
    expect(acquiredValues(second)).toEqual(['v2']);

    // Acknowledging something not acquired is INVALID_RECORD_STATE.
    const bad = await shareAck(c, groupId, 'm', 3, [{ topicId, acks: [{ firstOffset: 3, lastOffset: 3, acknowledgeTypes: [ACCEPT] }] }]);
    expect(bad.errorCode).toBe(0);
    expect(bad.responses[0].partitions[0]).toMatchObject({ partitionIndex: 0, errorCode: ErrorCode.INVALID_RECORD_STATE });
    const ok = await shareAck(c, groupId, 'm', 4, [{ topicId, acks: [{ firstOffset: 2, lastOffset: 2, acknowledgeTypes: [ACCEPT] }] }]);
    expect(ok.responses).toEqual([{ topicId, partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null, currentLeader: { leaderId: -1, leaderEpoch: -1 } }] }]);

    // Nothing left: the rejected record never comes back.
    const none = await shareFetch(c, fetchBody(groupId, 'm', 5, []));
    expect(none).toMatchObject({ errorCode: 0, responses: [] });
    await shareFetch(c, fetchBody(groupId, 'm', -1, []));
  });

  test('maxRecords limits what one fetch acquires; another member gets the rest', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('max');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await joinAndOpen(c, groupId, 'a', topic, topicId);
    await joinAndOpen(c, groupId, 'b', topic, topicId);
    for (let i = 0; i < 4; i++) await produce(c, topic, 0, buildBatch([{ value: `r${i}` }]));
    const a = onlyPartition(await shareFetch(c, fetchBody(groupId, 'a', 1, [], { maxRecords: 2 })));
    expect(acquiredOffsets(a)).toEqual([[0, 1], [1, 1]]);
    const b = onlyPartition(await shareFetch(c, fetchBody(groupId, 'b', 1, [])));
    expect(acquiredOffsets(b)).toEqual([[2, 1], [3, 1]]);
    expect(acquiredValues(b)).toEqual(['r2', 'r3']);
  });

  test('closing a session releases what the member still holds (delivery count 2 for the next)', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('close');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await joinAndOpen(c, groupId, 'a', topic, topicId);
    await joinAndOpen(c, groupId, 'b', topic, topicId);
    await produce(c, topic, 0, buildBatch(values('x', 3)));
    expect(onlyPartition(await shareFetch(c, fetchBody(groupId, 'a', 1, []))).acquiredRecords).toEqual([{ firstOffset: 0, lastOffset: 2, deliveryCount: 1 }]);
    // Final fetch: accept offset 0, the rest is released when the session closes.
    const closed = await shareFetch(c, fetchBody(groupId, 'a', -1, [{ topicId, acks: [{ firstOffset: 0, lastOffset: 0, acknowledgeTypes: [ACCEPT] }] }]));
    expect(onlyPartition(closed)).toMatchObject({ acknowledgeErrorCode: 0, acquiredRecords: [] });
    const b = onlyPartition(await shareFetch(c, fetchBody(groupId, 'b', 1, [])));
    expect(b.acquiredRecords).toEqual([{ firstOffset: 1, lastOffset: 2, deliveryCount: 2 }]);
  });

  test('a long poll is woken by a produce', async () => {
    const c = await pool.connect(broker.port);
    const producer = await pool.connect(broker.port);
    const topic = name('poll');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await joinAndOpen(c, groupId, 'm', topic, topicId);
    const started = Date.now();
    const id = c.send(ShareFetch, 1, fetchBody(groupId, 'm', 1, [], { maxWaitMs: 10000 }));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.queued).toBe(0);
    await produce(producer, topic, 0, buildBatch([{ value: 'late' }]));
    const res = await c.receive<ShareFetchResponse>(ShareFetch, 1, id, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    const p = onlyPartition(res);
    expect(p.acquiredRecords).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 1 }]);
    expect(acquiredValues(p)).toEqual(['late']);
  });

  test('a long poll with nothing to acquire answers empty after maxWaitMs', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('idle');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await joinAndOpen(c, groupId, 'm', topic, topicId);
    const started = Date.now();
    const res = await shareFetch(c, fetchBody(groupId, 'm', 1, [], { maxWaitMs: 300 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res).toMatchObject({ errorCode: 0, responses: [] });
  });

  test('an expired acquisition lock makes the records available again', async () => {
    const c = await pool.connect(quick.port);
    const topic = name('lock');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    const opened = await joinAndOpen(c, groupId, 'm', topic, topicId);
    expect(opened.acquisitionLockTimeoutMs).toBe(400);
    await produce(c, topic, 0, buildBatch(values('l', 2)));
    expect(onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 1, []))).acquiredRecords).toEqual([{ firstOffset: 0, lastOffset: 1, deliveryCount: 1 }]);
    await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 1 });
    // The long poll is woken by the expiry, well before its maxWaitMs.
    const started = Date.now();
    const again = onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 2, [], { maxWaitMs: 5000 })));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(again.acquiredRecords).toEqual([{ firstOffset: 0, lastOffset: 1, deliveryCount: 2 }]);
    await shareFetch(c, fetchBody(groupId, 'm', -1, []));
  });
});

describe('share group offsets admin APIs', () => {
  test('describe, alter (only when empty), delete', async () => {
    const c = await pool.connect(broker.port);
    const topic = name('admin');
    const topicId = await createTopic(c, topic, 1);
    const groupId = name('g');
    await produce(c, topic, 0, buildBatch(values('old', 3)));
    await joinAndOpen(c, groupId, 'm', topic, topicId);
    await produce(c, topic, 0, buildBatch(values('new', 2)));

    const describe = async (topics: { topicName: string; partitions: number[] }[] | null, version = 1) =>
      (await c.request<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsets, version, { groups: [{ groupId, topics }] })).groups[0];
    const all = await describe(null);
    expect(all).toMatchObject({ groupId, errorCode: 0, topics: [{ topicName: topic, topicId, partitions: [{ partitionIndex: 0, startOffset: 3, lag: 2, errorCode: 0 }] }] });
    const v0 = await describe([{ topicName: topic, partitions: [0] }], 0);
    expect(v0.topics[0].partitions[0]).toMatchObject({ partitionIndex: 0, startOffset: 3, errorCode: 0 });
    const unknownGroup = (await c.request<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsets, 1, { groups: [{ groupId: 'nobody-here', topics: null }] })).groups[0];
    expect(unknownGroup.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);

    const alter = (startOffset: number) =>
      c.request<AlterShareGroupOffsetsResponse>(AlterShareGroupOffsets, 0, {
        groupId,
        topics: [
          { topicName: topic, partitions: [{ partitionIndex: 0, startOffset }] },
          { topicName: 'no-such-topic', partitions: [{ partitionIndex: 0, startOffset }] },
        ],
      });
    expect((await alter(0)).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    await shareFetch(c, fetchBody(groupId, 'm', -1, []));
    await heartbeat(c, { groupId, memberId: 'm', memberEpoch: -1 });
    const altered = await alter(1);
    expect(altered.errorCode).toBe(0);
    expect(altered.responses).toEqual([
      { topicName: topic, topicId, partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null }] },
      { topicName: 'no-such-topic', topicId: ZERO_UUID, partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null }] },
    ]);
    expect((await describe([{ topicName: topic, partitions: [0] }])).topics[0].partitions[0]).toMatchObject({ startOffset: 1, lag: 4 });

    const deleted = await c.request<DeleteShareGroupOffsetsResponse>(DeleteShareGroupOffsets, 0, { groupId, topics: [{ topicName: topic }] });
    expect(deleted).toMatchObject({ errorCode: 0, responses: [{ topicName: topic, topicId, errorCode: 0 }] });
    expect((await describe([{ topicName: topic, partitions: [0] }])).topics[0].partitions[0]).toMatchObject({ startOffset: -1, errorCode: 0 });
  });
});

describe('restart', () => {
  test('members rejoin after a restart; acknowledged records stay done, unacknowledged ones come back', async () => {
    const b = await startBroker();
    try {
      let c = await TestClient.connect(b.port);
      const topic = name('restart');
      const topicId = await createTopic(c, topic, 1);
      const groupId = name('g');
      await joinAndOpen(c, groupId, 'm', topic, topicId);
      await produce(c, topic, 0, buildBatch(values('r', 3)));
      expect(acquiredOffsets(onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 1, []))))).toEqual([[0, 1], [1, 1], [2, 1]]);
      const acks = [{ firstOffset: 0, lastOffset: 0, acknowledgeTypes: [ACCEPT] }];
      expect((await shareAck(c, groupId, 'm', 2, [{ topicId, acks }])).responses[0].partitions[0].errorCode).toBe(0);
      await c.close();

      await b.restart();
      c = await TestClient.connect(b.port);
      // The group has share state but no members yet: listed as an Empty share group, as Kafka lists it.
      const listed = await c.request<ListGroupsResponse>(ListGroups, 5, { statesFilter: [], typesFilter: ['share'] });
      expect(listed.groups.filter((g) => g.groupId === groupId)).toEqual([{ groupId, protocolType: 'share', groupState: 'Empty', groupType: 'share' }]);
      // Membership and sessions were in memory: the member is told to rejoin, the session to reopen.
      expect((await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 1 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect((await shareFetch(c, fetchBody(groupId, 'm', 3, []))).errorCode).toBe(ErrorCode.SHARE_SESSION_NOT_FOUND);
      const rejoined = await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] });
      expect(rejoined).toMatchObject({ errorCode: 0, assignment: { topicPartitions: [{ topicId, partitions: [0] }] } });
      const reopened = onlyPartition(await shareFetch(c, fetchBody(groupId, 'm', 0, [{ topicId }])));
      // Offset 0 was accepted; 1 and 2 were only acquired, so they are delivered again.
      expect(acquiredOffsets(reopened).map(([offset]) => offset)).toEqual([1, 2]);
      await c.close();
    } finally {
      await b.stop();
    }
  });
});

describe('on a three-node cluster', () => {
  test('NOT_COORDINATOR from other nodes; NOT_LEADER_OR_FOLLOWER with the leader and its endpoint', async () => {
    const cluster = await startCluster({ brokers: 3 });
    try {
      const topic = name('spread');
      const groupId = name('g');
      const admin = await connectTo(pool, cluster, 1);
      const topicId = await createTopic(admin, topic, 1);
      const coordinator = cluster.groupCoordinator(groupId);
      const notCoordinator = await connectTo(pool, cluster, otherNodes(cluster, coordinator)[0]);
      const refused = await heartbeat(notCoordinator, { groupId, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] });
      expect(refused).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, memberId: null });
      const describedElsewhere = await notCoordinator.request<ShareGroupDescribeResponse>(ShareGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: false });
      expect(describedElsewhere.groups[0].errorCode).toBe(ErrorCode.NOT_COORDINATOR);
      const c = await connectTo(pool, cluster, coordinator);
      expect((await heartbeat(c, { groupId, memberId: 'm', memberEpoch: 0, subscribedTopicNames: [topic] })).errorCode).toBe(0);

      const leader = cluster.leaderOf(topic, 0);
      const follower = otherNodes(cluster, leader)[0];
      const onFollower = await connectTo(pool, cluster, follower);
      const res = await shareFetch(onFollower, fetchBody(groupId, 'm', 0, [{ topicId }]));
      expect(res.errorCode).toBe(0);
      const p = res.responses[0].partitions[0];
      expect(p.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      expect(p.currentLeader.leaderId).toBe(leader);
      const leaderNode = cluster.nodes.find((n) => n.nodeId === leader)!;
      expect(res.nodeEndpoints).toEqual([{ nodeId: leader, host: leaderNode.host, port: leaderNode.port, rack: null }]);

      // The leader serves it; sessions are per node.
      const onLeader = await connectTo(pool, cluster, leader);
      const served = await shareFetch(onLeader, fetchBody(groupId, 'm', 0, [{ topicId }]));
      expect(served.responses[0].partitions[0].errorCode).toBe(0);
      expect((await shareFetch(onFollower, fetchBody(groupId, 'm', 1, []))).errorCode).toBe(0);
    } finally {
      await pool.closeAll();
      await cluster.stop();
    }
  });
});
