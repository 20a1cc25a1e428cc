/**
 * Committed offsets over real TCP: OffsetCommit (0-9), OffsetFetch (0-9), OffsetDelete (0), as
 * Apache Kafka answers them; DeleteTopics taking offsets along; offsets surviving a restart and
 * a `kill -9` of the real CLI process.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { DEFAULT_CONFIG } from '../../src/config';
import { GroupCoordinator } from '../../src/groups/GroupCoordinator';
import { OffsetStore } from '../../src/groups/OffsetStore';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { DeleteTopics, DeleteTopicsResponse } from '../../wire/apis/DeleteTopics';
import { OffsetCommit, OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { OffsetDelete, OffsetDeleteResponse } from '../../wire/apis/OffsetDelete';
import { JoinGroup, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { LeaveGroup, LeaveGroupResponse } from '../../wire/apis/LeaveGroup';
import { OffsetFetch, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { SyncGroup, SyncGroupResponse } from '../../wire/apis/SyncGroup';
import { encodeSubscription } from '../../wire/consumerProtocol';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, createTopic, TestClient } from './client';
import { BIN, ensureBuilt, ROOT } from './cliRunner';

type PartitionIn = Partial<OffsetCommitRequestPartition> & { partitionIndex: number; committedOffset: number };
type TopicsIn = Array<{ name: string; partitions: PartitionIn[] }>;

function commitBody(groupId: string, topics: TopicsIn, extra: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1,
    ...extra,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '', ...p })),
    })),
  };
}

async function commit(c: TestClient, version: number, groupId: string, topics: TopicsIn, extra: Partial<OffsetCommitRequest> = {}) {
  const res: OffsetCommitResponse = await c.request(OffsetCommit, version, commitBody(groupId, topics, extra));
  return res.topics;
}

/** OffsetFetch v0-7 for one group; the partitions' answers, by topic. */
async function fetchOffsets(c: TestClient, version: number, groupId: string, topics: Array<{ name: string; partitionIndexes: number[] }> | null) {
  const res: OffsetFetchResponse = await c.request(OffsetFetch, version, { groupId, topics, requireStable: false });
  expect(res.groups).toEqual([]);
  expect(res.errorCode).toBe(0);
  return res.topics;
}

/** What OffsetFetch answers for one partition. */
const fetched = (partitionIndex: number, committedOffset: number, metadata = '', committedLeaderEpoch = -1) => ({
  partitionIndex,
  committedOffset,
  committedLeaderEpoch,
  metadata,
  errorCode: 0,
});
const nothing = (partitionIndex: number) => fetched(partitionIndex, -1);
const ok = (...partitionIndexes: number[]) => partitionIndexes.map((partitionIndex) => ({ partitionIndex, errorCode: 0 }));

/** One member joins (JoinGroup v3) and syncs (SyncGroup v3) a fresh group; it is then Stable. */
async function joinAndSync(c: TestClient, groupId: string, protocolType: string, metadata: Buffer): Promise<{ memberId: string; generationId: number }> {
  const joined: JoinGroupResponse = await c.request(JoinGroup, 3, {
    groupId,
    sessionTimeoutMs: 30000,
    rebalanceTimeoutMs: 30000,
    memberId: '',
    protocolType,
    protocols: [{ name: 'range', metadata }],
  });
  expect(joined.errorCode).toBe(0);
  const { memberId, generationId } = joined;
  const synced: SyncGroupResponse = await c.request(SyncGroup, 3, { groupId, generationId, memberId, assignments: [{ memberId, assignment: Buffer.alloc(0) }] });
  expect(synced.errorCode).toBe(0);
  return { memberId, generationId };
}

