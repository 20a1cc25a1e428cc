/** The share group state machine: join, heartbeat, leave, fencing, session expiry, size limit, re-assignment. */
import pino from 'pino';
import { resolveConfig } from '../../../src/config';
import { GroupConfigs } from '../../../src/groups/GroupConfigs';
import type { SharePartitionDirectory } from '../../../src/share/contracts';
import { ShareGroupCoordinator, ShareHeartbeat } from '../../../src/share/ShareGroupCoordinator';
import type { TopicRegistry } from '../../../src/topics/TopicRegistry';
import { ErrorCode } from '../../../wire/errors';

interface FakeTopic {
  name: string;
  id: string;
  deleted: boolean;
  partitions: unknown[];
}

function setup(overrides: { maxSize?: number; sessionTimeoutMs?: number } = {}) {
  const topicList: FakeTopic[] = [];
  const topics = {
    get: (name: string) => topicList.find((t) => t.name === name),
    getById: (id: string) => topicList.find((t) => t.id === id),
  } as unknown as TopicRegistry;
  const addTopic = (name: string, partitions: number) => {
    const existing = topicList.find((t) => t.name === name);
    if (existing) existing.partitions = new Array(partitions).fill(null);
    else topicList.push({ name, id: `id-${name}`, deleted: false, partitions: new Array(partitions).fill(null) });
  };
  const released: string[] = [];
  const partitions: SharePartitionDirectory = {
    get: () => undefined,
    onAvailable: () => () => {},
    releaseMember: (groupId, memberId) => released.push(`${groupId}/${memberId}`),
    // Membership only: no share-partition ever has state here.
    groupIds: () => [],
    hasState: () => false,
    summaries: () => [],
    startOffsets: () => [],
    alterStartOffset: () => ErrorCode.NONE,
    deleteState: () => {},
    deleteGroup: () => {},
  };
  const config = resolveConfig({
    shareGroups: { ...resolveConfig({}).shareGroups, maxSize: overrides.maxSize ?? 200, sessionTimeoutMs: overrides.sessionTimeoutMs ?? 45000, heartbeatIntervalMs: 5000 },
  });
  const coordinator = new ShareGroupCoordinator({
    config: config.shareGroups,
    topics,
    groupConfigs: new GroupConfigs(config),
    partitions,
    logger: pino({ level: 'silent' }),
  });
  return { coordinator, addTopic, released };
}

const hb = (memberId: string, memberEpoch: number, subscribedTopicNames: string[] | null = null, groupId = 'g'): ShareHeartbeat => ({
  groupId,
  memberId,
  memberEpoch,
  rackId: null,
  subscribedTopicNames,
  clientId: 'c',
  clientHost: '/127.0.0.1',
});

afterEach(() => jest.useRealTimers());

