/**
 * Group kinds never mix: the classic coordinator's hook refuses a JoinGroup for a consumer group
 * with members or a share group (GROUP_ID_NOT_FOUND, Kafka's "Group X is not a classic group."),
 * and an empty consumer group gives its id over to a classic group.
 */
import pino from 'pino';
import { ConsumerGroupCoordinator } from '../../../src/groups/consumer/ConsumerGroupCoordinator';
import { GroupConfigs } from '../../../src/groups/GroupConfigs';
import { GroupCoordinator } from '../../../src/groups/GroupCoordinator';
import type { OffsetStore } from '../../../src/groups/OffsetStore';
import type { TopicRegistry } from '../../../src/topics/TopicRegistry';
import { devDefaults } from '../../../src/config';
import { ErrorCode } from '../../../wire/errors';
import { FakeOffsets, TEST_CONFIG, joinParams } from '../coordinatorHelpers';

const logger = pino({ level: 'silent' });
const noTopics = { get: () => undefined, getById: () => undefined, list: () => [] } as unknown as TopicRegistry;

function setUp(shareGroupIds: string[] = []) {
  const offsets = new FakeOffsets() as unknown as OffsetStore;
  const config = devDefaults();
  const consumerGroups = new ConsumerGroupCoordinator({ config: config.consumerGroups, topics: noTopics, offsets, groupConfigs: new GroupConfigs(config), logger });
  const classic = new GroupCoordinator(TEST_CONFIG, offsets, logger, undefined, (id) => consumerGroups.refusesClassicJoin(id) || shareGroupIds.includes(id));
  return { consumerGroups, classic };
}

const joinConsumerGroup = (cg: ConsumerGroupCoordinator, groupId: string, memberId: string) =>
  cg.heartbeat({
    apiVersion: 1,
    groupId,
    memberId,
    memberEpoch: 0,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 30_000,
    subscribedTopicNames: ['not-yet'],
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: [],
    clientId: 'c',
    clientHost: '/127.0.0.1',
  });

afterEach(() => jest.useRealTimers());

it('refuses a JoinGroup for a consumer group with members, and lets an empty one become classic', async () => {
  const { consumerGroups, classic } = setUp();
  try {
    expect(joinConsumerGroup(consumerGroups, 'g', 'm').errorCode).toBe(ErrorCode.NONE);
    const refused = await classic.joinGroup(joinParams('g'));
    expect(refused.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);

    consumerGroups.heartbeat({ ...leaveOf('g', 'm') });
    expect(consumerGroups.describe('g')?.state).toBe('Empty');
    const joined = await classic.joinGroup(joinParams('g'));
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    expect(consumerGroups.has('g')).toBe(false);
  } finally {
    consumerGroups.close();
    classic.close();
  }
});

it('refuses a JoinGroup for a share group id', async () => {
  const { consumerGroups, classic } = setUp(['shared']);
  try {
    expect((await classic.joinGroup(joinParams('shared'))).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect((await classic.joinGroup(joinParams('other'))).errorCode).toBe(ErrorCode.NONE);
  } finally {
    consumerGroups.close();
    classic.close();
  }
});

it('answers COORDINATOR_NOT_AVAILABLE once closed', () => {
  const { consumerGroups, classic } = setUp();
  consumerGroups.close();
  classic.close();
  expect(joinConsumerGroup(consumerGroups, 'g', 'm').errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  expect(consumerGroups.listGroups()).toEqual([]);
});

function leaveOf(groupId: string, memberId: string) {
  return {
    apiVersion: 1,
    groupId,
    memberId,
    memberEpoch: -1,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: null,
    clientId: 'c',
    clientHost: '',
  };
}
