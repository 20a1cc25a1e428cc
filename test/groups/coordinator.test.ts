/**
 * The classic group state machine, driven directly with real timers and short timeouts: joins and
 * their errors, rebalances with several members, heartbeats, session and rebalance timeouts.
 */
import { GroupCoordinator } from '../../src/groups/GroupCoordinator';
import { ErrorCode } from '../../wire/errors';
import {
  isPending,
  joinParams,
  newCoordinator,
  protocol,
  sleep,
  stableGroup,
  stateOf,
  syncParams,
  waitFor,
} from './coordinatorHelpers';

let coordinator: GroupCoordinator;

beforeEach(() => {
  ({ coordinator } = newCoordinator());
});

afterEach(() => coordinator.close());

describe('JoinGroup errors', () => {
  test('an empty group id is INVALID_GROUP_ID', async () => {
    const res = await coordinator.joinGroup(joinParams(''));
    expect(res.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  test('a session timeout outside the configured bounds is INVALID_SESSION_TIMEOUT', async () => {
    expect((await coordinator.joinGroup(joinParams('g', { sessionTimeoutMs: 9 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await coordinator.joinGroup(joinParams('g', { sessionTimeoutMs: 60_001 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(stateOf(coordinator, 'g')).toBe('Dead'); // no group was created
  });

  test('a member id for an unknown group is UNKNOWN_MEMBER_ID, and does not create the group', async () => {
    const res = await coordinator.joinGroup(joinParams('g', { memberId: 'someone' }));
    expect(res).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: 'someone', generationId: -1, leader: '' });
    expect(stateOf(coordinator, 'g')).toBe('Dead');
  });

  test('an unknown member id in a known group is UNKNOWN_MEMBER_ID', async () => {
    await stableGroup(coordinator, 'g', [{}]);
    const res = await coordinator.joinGroup(joinParams('g', { memberId: 'someone' }));
    expect(res.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('an empty protocol type or no protocols cannot start a group (INCONSISTENT_GROUP_PROTOCOL)', async () => {
    expect((await coordinator.joinGroup(joinParams('g', { protocolType: '' }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await coordinator.joinGroup(joinParams('g', { protocols: [] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  test('a different protocol type, or no protocol every member supports, is INCONSISTENT_GROUP_PROTOCOL', async () => {
    await stableGroup(coordinator, 'g', [{ protocols: [protocol('range'), protocol('roundrobin')] }]);
    const otherType = await coordinator.joinGroup(joinParams('g', { protocolType: 'connect' }));
    expect(otherType).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId: '' });
    const noCommon = await coordinator.joinGroup(joinParams('g', { protocols: [protocol('sticky')] }));
    expect(noCommon.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(stateOf(coordinator, 'g')).toBe('Stable');
  });

  test('a full group turns new members away with GROUP_MAX_SIZE_REACHED', async () => {
    ({ coordinator } = newCoordinator({ maxSize: 2 }));
    await stableGroup(coordinator, 'g', [{}, {}]);
    const res = await coordinator.joinGroup(joinParams('g'));
    expect(res).toMatchObject({ errorCode: ErrorCode.GROUP_MAX_SIZE_REACHED, memberId: '' });
    expect(stateOf(coordinator, 'g')).toBe('Stable');
  });
});

describe('MEMBER_ID_REQUIRED (v4+)', () => {
  test('a member without an id gets one (client id + uuid) and joins with it', async () => {
    const first = await coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true, clientId: 'app' }));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, leader: '', members: [] });
    expect(first.memberId).toMatch(/^app-[0-9a-f-]{36}$/);
    expect(stateOf(coordinator, 'g')).toBe('Empty'); // a pending member is not a member yet

    const second = await coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true, memberId: first.memberId }));
    expect(second).toMatchObject({ errorCode: ErrorCode.NONE, memberId: first.memberId, leader: first.memberId, generationId: 1 });
  });

  test('the pending id is forgotten after the session timeout', async () => {
    const first = await coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true, sessionTimeoutMs: 50 }));
    await sleep(120);
    const late = await coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true, memberId: first.memberId, sessionTimeoutMs: 50 }));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a rebalance waits for pending members to join', async () => {
    const [a] = await stableGroup(coordinator, 'g', [{}]);
    const pendingB = await coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true }));
    // The leader rejoining starts a rebalance that must wait for B, who holds an id.
    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    expect(await isPending(aJoin)).toBe(true);
    const bJoin = coordinator.joinGroup(joinParams('g', { requireKnownMemberId: true, memberId: pendingB.memberId }));
    const [aRes, bRes] = await Promise.all([aJoin, bJoin]);
    expect(aRes).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a.memberId });
    expect(aRes.members.map((m) => m.memberId).sort()).toEqual([a.memberId, pendingB.memberId].sort());
    expect(bRes).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, members: [] });
  });
});