describe('ShareGroupCoordinator', () => {
  test('join: epoch 1, heartbeat interval, the whole assignment by topic id', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 2);
    const res = coordinator.heartbeat(hb('m1', 0, ['t']));
    expect(res).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 1, heartbeatIntervalMs: 5000 });
    expect(res.assignment).toEqual({ topicPartitions: [{ topicId: 'id-t', partitions: [0, 1] }] });
    expect(coordinator.describe('g')).toMatchObject({ state: 'Stable', groupEpoch: 1, assignmentEpoch: 1 });
    expect(coordinator.listGroups()).toEqual([{ groupId: 'g', state: 'Stable' }]);
  });

  test('a heartbeat with nothing changed carries no assignment', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 1);
    coordinator.heartbeat(hb('m1', 0, ['t']));
    const res = coordinator.heartbeat(hb('m1', 1));
    expect(res).toMatchObject({ errorCode: 0, memberEpoch: 1, assignment: null });
  });

  test('invalid requests', () => {
    const { coordinator } = setup();
    expect(coordinator.heartbeat(hb('', 0, ['t']))).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "MemberId can't be empty." });
    expect(coordinator.heartbeat(hb('m', 0, ['t'], ''))).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "GroupId can't be empty." });
    expect(coordinator.heartbeat(hb('m', 0, null))).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'SubscribedTopicNames must be set in first request.' });
    expect(coordinator.heartbeat(hb('m', -2))).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'MemberEpoch is invalid.' });
  });

  test('unknown member, wrong epochs', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 1);
    coordinator.heartbeat(hb('m1', 0, ['t']));
    expect(coordinator.heartbeat(hb('other', 1)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat(hb('m1', 5)).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    // A second member bumps the epoch to 2; m1 at epoch 1 is its previous epoch: accepted, moves to 2.
    coordinator.heartbeat(hb('m2', 0, ['t']));
    expect(coordinator.heartbeat(hb('m1', 1))).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    coordinator.heartbeat(hb('m3', 0, ['t']));
    expect(coordinator.heartbeat(hb('m1', 2))).toMatchObject({ errorCode: 0, memberEpoch: 3 });
    // Epoch 1 is now two behind.
    expect(coordinator.heartbeat(hb('m1', 1)).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    // A heartbeat for a group this coordinator does not know makes the member rejoin.
    expect(coordinator.heartbeat(hb('m1', 3, null, 'nope')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('three members on one partition all get it; leave bumps the epoch and releases the member', () => {
    const { coordinator, addTopic, released } = setup();
    addTopic('t', 1);
    for (const m of ['a', 'b', 'c']) coordinator.heartbeat(hb(m, 0, ['t']));
    for (const m of ['a', 'b']) coordinator.heartbeat(hb(m, coordinator.describe('g')!.members.find((x) => x.memberId === m)!.memberEpoch));
    const view = coordinator.describe('g')!;
    expect(view.members.map((m) => m.assignment)).toEqual([0, 1, 2].map(() => [{ topic: 't', topicId: 'id-t', partitions: [0] }]));
    const epoch = view.groupEpoch;
    expect(coordinator.heartbeat(hb('c', -1))).toMatchObject({ errorCode: 0, memberId: 'c', memberEpoch: -1 });
    expect(released).toEqual(['g/c']);
    expect(coordinator.describe('g')!.groupEpoch).toBe(epoch + 1);
    expect(coordinator.heartbeat(hb('c', -1)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat(hb('x', -1, null, 'nope')).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  test('group.share.max.size', () => {
    const { coordinator, addTopic } = setup({ maxSize: 2 });
    addTopic('t', 1);
    coordinator.heartbeat(hb('a', 0, ['t']));
    coordinator.heartbeat(hb('b', 0, ['t']));
    expect(coordinator.heartbeat(hb('c', 0, ['t']))).toMatchObject({
      errorCode: ErrorCode.GROUP_MAX_SIZE_REACHED,
      errorMessage: 'The share group has reached its maximum capacity of 2 members.',
    });
    // Members already in keep heartbeating.
    expect(coordinator.heartbeat(hb('a', 1)).errorCode).toBe(0);
  });

  test('new partitions re-assign on the next heartbeat', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 1);
    coordinator.heartbeat(hb('a', 0, ['t', 'u']));
    addTopic('t', 2);
    const res = coordinator.heartbeat(hb('a', 1));
    expect(res).toMatchObject({ memberEpoch: 2, assignment: { topicPartitions: [{ topicId: 'id-t', partitions: [0, 1] }] } });
    addTopic('u', 1);
    const res2 = coordinator.heartbeat(hb('a', 2));
    expect(res2.memberEpoch).toBe(3);
    expect(res2.assignment!.topicPartitions).toEqual([
      { topicId: 'id-t', partitions: [0, 1] },
      { topicId: 'id-u', partitions: [0] },
    ]);
  });

  test('a member that stops heartbeating is removed after the session timeout', () => {
    jest.useFakeTimers();
    const { coordinator, addTopic, released } = setup({ sessionTimeoutMs: 1000 });
    addTopic('t', 1);
    coordinator.heartbeat(hb('a', 0, ['t']));
    coordinator.heartbeat(hb('b', 0, ['t']));
    jest.advanceTimersByTime(600);
    coordinator.heartbeat(hb('b', 2));
    jest.advanceTimersByTime(600);
    expect(released).toEqual(['g/a']);
    expect(coordinator.describe('g')!.members.map((m) => m.memberId)).toEqual(['b']);
    jest.advanceTimersByTime(1000);
    expect(coordinator.describe('g')).toMatchObject({ state: 'Empty', members: [] });
    coordinator.close();
  });

  test('deleteGroup: NON_EMPTY_GROUP with members, then deleted once empty', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 1);
    coordinator.heartbeat(hb('a', 0, ['t']));
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.NON_EMPTY_GROUP);
    coordinator.heartbeat(hb('a', -1));
    expect(coordinator.has('g')).toBe(true);
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.NONE);
    expect(coordinator.has('g')).toBe(false);
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  test('a rejoin with epoch 0 keeps the member and returns its whole assignment', () => {
    const { coordinator, addTopic } = setup();
    addTopic('t', 1);
    coordinator.heartbeat(hb('a', 0, ['t']));
    coordinator.heartbeat(hb('b', 0, ['t']));
    const res = coordinator.heartbeat(hb('a', 0, ['t']));
    expect(res).toMatchObject({ errorCode: 0, memberEpoch: 2, assignment: { topicPartitions: [{ topicId: 'id-t', partitions: [0] }] } });
    expect(coordinator.describe('g')!.members).toHaveLength(2);
  });
});