describe('against an in-process broker', () => {
  let broker: Broker;
  let dataDir: string;
  const pool = new ClientPool();
  let c: TestClient;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-offsets-'));
    broker = await Broker.start({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'silent',
      numPartitions: 2,
      groups: { ...DEFAULT_CONFIG.groups, initialRebalanceDelayMs: 0 },
    });
    const admin = await TestClient.connect(broker.port);
    await createTopic(admin, 'orders', 3);
    await createTopic(admin, 'payments', 2);
    await admin.close();
  });

  afterAll(async () => {
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    c = await pool.connect(broker.port);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await pool.closeAll();
  });

  test('ApiVersions advertises OffsetCommit 0-9, OffsetFetch 0-9, OffsetDelete 0', async () => {
    const res: ApiVersionsResponse = await c.request(ApiVersions, 0, {});
    expect(res.apiKeys).toContainEqual({ apiKey: 8, minVersion: 0, maxVersion: 9 });
    expect(res.apiKeys).toContainEqual({ apiKey: 9, minVersion: 0, maxVersion: 9 });
    expect(res.apiKeys).toContainEqual({ apiKey: 47, minVersion: 0, maxVersion: 0 });
  });

  describe('OffsetCommit and OffsetFetch at every version', () => {
    test.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('v%i: commit two partitions, fetch them and one never committed', async (v) => {
      const group = `every-version-${v}`;
      const committed = await commit(c, v, group, [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, committedOffset: 100 + v, committedLeaderEpoch: 7, committedMetadata: `meta-v${v}`, commitTimestamp: 1234 },
            { partitionIndex: 2, committedOffset: 0, committedMetadata: null },
          ],
        },
      ], { retentionTimeMs: 60000 });
      expect(committed).toEqual([{ name: 'orders', partitions: ok(0, 2) }]);

      // The leader epoch exists from OffsetCommit v6 and OffsetFetch v5; null metadata reads back as "".
      const epoch = v >= 6 ? 7 : -1;
      const want = [{ name: 'orders', partitions: [fetched(0, 100 + v, `meta-v${v}`, epoch), nothing(1), fetched(2, 0)] }];
      const wanted = [{ name: 'orders', partitionIndexes: [0, 1, 2] }];
      if (v >= 8) {
        const res: OffsetFetchResponse = await c.request(OffsetFetch, v, {
          groups: [{ groupId: group, memberId: null, memberEpoch: -1, topics: wanted }],
          requireStable: true,
        });
        expect(res).toEqual({ throttleTimeMs: 0, topics: [], errorCode: 0, groups: [{ groupId: group, topics: want, errorCode: 0 }] });
      } else {
        expect(await fetchOffsets(c, v, group, wanted)).toEqual(want);
      }
    });
  });

  test('offsets are stored exactly as given: −1 and −2 (kafkajs commits them literally), 0, large', async () => {
    await commit(c, 5, 'literal', [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 0, committedOffset: -1, committedMetadata: 'was -1' },
          { partitionIndex: 1, committedOffset: -2 },
          { partitionIndex: 2, committedOffset: 2 ** 40 },
        ],
      },
      { name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 0 }] },
    ]);
    expect(await fetchOffsets(c, 4, 'literal', [{ name: 'orders', partitionIndexes: [0, 1, 2] }, { name: 'payments', partitionIndexes: [0] }])).toEqual([
      { name: 'orders', partitions: [fetched(0, -1, 'was -1'), fetched(1, -2), fetched(2, 2 ** 40)] },
      { name: 'payments', partitions: [fetched(0, 0)] },
    ]);
  });

  test('a later commit replaces an earlier one', async () => {
    await commit(c, 2, 'replace', [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: 'a' }] }]);
    await commit(c, 2, 'replace', [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: 'b' }] }]);
    expect(await fetchOffsets(c, 1, 'replace', [{ name: 'orders', partitionIndexes: [0] }])).toEqual([{ name: 'orders', partitions: [fetched(0, 3, 'b')] }]);
  });

  test('unknown topics and partitions fail with 3 and come first; the rest is stored', async () => {
    const res = await commit(c, 8, 'unknowns', [
      { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }, { partitionIndex: 3, committedOffset: 1 }] },
      { name: 'no-such-topic', partitions: [{ partitionIndex: 0, committedOffset: 1 }, { partitionIndex: 1, committedOffset: 1 }] },
      { name: 'payments', partitions: [{ partitionIndex: 1, committedOffset: 9 }] },
    ]);
    expect(res).toEqual([
      { name: 'orders', partitions: [{ partitionIndex: 3, errorCode: 3 }, { partitionIndex: 0, errorCode: 0 }] },
      { name: 'no-such-topic', partitions: [{ partitionIndex: 0, errorCode: 3 }, { partitionIndex: 1, errorCode: 3 }] },
      { name: 'payments', partitions: [{ partitionIndex: 1, errorCode: 0 }] },
    ]);
    expect(await fetchOffsets(c, 7, 'unknowns', null)).toEqual([
      { name: 'orders', partitions: [fetched(0, 1)] },
      { name: 'payments', partitions: [fetched(1, 9)] },
    ]);
  });

  test('metadata up to offset.metadata.max.bytes (4096) is kept; longer fails that partition with 12', async () => {
    const res = await commit(c, 3, 'metadata', [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 0, committedOffset: 1, committedMetadata: 'x'.repeat(4096) },
          { partitionIndex: 1, committedOffset: 1, committedMetadata: 'x'.repeat(4097) },
        ],
      },
    ]);
    expect(res).toEqual([{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 12 }] }]);
    expect(await fetchOffsets(c, 3, 'metadata', [{ name: 'orders', partitionIndexes: [0, 1] }])).toEqual([
      { name: 'orders', partitions: [fetched(0, 1, 'x'.repeat(4096)), nothing(1)] },
    ]);
  });

  test('an empty group id is a group like any other for commit and fetch, as in Kafka', async () => {
    expect(await commit(c, 2, '', [{ name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 4 }] }])).toEqual([
      { name: 'payments', partitions: ok(0) },
    ]);
    expect(await fetchOffsets(c, 2, '', null)).toEqual([{ name: 'payments', partitions: [fetched(0, 4)] }]);
  });

  test('the group’s verdict applies to every known partition; unknown ones keep 3; nothing is stored', async () => {
    const validate = jest.spyOn(GroupCoordinator.prototype, 'validateOffsetCommit').mockReturnValue(ErrorCode.ILLEGAL_GENERATION);
    const res = await commit(
      c,
      7,
      'verdict',
      [
        { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }, { partitionIndex: 9, committedOffset: 1 }] },
        { name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: 'x'.repeat(5000) }] },
      ],
      { generationIdOrMemberEpoch: 3, memberId: 'member-1', groupInstanceId: 'instance-1' },
    );
    expect(validate.mock.calls).toEqual([['verdict', 'member-1', 3, 'instance-1']]);
    expect(res).toEqual([
      { name: 'orders', partitions: [{ partitionIndex: 9, errorCode: 3 }, { partitionIndex: 0, errorCode: 22 }] },
      { name: 'payments', partitions: [{ partitionIndex: 0, errorCode: 22 }] },
    ]);
    expect(await fetchOffsets(c, 7, 'verdict', null)).toEqual([]);
  });

  test('a failed journal write is 16 NOT_COORDINATOR for every known partition; unknown ones keep 3', async () => {
    jest.spyOn(OffsetStore.prototype, 'commitAll').mockImplementation(() => {
      throw new Error('ENOSPC: no space left on device');
    });
    const res = await commit(c, 8, 'disk-full', [
      { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }, { partitionIndex: 1, committedOffset: 1, committedMetadata: 'x'.repeat(5000) }] },
      { name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: 1 }] },
    ]);
    expect(res).toEqual([
      { name: 'nope', partitions: [{ partitionIndex: 0, errorCode: 3 }] },
      { name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 16 }, { partitionIndex: 1, errorCode: 16 }] },
    ]);
  });

  test('a commit naming only unknown partitions never asks the group', async () => {
    const validate = jest.spyOn(GroupCoordinator.prototype, 'validateOffsetCommit');
    const res = await commit(c, 1, 'only-unknown', [{ name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: 1 }] }], {
      generationIdOrMemberEpoch: 1,
      memberId: 'm',
    });
    expect(res).toEqual([{ name: 'nope', partitions: [{ partitionIndex: 0, errorCode: 3 }] }]);
    expect(validate).not.toHaveBeenCalled();
  });

  test('a simple commit (v0, no generation, no member) reaches the group as generation −1, empty member', async () => {
    const validate = jest.spyOn(GroupCoordinator.prototype, 'validateOffsetCommit');
    await commit(c, 0, 'simple', [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }] }]);
    expect(validate.mock.calls).toEqual([['simple', '', -1, null]]);
  });

  test('a member commit to a group that does not exist: 22 ILLEGAL_GENERATION before v9, 69 GROUP_ID_NOT_FOUND from v9', async () => {
    const topics = [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }] }];
    const member = { generationIdOrMemberEpoch: 1, memberId: 'ghost' };
    expect(await commit(c, 8, 'no-such-group', topics, member)).toEqual([{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 22 }] }]);
    expect(await commit(c, 9, 'no-such-group', topics, member)).toEqual([{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 69 }] }]);
  });

  test('a member of a Stable group commits with its generation; a stale generation is 22', async () => {
    const member = await pool.connect(broker.port);
    const { memberId, generationId } = await joinAndSync(member, 'members', 'consumer', encodeSubscription({ topics: ['orders'] }));
    const topics = [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 8 }] }];
    expect(await commit(member, 9, 'members', topics, { generationIdOrMemberEpoch: generationId, memberId })).toEqual([
      { name: 'orders', partitions: ok(1) },
    ]);
    expect(await commit(member, 9, 'members', topics, { generationIdOrMemberEpoch: generationId + 1, memberId })).toEqual([
      { name: 'orders', partitions: [{ partitionIndex: 1, errorCode: 22 }] },
    ]);
    expect(await fetchOffsets(c, 7, 'members', null)).toEqual([{ name: 'orders', partitions: [fetched(1, 8)] }]);
  });

  describe('OffsetFetch', () => {
    test('unknown groups and unknown topics: −1, "", no error (Kafka does not error)', async () => {
      expect(await fetchOffsets(c, 0, 'never-seen', [{ name: 'orders', partitionIndexes: [0] }, { name: 'nope', partitionIndexes: [5] }])).toEqual([
        { name: 'orders', partitions: [nothing(0)] },
        { name: 'nope', partitions: [nothing(5)] },
      ]);
      expect(await fetchOffsets(c, 6, 'never-seen', [{ name: 'orders', partitionIndexes: [1] }])).toEqual([{ name: 'orders', partitions: [nothing(1)] }]);
    });

    test('topics null (v2+) lists every committed partition of the group, by topic then partition', async () => {
      await commit(c, 6, 'all', [
        { name: 'payments', partitions: [{ partitionIndex: 1, committedOffset: 11, committedLeaderEpoch: 2 }] },
        { name: 'orders', partitions: [{ partitionIndex: 2, committedOffset: 22 }, { partitionIndex: 0, committedOffset: 20, committedMetadata: 'm' }] },
      ]);
      const want = [
        { name: 'orders', partitions: [fetched(0, 20, 'm'), fetched(2, 22)] },
        { name: 'payments', partitions: [fetched(1, 11, '', 2)] },
      ];
      expect(await fetchOffsets(c, 7, 'all', null)).toEqual(want);
      // v2-4 have no leader epoch on the wire: it decodes as its default, −1.
      expect(await fetchOffsets(c, 2, 'all', null)).toEqual([want[0], { name: 'payments', partitions: [fetched(1, 11)] }]);
      expect(await fetchOffsets(c, 2, 'nobody', null)).toEqual([]);
    });

    test('v8+ answers several groups in one request, each on its own', async () => {
      await commit(c, 8, 'multi-a', [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }] }]);
      await commit(c, 9, 'multi-b', [{ name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 2, committedMetadata: 'b' }] }]);
      for (const v of [8, 9]) {
        const res: OffsetFetchResponse = await c.request(OffsetFetch, v, {
          groups: [
            { groupId: 'multi-a', memberId: null, memberEpoch: -1, topics: [{ name: 'orders', partitionIndexes: [0, 1] }] },
            { groupId: 'multi-b', memberId: null, memberEpoch: -1, topics: null },
            { groupId: 'multi-unknown', memberId: null, memberEpoch: -1, topics: [{ name: 'payments', partitionIndexes: [1] }] },
            { groupId: 'multi-unknown', memberId: null, memberEpoch: -1, topics: null },
          ],
          requireStable: false,
        });
        expect(res.groups).toEqual([
          { groupId: 'multi-a', topics: [{ name: 'orders', partitions: [fetched(0, 1), nothing(1)] }], errorCode: 0 },
          { groupId: 'multi-b', topics: [{ name: 'payments', partitions: [fetched(0, 2, 'b')] }], errorCode: 0 },
          { groupId: 'multi-unknown', topics: [{ name: 'payments', partitions: [nothing(1)] }], errorCode: 0 },
          { groupId: 'multi-unknown', topics: [], errorCode: 0 },
        ]);
      }
    });
  });

  describe('OffsetDelete', () => {
    const del = async (groupId: string, topics: Array<{ name: string; partitions: number[] }>): Promise<OffsetDeleteResponse> =>
      c.request(OffsetDelete, 0, {
        groupId,
        topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })) })),
      });

    test('an empty group id is 24 INVALID_GROUP_ID for the whole request', async () => {
      expect(await del('', [{ name: 'orders', partitions: [0] }])).toEqual({ errorCode: 24, throttleTimeMs: 0, topics: [] });
    });

    test('an unknown group is 69 GROUP_ID_NOT_FOUND for the whole request, unknown topics or not', async () => {
      expect(await del('no-such-group', [{ name: 'orders', partitions: [0] }, { name: 'nope', partitions: [0] }])).toEqual({
        errorCode: 69,
        throttleTimeMs: 0,
        topics: [],
      });
    });

    test('deletes the named partitions; unknown ones fail with 3 and come first; the rest stays', async () => {
      await commit(c, 8, 'del', [
        { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }, { partitionIndex: 1, committedOffset: 2 }] },
        { name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 3 }] },
      ]);
      const res = await del('del', [
        { name: 'orders', partitions: [0, 7, 2] },
        { name: 'nope', partitions: [0] },
      ]);
      // orders-2 had no offset: deleting nothing succeeds too.
      expect(res).toEqual({
        errorCode: 0,
        throttleTimeMs: 0,
        topics: [
          { name: 'orders', partitions: [{ partitionIndex: 7, errorCode: 3 }, { partitionIndex: 0, errorCode: 0 }, { partitionIndex: 2, errorCode: 0 }] },
          { name: 'nope', partitions: [{ partitionIndex: 0, errorCode: 3 }] },
        ],
      });
      expect(await fetchOffsets(c, 7, 'del', null)).toEqual([
        { name: 'orders', partitions: [fetched(1, 2)] },
        { name: 'payments', partitions: [fetched(0, 3)] },
      ]);

      // With its last offsets gone, a group without members no longer exists.
      expect(await del('del', [{ name: 'orders', partitions: [1] }, { name: 'payments', partitions: [0] }])).toEqual({
        errorCode: 0,
        throttleTimeMs: 0,
        topics: [
          { name: 'orders', partitions: ok(1) },
          { name: 'payments', partitions: ok(0) },
        ],
      });
      expect(await fetchOffsets(c, 7, 'del', null)).toEqual([]);
      expect((await del('del', [{ name: 'orders', partitions: [1] }])).errorCode).toBe(69);
    });

    test('a Stable consumer group keeps the offsets of topics it subscribes to (86); others go', async () => {
      const member = await pool.connect(broker.port);
      const { memberId, generationId } = await joinAndSync(member, 'subscribed', 'consumer', encodeSubscription({ topics: ['orders'] }));
      await commit(member, 8, 'subscribed', [
        { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1 }] },
        { name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 2 }] },
      ], { generationIdOrMemberEpoch: generationId, memberId });
      expect(await del('subscribed', [{ name: 'orders', partitions: [0, 1] }, { name: 'payments', partitions: [0] }])).toEqual({
        errorCode: 0,
        throttleTimeMs: 0,
        topics: [
          { name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 86 }, { partitionIndex: 1, errorCode: 86 }] },
          { name: 'payments', partitions: ok(0) },
        ],
      });
      expect(await fetchOffsets(c, 7, 'subscribed', null)).toEqual([{ name: 'orders', partitions: [fetched(0, 1)] }]);
    });

    test('a non-empty group that is not a consumer group is 68 NON_EMPTY_GROUP for the whole request', async () => {
      const member = await pool.connect(broker.port);
      await joinAndSync(member, 'connect-workers', 'connect', Buffer.from('worker'));
      expect(await del('connect-workers', [{ name: 'orders', partitions: [0] }])).toEqual({ errorCode: 68, throttleTimeMs: 0, topics: [] });
    });

    test('a group whose members all left is Empty: its offsets can all be deleted', async () => {
      const member = await pool.connect(broker.port);
      const { memberId, generationId } = await joinAndSync(member, 'left', 'consumer', encodeSubscription({ topics: ['orders'] }));
      await commit(member, 8, 'left', [{ name: 'orders', partitions: [{ partitionIndex: 2, committedOffset: 3 }] }], {
        generationIdOrMemberEpoch: generationId,
        memberId,
      });
      const left: LeaveGroupResponse = await member.request(LeaveGroup, 0, { groupId: 'left', memberId });
      expect(left.errorCode).toBe(0);
      expect(await del('left', [{ name: 'orders', partitions: [2] }])).toEqual({ errorCode: 0, throttleTimeMs: 0, topics: [{ name: 'orders', partitions: ok(2) }] });
      expect(await fetchOffsets(c, 7, 'left', null)).toEqual([]);
    });
  });

  test('DeleteTopics takes the topic’s committed offsets with it', async () => {
    const admin = await pool.connect(broker.port);
    await createTopic(admin, 'doomed', 1);
    await commit(c, 8, 'dt', [
      { name: 'doomed', partitions: [{ partitionIndex: 0, committedOffset: 5 }] },
      { name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 6 }] },
    ]);
    await commit(c, 8, 'dt-only', [{ name: 'doomed', partitions: [{ partitionIndex: 0, committedOffset: 7 }] }]);
    const deleted: DeleteTopicsResponse = await admin.request(DeleteTopics, 4, { topicNames: ['doomed'], timeoutMs: 5000 });
    expect(deleted.responses.map((r) => r.errorCode)).toEqual([0]);
    await createTopic(admin, 'doomed', 1);

    expect(await fetchOffsets(c, 7, 'dt', null)).toEqual([{ name: 'orders', partitions: [fetched(0, 6)] }]);
    expect(await fetchOffsets(c, 7, 'dt', [{ name: 'doomed', partitionIndexes: [0] }])).toEqual([{ name: 'doomed', partitions: [nothing(0)] }]);
    expect(await fetchOffsets(c, 7, 'dt-only', null)).toEqual([]);
  });
});