describe('one member', () => {
  test('join, heartbeat, sync: Empty → PreparingRebalance → CompletingRebalance → Stable', async () => {
    expect(stateOf(coordinator, 'g')).toBe('Dead');
    const join = coordinator.joinGroup(joinParams('g', { protocols: [protocol('range', 'sub')] }));
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    const joined = await join;
    expect(joined).toEqual({
      errorCode: ErrorCode.NONE,
      memberId: joined.memberId,
      generationId: 1,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: joined.memberId,
      skipAssignment: false,
      members: [{ memberId: joined.memberId, groupInstanceId: null, metadata: Buffer.from('sub') }],
    });
    expect(joined.memberId).toMatch(/^client-/);
    expect(stateOf(coordinator, 'g')).toBe('CompletingRebalance');
    expect(coordinator.heartbeat('g', joined.memberId, 1, null)).toBe(ErrorCode.NONE);

    const synced = await coordinator.syncGroup(syncParams('g', joined, { [joined.memberId]: 'mine' }));
    expect(synced).toEqual({ errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('mine') });
    expect(stateOf(coordinator, 'g')).toBe('Stable');

    // Stable: a SyncGroup just returns the member's assignment.
    expect((await coordinator.syncGroup(syncParams('g', joined))).assignment).toEqual(Buffer.from('mine'));
    expect(coordinator.heartbeat('g', joined.memberId, 1, null)).toBe(ErrorCode.NONE);
  });

  test('heartbeat and sync errors: unknown group or member 25, wrong generation 22, empty group id 24', async () => {
    const [m] = await stableGroup(coordinator, 'g', [{}]);
    expect(coordinator.heartbeat('other', m.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat('g', 'nobody', 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat('g', m.memberId, 0, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.heartbeat('', m.memberId, 1, null)).toBe(ErrorCode.INVALID_GROUP_ID);

    expect((await coordinator.syncGroup(syncParams('other', m))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await coordinator.syncGroup(syncParams('g', { ...m, memberId: 'nobody' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await coordinator.syncGroup(syncParams('g', { ...m, generationId: 7 }))).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await coordinator.syncGroup(syncParams('', m))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  test('SyncGroup with a protocol type or name other than the group\'s is INCONSISTENT_GROUP_PROTOCOL (v5)', async () => {
    const [m] = await stableGroup(coordinator, 'g', [{}]);
    const wrongType = await coordinator.syncGroup(syncParams('g', m, {}, { protocolType: 'connect', protocolName: 'range' }));
    expect(wrongType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const wrongName = await coordinator.syncGroup(syncParams('g', m, {}, { protocolType: 'consumer', protocolName: 'sticky' }));
    expect(wrongName.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const right = await coordinator.syncGroup(syncParams('g', m, {}, { protocolType: 'consumer', protocolName: 'range' }));
    expect(right).toMatchObject({ errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range' });
  });

  test('the leader rejoining a Stable group starts a rebalance', async () => {
    const [m] = await stableGroup(coordinator, 'g', [{}]);
    const rejoined = await coordinator.joinGroup(joinParams('g', { memberId: m.memberId }));
    expect(rejoined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: m.memberId });
    expect(stateOf(coordinator, 'g')).toBe('CompletingRebalance');
  });

  test('rejoining with the same metadata during CompletingRebalance repeats the answer', async () => {
    const joined = await coordinator.joinGroup(joinParams('g'));
    const again = await coordinator.joinGroup(joinParams('g', { memberId: joined.memberId }));
    expect(again).toEqual(joined);
    expect(stateOf(coordinator, 'g')).toBe('CompletingRebalance');
  });

  test('an unanswered JoinGroup is answered (27) when the member sends another', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{}, {}]);
    const first = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    const second = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    expect((await first).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await coordinator.joinGroup(joinParams('g', { memberId: b.memberId }));
    expect((await second).errorCode).toBe(ErrorCode.NONE);
  });
});

describe('two members', () => {
  test('a second member joins: the first learns through its heartbeat, both rejoin, the leader assigns', async () => {
    const [a] = await stableGroup(coordinator, 'g', [{ protocols: [protocol('range', 'a-sub')] }]);

    const bJoin = coordinator.joinGroup(joinParams('g', { clientId: 'b', protocols: [protocol('range', 'b-sub')] }));
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    expect(await isPending(bJoin)).toBe(true);
    expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await coordinator.syncGroup(syncParams('g', a))).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);

    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId, protocols: [protocol('range', 'a-sub')] }));
    const [aRes, bRes] = await Promise.all([aJoin, bJoin]);
    expect(aRes).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a.memberId, protocolName: 'range' });
    expect(aRes.members).toEqual([
      { memberId: a.memberId, groupInstanceId: null, metadata: Buffer.from('a-sub') },
      { memberId: bRes.memberId, groupInstanceId: null, metadata: Buffer.from('b-sub') },
    ]);
    expect(bRes).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a.memberId, members: [] });
    expect(bRes.memberId).toMatch(/^b-/);
    expect(stateOf(coordinator, 'g')).toBe('CompletingRebalance');

    // The follower's SyncGroup waits for the leader's.
    const bSync = coordinator.syncGroup(syncParams('g', bRes));
    expect(await isPending(bSync)).toBe(true);
    const aSync = await coordinator.syncGroup(syncParams('g', aRes, { [a.memberId]: 'p0', [bRes.memberId]: 'p1' }));
    expect(aSync.assignment).toEqual(Buffer.from('p0'));
    expect((await bSync).assignment).toEqual(Buffer.from('p1'));
    expect(stateOf(coordinator, 'g')).toBe('Stable');
    expect(coordinator.heartbeat('g', a.memberId, 2, null)).toBe(ErrorCode.NONE);
    expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  test('members the leader did not assign get an empty assignment', async () => {
    const [a, b] = await Promise.all([coordinator.joinGroup(joinParams('g')), coordinator.joinGroup(joinParams('g'))]);
    const leader = a.memberId === a.leader ? a : b;
    const follower = leader === a ? b : a;
    const followerSync = coordinator.syncGroup(syncParams('g', follower));
    await coordinator.syncGroup(syncParams('g', leader, { [leader.memberId]: 'all' }));
    expect(await followerSync).toMatchObject({ errorCode: ErrorCode.NONE, assignment: Buffer.alloc(0) });
  });

  test('the protocol is chosen by vote among the protocols every member supports', async () => {
    // sticky is not shared by all; the first two prefer range, the third roundrobin: range wins.
    const joins = await Promise.all([
      coordinator.joinGroup(joinParams('g', { protocols: [protocol('sticky'), protocol('range'), protocol('roundrobin')] })),
      coordinator.joinGroup(joinParams('g', { protocols: [protocol('range'), protocol('roundrobin')] })),
      coordinator.joinGroup(joinParams('g', { protocols: [protocol('roundrobin'), protocol('range')] })),
    ]);
    expect(joins.map((j) => j.protocolName)).toEqual(['range', 'range', 'range']);
    const leader = joins.find((j) => j.members.length > 0)!;
    expect(leader.members.map((m) => m.metadata.toString())).toEqual(['range-metadata', 'range-metadata', 'range-metadata']);

    // Here roundrobin is the only protocol all three share, whatever they prefer.
    const [h] = await Promise.all([
      coordinator.joinGroup(joinParams('h', { protocols: [protocol('range'), protocol('roundrobin')] })),
      coordinator.joinGroup(joinParams('h', { protocols: [protocol('range'), protocol('roundrobin')] })),
      coordinator.joinGroup(joinParams('h', { protocols: [protocol('roundrobin')] })),
    ]);
    expect(h.protocolName).toBe('roundrobin');
  });

  test('a member that leaves starts a rebalance; the last one to leave empties the group', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{}, {}]);
    expect(coordinator.leaveGroup('g', [{ memberId: b.memberId, groupInstanceId: null }])).toEqual({
      errorCode: ErrorCode.NONE,
      members: [{ memberId: b.memberId, groupInstanceId: null, errorCode: ErrorCode.NONE }],
    });
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoined = await coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    expect(rejoined).toMatchObject({ generationId: 2, leader: a.memberId });
    expect(rejoined.members.map((m) => m.memberId)).toEqual([a.memberId]);

    coordinator.leaveGroup('g', [{ memberId: a.memberId, groupInstanceId: null }]);
    expect(coordinator.describeGroup('g')).toMatchObject({ state: 'Empty', members: [] });
    expect((await coordinator.joinGroup(joinParams('g', { memberId: a.memberId }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a member leaving during the join phase no longer holds it up', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{}, {}]);
    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    expect(await isPending(aJoin)).toBe(true);
    coordinator.leaveGroup('g', [{ memberId: b.memberId, groupInstanceId: null }]);
    expect(await aJoin).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
  });

  test('LeaveGroup errors: unknown group or member 25 per member, empty group id 24', () => {
    expect(coordinator.leaveGroup('nope', [{ memberId: 'm', groupInstanceId: null }])).toEqual({
      errorCode: ErrorCode.NONE,
      members: [{ memberId: 'm', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }],
    });
    expect(coordinator.leaveGroup('', [{ memberId: 'm', groupInstanceId: null }])).toEqual({ errorCode: ErrorCode.INVALID_GROUP_ID, members: [] });
  });

  test('a rebalance that new members join during CompletingRebalance answers waiting syncs with 27', async () => {
    const [a, b] = await Promise.all([coordinator.joinGroup(joinParams('g')), coordinator.joinGroup(joinParams('g'))]);
    const follower = a.memberId === a.leader ? b : a;
    const followerSync = coordinator.syncGroup(syncParams('g', follower));
    expect(await isPending(followerSync)).toBe(true);
    const c = coordinator.joinGroup(joinParams('g'));
    expect((await followerSync).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    await Promise.all([
      coordinator.joinGroup(joinParams('g', { memberId: a.memberId })),
      coordinator.joinGroup(joinParams('g', { memberId: b.memberId })),
      c,
    ]);
    expect(coordinator.describeGroup('g').members).toHaveLength(3);
  });

  test('in PreparingRebalance only members that rejoined count toward the size limit', async () => {
    ({ coordinator } = newCoordinator({ maxSize: 2 }));
    const [a, b] = await stableGroup(coordinator, 'g', [{}, {}]);
    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    // One member has rejoined: a newcomer still fits, and then b, who had not rejoined, is turned away.
    const c = coordinator.joinGroup(joinParams('g'));
    const bLate = await coordinator.joinGroup(joinParams('g', { memberId: b.memberId }));
    expect(bLate).toMatchObject({ errorCode: ErrorCode.GROUP_MAX_SIZE_REACHED, memberId: '' });
    const [aRes, cRes] = await Promise.all([aJoin, c]);
    expect(aRes.generationId).toBe(2);
    expect(aRes.members.map((m) => m.memberId).sort()).toEqual([a.memberId, cRes.memberId].sort());
  });
});

describe('timeouts', () => {
  test('a member that stops heartbeating is removed when its session expires; heartbeats keep it', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{ sessionTimeoutMs: 150 }, { sessionTimeoutMs: 150 }]);
    // a keeps heartbeating; b goes silent.
    for (let i = 0; i < 6; i++) {
      await sleep(50);
      coordinator.heartbeat('g', a.memberId, 1, null);
    }
    expect(coordinator.heartbeat('g', b.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await coordinator.joinGroup(joinParams('g', { memberId: a.memberId, sessionTimeoutMs: 150 }))).members).toHaveLength(1);
  });

  test('the last member expiring leaves the group Empty with the next generation', async () => {
    await stableGroup(coordinator, 'g', [{ sessionTimeoutMs: 50 }]);
    await waitFor(() => stateOf(coordinator, 'g') === 'Empty');
    // Joining again starts generation 3 (the rebalance to Empty made generation 2).
    expect((await coordinator.joinGroup(joinParams('g'))).generationId).toBe(3);
  });

  test('members that do not rejoin within the rebalance timeout are dropped', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{ rebalanceTimeoutMs: 100 }, { rebalanceTimeoutMs: 100 }]);
    const started = Date.now();
    const aRes = await coordinator.joinGroup(joinParams('g', { memberId: a.memberId, rebalanceTimeoutMs: 100 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(aRes).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a.memberId });
    expect(aRes.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(coordinator.heartbeat('g', b.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('if the leader does not rejoin, a member that did becomes the leader', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{ rebalanceTimeoutMs: 80 }, { rebalanceTimeoutMs: 80 }]);
    expect(a.join.leader).toBe(a.memberId);
    // A follower rejoining with the same metadata just gets the current generation back...
    const same = await coordinator.joinGroup(joinParams('g', { memberId: b.memberId, rebalanceTimeoutMs: 80 }));
    expect(same).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: a.memberId, members: [] });
    // ...with new metadata it starts a rebalance, which the silent leader misses.
    const bRes = await coordinator.joinGroup(joinParams('g', { memberId: b.memberId, rebalanceTimeoutMs: 80, protocols: [protocol('range', 'new topics')] }));
    expect(bRes).toMatchObject({ leader: b.memberId, generationId: 2 });
    expect(bRes.members.map((m) => m.memberId)).toEqual([b.memberId]);
  });

  test('members that never send SyncGroup are removed after the rebalance timeout', async () => {
    const [a, b] = await Promise.all([
      coordinator.joinGroup(joinParams('g', { rebalanceTimeoutMs: 150 })),
      coordinator.joinGroup(joinParams('g', { rebalanceTimeoutMs: 150 })),
    ]);
    const leader = a.memberId === a.leader ? a : b;
    const silent = leader === a ? b : a;
    await coordinator.syncGroup(syncParams('g', leader, { [leader.memberId]: 'x', [silent.memberId]: 'y' }));
    expect(stateOf(coordinator, 'g')).toBe('Stable');
    await waitFor(() => stateOf(coordinator, 'g') === 'PreparingRebalance');
    expect(coordinator.heartbeat('g', silent.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat('g', leader.memberId, 1, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  test('a member waiting in the join phase is not expired by its session timeout', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [
      { sessionTimeoutMs: 50, rebalanceTimeoutMs: 5000 },
      { sessionTimeoutMs: 50, rebalanceTimeoutMs: 5000 },
    ]);
    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId, sessionTimeoutMs: 50 }));
    // b neither heartbeats nor rejoins: its session ends, which completes the join phase for a.
    const aRes = await aJoin;
    expect(aRes.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(coordinator.heartbeat('g', b.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  describe('the initial rebalance delay', () => {
    test('the first rebalance waits, and each new member extends it up to the rebalance timeout', async () => {
      ({ coordinator } = newCoordinator({ initialRebalanceDelayMs: 100 }));
      const started = Date.now();
      const a = coordinator.joinGroup(joinParams('g', { rebalanceTimeoutMs: 1000 }));
      await sleep(60);
      const b = coordinator.joinGroup(joinParams('g', { rebalanceTimeoutMs: 1000 }));
      expect(await isPending(a)).toBe(true);
      const [aRes, bRes] = await Promise.all([a, b]);
      // One generation for both; the delay was extended once (about 200 ms in all).
      expect(aRes.generationId).toBe(1);
      expect(bRes.generationId).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    test('the delay does not apply once the group has members', async () => {
      ({ coordinator } = newCoordinator({ initialRebalanceDelayMs: 300 }));
      const [a] = await stableGroup(coordinator, 'g', [{}]);
      const started = Date.now();
      await coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
      expect(Date.now() - started).toBeLessThan(250);
    });
  });
});
