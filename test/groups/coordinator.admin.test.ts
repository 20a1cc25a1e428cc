/**
 * The coordinator's other duties: the OffsetCommit checks (Kafka's validateOffsetCommit),
 * DescribeGroups, ListGroups, DeleteGroups, and answering everything on close.
 */
import { GroupCoordinator } from '../../src/groups/GroupCoordinator';
import { ErrorCode } from '../../wire/errors';
import { FakeOffsets, isPending, joinParams, newCoordinator, protocol, stableGroup, stateOf, syncParams } from './coordinatorHelpers';

let coordinator: GroupCoordinator;
let offsets: FakeOffsets;

beforeEach(() => {
  ({ coordinator, offsets } = newCoordinator());
});

afterEach(() => coordinator.close());

describe('validateOffsetCommit', () => {
  test('a group the coordinator does not know: generation −1 commits (simple consumer), others are stale', () => {
    expect(coordinator.validateOffsetCommit('solo', '', -1, null)).toBe(ErrorCode.NONE);
    expect(coordinator.validateOffsetCommit('solo', 'anyone', -1, null)).toBe(ErrorCode.NONE);
    expect(coordinator.validateOffsetCommit('', '', -1, null)).toBe(ErrorCode.NONE); // "" is allowed for commits
    expect(coordinator.validateOffsetCommit('solo', 'm', 3, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  test('an Empty group takes simple commits only', async () => {
    const [m] = await stableGroup(coordinator, 'g', [{}]);
    coordinator.leaveGroup('g', [{ memberId: m.memberId, groupInstanceId: null }]);
    expect(stateOf(coordinator, 'g')).toBe('Empty');
    expect(coordinator.validateOffsetCommit('g', '', -1, null)).toBe(ErrorCode.NONE);
    expect(coordinator.validateOffsetCommit('g', m.memberId, 2, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a Stable group takes commits from its members at the current generation', async () => {
    const [m, s] = await stableGroup(coordinator, 'g', [{}, { groupInstanceId: 's-1' }]);
    expect(coordinator.validateOffsetCommit('g', m.memberId, 1, null)).toBe(ErrorCode.NONE);
    expect(coordinator.validateOffsetCommit('g', s.memberId, 1, 's-1')).toBe(ErrorCode.NONE);
    expect(coordinator.validateOffsetCommit('g', '', -1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.validateOffsetCommit('g', 'stranger', 1, null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.validateOffsetCommit('g', m.memberId, 0, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.validateOffsetCommit('g', m.memberId, -1, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.validateOffsetCommit('g', m.memberId, 1, 's-1')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.validateOffsetCommit('g', s.memberId, 1, 'unknown-instance')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('during a rebalance: accepted while PreparingRebalance, REBALANCE_IN_PROGRESS while CompletingRebalance', async () => {
    const [a, b] = await stableGroup(coordinator, 'g', [{}, {}]);
    const aJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    expect(coordinator.validateOffsetCommit('g', b.memberId, 1, null)).toBe(ErrorCode.NONE);
    await Promise.all([aJoin, coordinator.joinGroup(joinParams('g', { memberId: b.memberId }))]);
    expect(stateOf(coordinator, 'g')).toBe('CompletingRebalance');
    expect(coordinator.validateOffsetCommit('g', b.memberId, 2, null)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.validateOffsetCommit('g', b.memberId, 1, null)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });
});

describe('DescribeGroups', () => {
  test('an unknown group is Dead without an error; one with only offsets is Empty', () => {
    offsets.withOffsets.add('committed');
    for (const groupId of ['nope', '']) {
      expect(coordinator.describeGroup(groupId)).toEqual({
        errorCode: ErrorCode.NONE,
        groupId,
        state: 'Dead',
        protocolType: '',
        protocolName: '',
        members: [],
      });
    }
    expect(coordinator.describeGroup('committed')).toMatchObject({ errorCode: ErrorCode.NONE, state: 'Empty', members: [] });
  });

  test('members with metadata and assignment once Stable; none before', async () => {
    const joined = await coordinator.joinGroup(
      joinParams('g', { clientId: 'app', clientHost: '/10.0.0.7', groupInstanceId: 'i-1', protocols: [protocol('range', 'sub')] }),
    );
    const completing = coordinator.describeGroup('g');
    expect(completing).toEqual({
      errorCode: ErrorCode.NONE,
      groupId: 'g',
      state: 'CompletingRebalance',
      protocolType: 'consumer',
      protocolName: '',
      members: [{ memberId: joined.memberId, groupInstanceId: 'i-1', clientId: 'app', clientHost: '/10.0.0.7', metadata: Buffer.alloc(0), assignment: Buffer.alloc(0) }],
    });
    await coordinator.syncGroup(syncParams('g', joined, { [joined.memberId]: 'parts' }, { groupInstanceId: 'i-1' }));
    expect(coordinator.describeGroup('g')).toMatchObject({
      state: 'Stable',
      protocolType: 'consumer',
      protocolName: 'range',
      members: [{ memberId: joined.memberId, metadata: Buffer.from('sub'), assignment: Buffer.from('parts') }],
    });
  });
});

describe('ListGroups', () => {
  test('every group, with those that only have offsets, filtered by state case-insensitively', async () => {
    offsets.withOffsets.add('committed');
    await stableGroup(coordinator, 'stable', [{}]);
    await coordinator.joinGroup(joinParams('completing'));
    const all = coordinator.listGroups([])!;
    expect(all.sort((x, y) => x.groupId.localeCompare(y.groupId))).toEqual([
      { groupId: 'committed', protocolType: '', state: 'Empty' },
      { groupId: 'completing', protocolType: 'consumer', state: 'CompletingRebalance' },
      { groupId: 'stable', protocolType: 'consumer', state: 'Stable' },
    ]);
    expect(coordinator.listGroups(['stable'])!.map((g) => g.groupId)).toEqual(['stable']);
    expect(coordinator.listGroups(['EMPTY', 'CompletingRebalance'])!.map((g) => g.groupId).sort()).toEqual(['committed', 'completing']);
    expect(coordinator.listGroups(['Dead'])).toEqual([]);
  });

  test('a group whose members left stays listed as Empty with its protocol type', async () => {
    const [m] = await stableGroup(coordinator, 'g', [{}]);
    coordinator.leaveGroup('g', [{ memberId: m.memberId, groupInstanceId: null }]);
    expect(coordinator.listGroups([])).toEqual([{ groupId: 'g', protocolType: 'consumer', state: 'Empty' }]);
  });
});

describe('DeleteGroups', () => {
  test('NON_EMPTY_GROUP with members, GROUP_ID_NOT_FOUND when unknown, else the group and its offsets go', async () => {
    await stableGroup(coordinator, 'busy', [{}]);
    const [m] = await stableGroup(coordinator, 'done', [{}]);
    coordinator.leaveGroup('done', [{ memberId: m.memberId, groupInstanceId: null }]);
    offsets.withOffsets.add('done');
    offsets.withOffsets.add('committed');

    expect(coordinator.deleteGroups(['busy', 'nope', 'done', 'committed', 'done', ''])).toEqual([
      { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'nope', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      { groupId: 'done', errorCode: ErrorCode.NONE },
      { groupId: 'committed', errorCode: ErrorCode.NONE },
      { groupId: '', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    expect(offsets.groupIds()).toEqual([]);
    expect(stateOf(coordinator, 'done')).toBe('Dead');
    expect(stateOf(coordinator, 'committed')).toBe('Dead');
    expect(stateOf(coordinator, 'busy')).toBe('Stable');
    expect(coordinator.deleteGroups(['done'])).toEqual([{ groupId: 'done', errorCode: ErrorCode.GROUP_ID_NOT_FOUND }]);
  });

  test('a group in the middle of a rebalance is not empty', async () => {
    void coordinator.joinGroup(joinParams('g'));
    expect(stateOf(coordinator, 'g')).toBe('PreparingRebalance');
    expect(coordinator.deleteGroups(['g'])).toEqual([{ groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP }]);
  });
});

describe('close', () => {
  test('answers waiting JoinGroup and SyncGroup requests, then refuses everything', async () => {
    const [a] = await stableGroup(coordinator, 'g', [{}, {}]);
    const waitingJoin = coordinator.joinGroup(joinParams('g', { memberId: a.memberId }));
    const [x, y] = await Promise.all([coordinator.joinGroup(joinParams('h')), coordinator.joinGroup(joinParams('h'))]);
    const follower = x.leader === x.memberId ? y : x;
    const waitingSync = coordinator.syncGroup(syncParams('h', follower));
    expect(await isPending(waitingJoin)).toBe(true);
    expect(await isPending(waitingSync)).toBe(true);

    coordinator.close();
    expect((await waitingJoin).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await waitingSync).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await coordinator.joinGroup(joinParams('g'))).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(coordinator.heartbeat('g', a.memberId, 1, null)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(coordinator.describeGroup('g').errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(coordinator.listGroups([])).toBeNull();
    expect(coordinator.validateOffsetCommit('g', '', -1, null)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