describe('durability', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-offsets-durable-'));
    dirs.push(d);
    return d;
  };

  test('offsets survive a clean restart', async () => {
    const dataDir = tmp();
    let broker = await Broker.start({ port: 0, dataDir, logLevel: 'silent' });
    let c = await TestClient.connect(broker.port);
    await createTopic(c, 'kept', 2);
    await commit(c, 9, 'restart', [
      { name: 'kept', partitions: [{ partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: 3, committedMetadata: 'm' }, { partitionIndex: 1, committedOffset: 11 }] },
    ]);
    await c.close();
    await broker.stop();

    broker = await Broker.start({ port: 0, dataDir, logLevel: 'silent' });
    try {
      c = await TestClient.connect(broker.port);
      expect(await fetchOffsets(c, 7, 'restart', null)).toEqual([{ name: 'kept', partitions: [fetched(0, 10, 'm', 3), fetched(1, 11)] }]);
      await c.close();
    } finally {
      await broker.stop();
    }
  });

  describe('kill -9 of the real process', () => {
    const children: ChildProcess[] = [];

    beforeAll(() => {
      ensureBuilt();
    }, 120000);

    afterAll(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    async function startCli(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
      const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`no "listening" line; stdout: ${out}; stderr: ${err}`)), 10000);
        child.stderr!.on('data', (d) => (err += d));
        child.stdout!.on('data', (d) => {
          out += d;
          const match = /"port":(\d+)[^\n]*listening/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${err}`)));
      });
      return { child, port };
    }

    async function kill9(child: ChildProcess): Promise<void> {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
      expect(child.signalCode).toBe('SIGKILL');
    }

    test('every acknowledged commit is there after SIGKILL, even with commits in flight', async () => {
      const dataDir = tmp();
      let { child, port } = await startCli(dataDir);
      let c = await TestClient.connect(port);
      await createTopic(c, 'crash', 2);
      await commit(c, 8, 'crash-group', [{ name: 'crash', partitions: [{ partitionIndex: 1, committedOffset: 42, committedMetadata: 'before' }] }]);

      // Pipeline commits of increasing offsets; kill the broker while they are in flight.
      const sent = 400;
      const ids = Array.from({ length: sent }, (_, i) =>
        c.send(OffsetCommit, 8, commitBody('crash-group', [{ name: 'crash', partitions: [{ partitionIndex: 0, committedOffset: i + 1 }] }])),
      );
      let acked = 0;
      for (const id of ids) {
        const res: OffsetCommitResponse = await c.receive(OffsetCommit, 8, id);
        expect(res.topics[0].partitions[0].errorCode).toBe(0);
        acked = id - ids[0] + 1;
        if (acked === 150) break;
      }
      await kill9(child);
      await c.close();

      ({ child, port } = await startCli(dataDir));
      c = await TestClient.connect(port);
      const [orders] = await fetchOffsets(c, 7, 'crash-group', [{ name: 'crash', partitionIndexes: [0, 1] }]);
      const [p0, p1] = orders.partitions;
      expect(p0.errorCode).toBe(0);
      expect(p0.committedOffset).toBeGreaterThanOrEqual(acked);
      expect(p0.committedOffset).toBeLessThanOrEqual(sent);
      expect(p1).toEqual(fetched(1, 42, 'before'));

      // The restarted broker keeps journaling after whatever the crash left behind.
      await commit(c, 8, 'crash-group', [{ name: 'crash', partitions: [{ partitionIndex: 0, committedOffset: 1000 }] }]);
      await kill9(child);
      await c.close();
      ({ child, port } = await startCli(dataDir));
      c = await TestClient.connect(port);
      expect(await fetchOffsets(c, 7, 'crash-group', null)).toEqual([{ name: 'crash', partitions: [fetched(0, 1000), fetched(1, 42, 'before')] }]);
      await c.close();
      await kill9(child);
    }, 60000);

    test('a torn journal tail (as a crash mid-write leaves it) is dropped on start', async () => {
      const dataDir = tmp();
      let { child, port } = await startCli(dataDir);
      let c = await TestClient.connect(port);
      await createTopic(c, 'torn', 1);
      await commit(c, 8, 'torn-group', [{ name: 'torn', partitions: [{ partitionIndex: 0, committedOffset: 5 }] }]);
      await c.close();
      await kill9(child);
      const journal = path.join(dataDir, '__consumer_offsets', 'offsets.journal');
      fs.appendFileSync(journal, Buffer.from([0, 0, 0, 60, 1, 2, 3, 4, 1, 0])); // half a record

      ({ child, port } = await startCli(dataDir));
      c = await TestClient.connect(port);
      expect(await fetchOffsets(c, 7, 'torn-group', null)).toEqual([{ name: 'torn', partitions: [fetched(0, 5)] }]);
      await c.close();
      await kill9(child);
    }, 60000);
  });
});

