/**
 * Static membership (group.instance.id, KIP-345): a restarted static member takes over under a new
 * member id, the old id is fenced (FENCED_INSTANCE_ID), and in a Stable group it gets its
 * assignment back without a rebalance.
 */
import { GroupCoordinator } from '../../src/groups/GroupCoordinator';
import { ErrorCode } from '../../wire/errors';
import { isPending, joinParams, newCoordinator, protocol, stableGroup, stateOf, syncParams, waitFor } from './coordinatorHelpers';

let coordinator: GroupCoordinator;

beforeEach(() => {
  ({ coordinator } = newCoordinator());
});

afterEach(() => coordinator.close());

test('a restarted static follower gets its assignment back without a rebalance', async () => {
  const [a, b] = await stableGroup(coordinator, 'g', [{}, { groupInstanceId: 'b-1' }]);
  const rejoined = await coordinator.joinGroup(joinParams('g', { groupInstanceId: 'b-1', clientId: 'b' }));
  expect(rejoined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: a.memberId, members: [], protocolName: 'range' });
  expect(rejoined.memberId).toMatch(/^b-1-/); // static ids start with the instance id
  expect(rejoined.memberId).not.toBe(b.memberId);
  expect(stateOf(coordinator, 'g')).toBe('Stable');

  const synced = await coordinator.syncGroup(syncParams('g', rejoined, {}, { groupInstanceId: 'b-1' }));
  expect(synced).toMatchObject({ errorCode: ErrorCode.NONE, assignment: Buffer.from('assignment-1') });
  expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.NONE);
  expect(coordinator.heartbeat('g', rejoined.memberId, 1, 'b-1')).toBe(ErrorCode.NONE);
});

