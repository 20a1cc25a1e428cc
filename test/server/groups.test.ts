/**
 * The classic group APIs over real TCP, against a broker with a 100 ms minimum session timeout and
 * no initial rebalance delay: old (v0) and flexible (v9) clients in one group, MEMBER_ID_REQUIRED,
 * a client that disappears mid-rebalance, and the admin APIs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { DeleteGroups, DeleteGroupsResponse } from '../../wire/apis/DeleteGroups';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { FindCoordinator, FindCoordinatorResponse } from '../../wire/apis/FindCoordinator';
import { Heartbeat, HeartbeatResponse } from '../../wire/apis/Heartbeat';
import { JoinGroup } from '../../wire/apis/JoinGroup';
import { LeaveGroup, LeaveGroupResponse } from '../../wire/apis/LeaveGroup';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { SyncGroup } from '../../wire/apis/SyncGroup';
import { decodeAssignment } from '../../wire/consumerProtocol';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient } from './client';
import { assignment, joinBody, JoinGroupResponse, joinWithMemberId, sendAndLater, subscription, syncBody, SyncGroupResponse } from './groupClient';

let broker: Broker;
let dataDir: string;
const pool = new ClientPool();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-groups-'));
  broker = await Broker.start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    groups: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 100, maxSessionTimeoutMs: 1800000, maxSize: 1000 },
  });
});

afterAll(async () => {
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => pool.closeAll());

const connect = (): Promise<TestClient> => pool.connect(broker.port);

async function heartbeat(c: TestClient, version: number, groupId: string, m: { memberId: string; generationId: number }): Promise<number> {
  const res: HeartbeatResponse = await c.request(Heartbeat, version, { groupId, generationId: m.generationId, memberId: m.memberId, groupInstanceId: null });
  return res.errorCode;
}

async function describe1(c: TestClient, version: number, groupId: string, includeAuthorizedOperations = false) {
  const res: DescribeGroupsResponse = await c.request(DescribeGroups, version, { groups: [groupId], includeAuthorizedOperations });
  return res.groups[0];
}

test('ApiVersions advertises the group APIs with their version ranges', async () => {
  const c = await connect();
  const res: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
  const ranges = Object.fromEntries(res.apiKeys.map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
  expect(ranges).toMatchObject({ 10: [0, 6], 11: [0, 9], 12: [0, 4], 13: [0, 5], 14: [0, 5], 15: [0, 5], 16: [0, 5], 42: [0, 2] });
});

describe('FindCoordinator', () => {
  test('this broker coordinates groups and transactions, one key (v0-3) or a batch (v4+)', async () => {
    const c = await connect();
    const self = { nodeId: 1, host: '127.0.0.1', port: broker.port };
    const v0: FindCoordinatorResponse = await c.request(FindCoordinator, 0, { key: 'g', keyType: 0, coordinatorKeys: [] });
    expect(v0).toMatchObject({ errorCode: 0, ...self });
    const v2: FindCoordinatorResponse = await c.request(FindCoordinator, 2, { key: 'txn', keyType: 1, coordinatorKeys: [] });
    expect(v2).toMatchObject({ errorCode: 0, errorMessage: 'NONE', ...self });
    const v3: FindCoordinatorResponse = await c.request(FindCoordinator, 3, { key: '', keyType: 0, coordinatorKeys: [] });
    expect(v3).toMatchObject({ errorCode: 0, ...self });
    for (const version of [4, 6]) {
      const batch: FindCoordinatorResponse = await c.request(FindCoordinator, version, { key: '', keyType: 0, coordinatorKeys: ['a', 'b'] });
      expect(batch.coordinators).toEqual([
        { key: 'a', ...self, errorCode: 0, errorMessage: null },
        { key: 'b', ...self, errorCode: 0, errorMessage: null },
      ]);
    }
  });

  test('an unknown key type is INVALID_REQUEST', async () => {
    const c = await connect();
    const v1: FindCoordinatorResponse = await c.request(FindCoordinator, 1, { key: 'g', keyType: 5, coordinatorKeys: [] });
    expect(v1).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, nodeId: -1, host: '', port: -1 });
    const v4: FindCoordinatorResponse = await c.request(FindCoordinator, 4, { key: '', keyType: 2, coordinatorKeys: ['g'] });
    expect(v4.coordinators[0]).toMatchObject({ key: 'g', errorCode: ErrorCode.INVALID_REQUEST, nodeId: -1 });
  });
});

test('a v0 member and a flexible v9 member: join, sync, heartbeat, describe, leave', async () => {
  const group = 'mixed';
  const a = await connect();
  const b = await connect();

  // a (JoinGroup v0, no MEMBER_ID_REQUIRED) starts the group alone.
  const aJoin1: JoinGroupResponse = await a.request(JoinGroup, 0, joinBody(group, { protocols: [{ name: 'range', metadata: subscription('events') }] }));
  expect(aJoin1).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: aJoin1.memberId });
  expect(aJoin1.members).toEqual([{ memberId: aJoin1.memberId, groupInstanceId: null, metadata: subscription('events') }]);
  const aSync1: SyncGroupResponse = await a.request(SyncGroup, 0, syncBody(group, aJoin1, { [aJoin1.memberId]: assignment('events', 0, 1) }));
  expect(aSync1).toMatchObject({ errorCode: 0 });
  expect(decodeAssignment(aSync1.assignment).assignedPartitions).toEqual([{ topic: 'events', partitions: [0, 1] }]);
  expect(await heartbeat(a, 0, group, aJoin1)).toBe(ErrorCode.NONE);

  // b (v9) asks for a member id, then joins: the group prepares a rebalance.
  const idRequired: JoinGroupResponse = await b.request(JoinGroup, 9, joinBody(group));
  expect(idRequired).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, protocolName: null, protocolType: null, leader: '' });
  expect(idRequired.memberId).toMatch(/^test-[0-9a-f-]{36}$/); // the client id, then a uuid
  const bJoinLater = sendAndLater<JoinGroupResponse>(b, JoinGroup, 9, joinBody(group, { memberId: idRequired.memberId }));
  expect(await heartbeat(a, 0, group, aJoin1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);

  // a rejoins; both answers arrive: a leads generation 2 and gets both subscriptions.
  const aJoin2: JoinGroupResponse = await a.request(JoinGroup, 0, joinBody(group, { memberId: aJoin1.memberId }));
  const bJoin: JoinGroupResponse = await bJoinLater();
  expect(aJoin2).toMatchObject({ errorCode: 0, generationId: 2, leader: aJoin1.memberId, protocolName: 'range' });
  expect(aJoin2.members.map((m) => m.memberId)).toEqual([aJoin1.memberId, idRequired.memberId]);
  expect(bJoin).toEqual({
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: 2,
    protocolType: 'consumer',
    protocolName: 'range',
    leader: aJoin1.memberId,
    skipAssignment: false,
    memberId: idRequired.memberId,
    members: [],
  });

  // b's SyncGroup (v5) waits for the leader's (v0).
  const bSyncLater = sendAndLater<SyncGroupResponse>(b, SyncGroup, 5, syncBody(group, bJoin));
  const aSync2: SyncGroupResponse = await a.request(
    SyncGroup,
    0,
    syncBody(group, aJoin2, { [aJoin1.memberId]: assignment('events', 0), [bJoin.memberId]: assignment('events', 1) }),
  );
  expect(decodeAssignment(aSync2.assignment).assignedPartitions).toEqual([{ topic: 'events', partitions: [0] }]);
  const bSync = await bSyncLater();
  expect(bSync).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
  expect(decodeAssignment(bSync.assignment).assignedPartitions).toEqual([{ topic: 'events', partitions: [1] }]);
  expect(await heartbeat(b, 4, group, bJoin)).toBe(ErrorCode.NONE);
  expect(await heartbeat(a, 0, group, aJoin1)).toBe(ErrorCode.ILLEGAL_GENERATION);

  const described = await describe1(a, 5, group, true);
  expect(described).toMatchObject({ errorCode: 0, groupId: group, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
  expect(described.authorizedOperations).toBe((1 << 3) | (1 << 6) | (1 << 8));
  expect(described.members).toEqual([
    { memberId: aJoin1.memberId, groupInstanceId: null, clientId: 'test', clientHost: '/127.0.0.1', memberMetadata: subscription('events'), memberAssignment: assignment('events', 0) },
    { memberId: bJoin.memberId, groupInstanceId: null, clientId: 'test', clientHost: '/127.0.0.1', memberMetadata: subscription('events'), memberAssignment: assignment('events', 1) },
  ]);
  expect((await describe1(a, 2, group)).members).toHaveLength(2);

  // b leaves (v5 batch): a rebalances alone into generation 3.
  const bLeave: LeaveGroupResponse = await b.request(LeaveGroup, 5, { groupId: group, memberId: '', members: [{ memberId: bJoin.memberId, groupInstanceId: null, reason: 'done' }] });
  expect(bLeave).toMatchObject({ errorCode: 0, members: [{ memberId: bJoin.memberId, groupInstanceId: null, errorCode: 0 }] });
  expect(await heartbeat(a, 0, group, aJoin2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const aJoin3: JoinGroupResponse = await a.request(JoinGroup, 0, joinBody(group, { memberId: aJoin1.memberId }));
  expect(aJoin3).toMatchObject({ generationId: 3, members: [{ memberId: aJoin1.memberId }] });

  // a leaves (v0): the group is Empty.
  const aLeave: LeaveGroupResponse = await a.request(LeaveGroup, 0, { groupId: group, memberId: aJoin1.memberId, members: [] });
  expect(aLeave.errorCode).toBe(0);
  const again: LeaveGroupResponse = await a.request(LeaveGroup, 1, { groupId: group, memberId: aJoin1.memberId, members: [] });
  expect(again.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // v0-2 carry the member's error at the top
  expect(await describe1(a, 0, group)).toMatchObject({ groupState: 'Empty', protocolType: 'consumer', protocolData: '', members: [] });
});

test('JoinGroup v4-v9 ask for a member id first; v0-3 join directly', async () => {
  for (const version of [4, 5, 6, 7, 8, 9]) {
    const c = await connect();
    const res: JoinGroupResponse = await c.request(JoinGroup, version, joinBody(`required-v${version}`));
    expect(res.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(res.memberId).not.toBe('');
    expect(res.protocolName).toBe(version >= 7 ? null : '');
  }
  for (const version of [1, 2, 3]) {
    const c = await connect();
    const res: JoinGroupResponse = await c.request(JoinGroup, version, joinBody(`direct-v${version}`));
    expect(res).toMatchObject({ errorCode: 0, generationId: 1 });
  }
  const c = await connect();
  expect(await joinWithMemberId(c, 5, 'two-step')).toMatchObject({ errorCode: 0, generationId: 1 });
});

test('JoinGroup and SyncGroup errors on the wire', async () => {
  const c = await connect();
  const emptyGroup: JoinGroupResponse = await c.request(JoinGroup, 5, joinBody(''));
  expect(emptyGroup).toMatchObject({ errorCode: ErrorCode.INVALID_GROUP_ID, generationId: -1, protocolName: '' });
  const shortSession: JoinGroupResponse = await c.request(JoinGroup, 7, joinBody('g-errors', { sessionTimeoutMs: 99 }));
  expect(shortSession).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT, protocolName: null });
  const unknown: JoinGroupResponse = await c.request(JoinGroup, 5, joinBody('g-errors', { memberId: 'ghost' }));
  expect(unknown).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: 'ghost' });

  const joined: JoinGroupResponse = await c.request(JoinGroup, 1, joinBody('g-errors'));
  const otherType: JoinGroupResponse = await (await connect()).request(JoinGroup, 1, joinBody('g-errors', { protocolType: 'connect' }));
  expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

  // SyncGroup v5 must carry the protocol type and name, and they must match the group's.
  const missing: SyncGroupResponse = await c.request(SyncGroup, 5, syncBody('g-errors', joined, {}, { protocolType: null }));
  expect(missing).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolType: null, protocolName: null });
  const wrongName: SyncGroupResponse = await c.request(SyncGroup, 5, syncBody('g-errors', joined, {}, { protocolName: 'roundrobin' }));
  expect(wrongName.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  const wrongGeneration: SyncGroupResponse = await c.request(SyncGroup, 3, syncBody('g-errors', { ...joined, generationId: 9 }));
  expect(wrongGeneration.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  const ok: SyncGroupResponse = await c.request(SyncGroup, 4, syncBody('g-errors', joined, { [joined.memberId]: assignment('t', 0) }));
  expect(ok.errorCode).toBe(0);
  expect(await heartbeat(c, 2, 'g-errors', { memberId: 'ghost', generationId: 1 })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect(await heartbeat(c, 3, '', joined)).toBe(ErrorCode.INVALID_GROUP_ID);
});

test('a member whose connection drops mid-rebalance does not wedge the group', async () => {
  const group = 'dropout';
  const a = await connect();
  const b = await connect();
  const timeouts = { sessionTimeoutMs: 5000, rebalanceTimeoutMs: 300 };
  const [aJoin, bJoin] = await Promise.all([
    a.request<JoinGroupResponse>(JoinGroup, 1, joinBody(group, timeouts)),
    b.request<JoinGroupResponse>(JoinGroup, 1, joinBody(group, timeouts)),
  ]);
  const leader = aJoin.leader === aJoin.memberId ? { c: a, join: aJoin } : { c: b, join: bJoin };
  const follower = leader.c === a ? { c: b, join: bJoin } : { c: a, join: aJoin };

  // The follower disconnects without syncing; the leader syncs.
  await follower.c.close();
  const synced: SyncGroupResponse = await leader.c.request(SyncGroup, 1, syncBody(group, leader.join, { [leader.join.memberId]: assignment('t', 0) }));
  expect(synced.errorCode).toBe(0);

  // After the rebalance timeout the silent follower is removed and the leader is told to rejoin.
  const deadline = Date.now() + 3000;
  let hb = await heartbeat(leader.c, 1, group, leader.join);
  while (hb === ErrorCode.NONE && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    hb = await heartbeat(leader.c, 1, group, leader.join);
  }
  expect(hb).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const rejoined: JoinGroupResponse = await leader.c.request(JoinGroup, 1, joinBody(group, { ...timeouts, memberId: leader.join.memberId }));
  expect(rejoined).toMatchObject({ errorCode: 0, generationId: 2, members: [{ memberId: leader.join.memberId }] });
});

test('DescribeGroups, ListGroups with filters, DeleteGroups', async () => {
  const c = await connect();
  const stable = await joinWithMemberId(c, 5, 'listed-stable');
  await c.request(SyncGroup, 3, syncBody('listed-stable', stable, { [stable.memberId]: assignment('t', 0) }));
  const d = await connect();
  const leaving: JoinGroupResponse = await d.request(JoinGroup, 2, joinBody('listed-empty'));
  await d.request(LeaveGroup, 2, { groupId: 'listed-empty', memberId: leaving.memberId, members: [] });

  expect(await describe1(c, 0, 'never-seen')).toEqual({
    errorCode: 0,
    groupId: 'never-seen',
    groupState: 'Dead',
    protocolType: '',
    protocolData: '',
    members: [],
    authorizedOperations: -2147483648,
  });

  const all: ListGroupsResponse = await c.request(ListGroups, 0, { statesFilter: [], typesFilter: [] });
  expect(all.errorCode).toBe(0);
  expect(all.groups).toEqual(
    expect.arrayContaining([
      { groupId: 'listed-stable', protocolType: 'consumer', groupState: '', groupType: '' },
      { groupId: 'listed-empty', protocolType: 'consumer', groupState: '', groupType: '' },
    ]),
  );
  const stableOnly: ListGroupsResponse = await c.request(ListGroups, 4, { statesFilter: ['stable'], typesFilter: [] });
  expect(stableOnly.groups.map((g) => g.groupId)).toContain('listed-stable');
  expect(stableOnly.groups.every((g) => g.groupState === 'Stable')).toBe(true);
  expect(stableOnly.groups.map((g) => g.groupId)).not.toContain('listed-empty');
  const emptyOnly: ListGroupsResponse = await c.request(ListGroups, 5, { statesFilter: ['Empty'], typesFilter: ['classic'] });
  expect(emptyOnly.groups).toContainEqual({ groupId: 'listed-empty', protocolType: 'consumer', groupState: 'Empty', groupType: 'classic' });
  const consumerType: ListGroupsResponse = await c.request(ListGroups, 5, { statesFilter: [], typesFilter: ['consumer'] });
  expect(consumerType.groups).toEqual([]);

  const deleted: DeleteGroupsResponse = await c.request(DeleteGroups, 2, { groupsNames: ['listed-stable', 'listed-empty', 'never-seen'] });
  expect(deleted.results).toEqual([
    { groupId: 'listed-stable', errorCode: ErrorCode.NON_EMPTY_GROUP },
    { groupId: 'listed-empty', errorCode: ErrorCode.NONE },
    { groupId: 'never-seen', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
  ]);
  expect((await describe1(c, 4, 'listed-empty')).groupState).toBe('Dead');
  const again: DeleteGroupsResponse = await c.request(DeleteGroups, 0, { groupsNames: ['listed-empty'] });
  expect(again.results).toEqual([{ groupId: 'listed-empty', errorCode: ErrorCode.GROUP_ID_NOT_FOUND }]);
});