test('the old member id of a replaced static member is fenced', async () => {
  const [, b] = await stableGroup(coordinator, 'g', [{}, { groupInstanceId: 'b-1' }]);
  const rejoined = await coordinator.joinGroup(joinParams('g', { groupInstanceId: 'b-1' }));

  expect(coordinator.heartbeat('g', b.memberId, 1, 'b-1')).toBe(ErrorCode.FENCED_INSTANCE_ID);
  expect((await coordinator.syncGroup(syncParams('g', b, {}, { groupInstanceId: 'b-1' }))).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  expect((await coordinator.joinGroup(joinParams('g', { memberId: b.memberId, groupInstanceId: 'b-1' }))).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  expect(coordinator.validateOffsetCommit('g', b.memberId, 1, 'b-1')).toBe(ErrorCode.FENCED_INSTANCE_ID);
  expect(coordinator.leaveGroup('g', [{ memberId: b.memberId, groupInstanceId: 'b-1' }]).members[0].errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  // Without the instance id the old id is simply unknown; an unknown instance id too.
  expect(coordinator.heartbeat('g', b.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect(coordinator.heartbeat('g', rejoined.memberId, 1, 'other')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect(stateOf(coordinator, 'g')).toBe('Stable');
});

test('a restarted static leader is told the old leader id, so it does not reassign (before v9)', async () => {
  const [a] = await stableGroup(coordinator, 'g', [{ groupInstanceId: 'a-1' }, {}]);
  expect(a.join.leader).toBe(a.memberId);
  const rejoined = await coordinator.joinGroup(joinParams('g', { groupInstanceId: 'a-1' }));
  expect(rejoined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: a.memberId, members: [], skipAssignment: false });
  // It syncs as a follower and gets its assignment; the group still has it as leader, under the new id.
  expect((await coordinator.syncGroup(syncParams('g', rejoined, {}, { groupInstanceId: 'a-1' }))).assignment).toEqual(Buffer.from('assignment-0'));
  // Rejoining as the leader under its new id does start a rebalance (waiting for the other member).
  expect(await isPending(coordinator.joinGroup(joinParams('g', { memberId: rejoined.memberId, groupInstanceId: 'a-1' })))).toBe(true);
  expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
});

test('from v9 a restarted static leader learns it leads but skips the assignment', async () => {
  const [, b] = await stableGroup(coordinator, 'g', [{ groupInstanceId: 'a-1' }, {}]);
  const rejoined = await coordinator.joinGroup(joinParams('g', { groupInstanceId: 'a-1', supportSkippingAssignment: true }));
  expect(rejoined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: rejoined.memberId, skipAssignment: true });
  expect(rejoined.members.map((m) => [m.memberId, m.groupInstanceId])).toEqual([
    [b.memberId, null],
    [rejoined.memberId, 'a-1'],
  ]);
  expect(stateOf(coordinator, 'g')).toBe('Stable');
});

test('a static member rejoining with protocols that change the group\'s choice causes a rebalance', async () => {
  await stableGroup(coordinator, 'g', [{ groupInstanceId: 'a-1', protocols: [protocol('range'), protocol('roundrobin')] }]);
  const rejoined = await coordinator.joinGroup(
    joinParams('g', { groupInstanceId: 'a-1', protocols: [protocol('roundrobin'), protocol('range')] }),
  );
  expect(rejoined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, protocolName: 'roundrobin', leader: rejoined.memberId });
});

test('a static member rejoining during CompletingRebalance restarts the rebalance and fences its old waiting sync', async () => {
  const [aJoin, bJoin] = await Promise.all([
    coordinator.joinGroup(joinParams('g', { groupInstanceId: 'a-1' })),
    coordinator.joinGroup(joinParams('g', { groupInstanceId: 'b-1' })),
  ]);
  expect(aJoin.leader).toBe(aJoin.memberId);
  const bSync = coordinator.syncGroup(syncParams('g', bJoin, {}, { groupInstanceId: 'b-1' }));
  expect(await isPending(bSync)).toBe(true);

  const bAgain = coordinator.joinGroup(joinParams('g', { groupInstanceId: 'b-1' }));
  expect((await bSync).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
  const aAgain = await coordinator.joinGroup(joinParams('g', { memberId: aJoin.memberId, groupInstanceId: 'a-1' }));
  expect(aAgain.generationId).toBe(2);
  expect((await bAgain).generationId).toBe(2);
});

test('a static member replaced while its JoinGroup waits: the old request is fenced', async () => {
  const [a, b] = await stableGroup(coordinator, 'g', [{}, { groupInstanceId: 'b-1' }]);
  const oldJoin = coordinator.joinGroup(joinParams('g', { memberId: b.memberId, groupInstanceId: 'b-1', protocols: [protocol('range', 'changed')] }));
  expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
  const newJoin = coordinator.joinGroup(joinParams('g', { groupInstanceId: 'b-1' }));
  expect((await oldJoin).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  await coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
  expect(await newJoin).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
});

test('a static member that misses a rebalance is kept in the new generation, then removed if it never syncs', async () => {
  const [a, b, c] = await stableGroup(coordinator, 'g', [
    { groupInstanceId: 'a-1', rebalanceTimeoutMs: 100 },
    { rebalanceTimeoutMs: 100 },
    { rebalanceTimeoutMs: 100 },
  ]);
  // b rejoins with new metadata; neither a (static) nor c (dynamic) rejoins in time.
  const bRes = await coordinator.joinGroup(joinParams('g', { memberId: b.memberId, rebalanceTimeoutMs: 100, protocols: [protocol('range', 'new')] }));
  expect(bRes).toMatchObject({ generationId: 2, leader: b.memberId });
  expect(bRes.members.map((m) => m.memberId).sort()).toEqual([a.memberId, b.memberId].sort());
  expect(coordinator.heartbeat('g', c.memberId, 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect(coordinator.heartbeat('g', a.memberId, 1, 'a-1')).toBe(ErrorCode.ILLEGAL_GENERATION);

  // The leader assigns; a never sends SyncGroup for generation 2, so the rebalance timeout removes it.
  await coordinator.syncGroup(syncParams('g', bRes, { [a.memberId]: 'pa', [b.memberId]: 'pb' }));
  expect(stateOf(coordinator, 'g')).toBe('Stable');
  await waitFor(() => coordinator.describeGroup('g').members.length === 1);
  expect(coordinator.heartbeat('g', a.memberId, 2, 'a-1')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
});

test('LeaveGroup by instance id alone removes the static member (an administrator\'s removal)', async () => {
  const [a, b] = await stableGroup(coordinator, 'g', [{}, { groupInstanceId: 'b-1' }]);
  const res = coordinator.leaveGroup('g', [
    { memberId: '', groupInstanceId: 'b-1' },
    { memberId: '', groupInstanceId: 'nobody' },
    { memberId: '', groupInstanceId: null },
  ]);
  expect(res.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.UNKNOWN_MEMBER_ID]);
  expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
  expect(coordinator.heartbeat('g', b.memberId, 1, 'b-1')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  expect((await coordinator.joinGroup(joinParams('g', { memberId: a.memberId }))).members).toHaveLength(1);
});
