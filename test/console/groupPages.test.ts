/**
 * The share group and KIP-848 consumer group pages, rendered from given views (what the
 * coordinators describe). The same pages against a live broker are in shareGroups.test.ts and
 * consumerGroups.test.ts.
 */
import type { ConsumerGroupPage } from '../../src/console/consumerGroupView';
import { consumerGroupPage } from '../../src/console/pages/consumerGroup';
import { shareGroupPage } from '../../src/console/pages/shareGroup';
import type { ShareGroupPage } from '../../src/console/shareGroupView';
import { rowStartingWith, tableRows, textOf } from './pageText';

const share: ShareGroupPage = {
  groupId: 'workers<b>',
  state: 'Stable',
  groupEpoch: 3,
  assignmentEpoch: 3,
  members: [
    { memberId: 'AAAA', memberEpoch: 3, clientId: 'worker-1', clientHost: '/127.0.0.1', rackId: null, subscribedTopicNames: ['jobs'], assignment: [{ topic: 'jobs', partitions: [0, 1] }] },
    { memberId: 'BBBB', memberEpoch: 2, clientId: 'worker-2', clientHost: '/127.0.0.2', rackId: null, subscribedTopicNames: ['jobs'], assignment: [] },
  ],
  partitions: [
    { groupId: 'workers<b>', topic: 'jobs', partition: 0, startOffset: 5, endOffset: 9, available: 1, acquired: 2, acknowledged: 0, archived: 1, maxDeliveryCount: 3, unfetched: 1231, lag: 1234, memberIds: ['AAAA'] },
    { groupId: 'workers<b>', topic: 'jobs', partition: 1, startOffset: -1, endOffset: -1, available: 0, acquired: 0, acknowledged: 0, archived: 0, maxDeliveryCount: 0, unfetched: 0, lag: 0, memberIds: ['AAAA'] },
  ],
  totalLag: 1234,
  totalAcquired: 2,
};

test('a share group page: epochs, members with their assignment, and every share-partition', () => {
  const body = shareGroupPage(share);
  expect(body).not.toContain('<b>');
  expect(textOf(body.match(/<h1>([\s\S]*?)<\/h1>/)![1])).toBe('workers<b>');
  expect(rowStartingWith(body, 'Type')?.[1]).toBe('share (KIP-932)');
  expect(rowStartingWith(body, 'State')?.[1]).toBe('Stable');
  expect(rowStartingWith(body, 'Group epoch')?.[1]).toBe('3');
  expect(rowStartingWith(body, 'In flight')?.[1]).toBe('2');
  expect(rowStartingWith(body, 'Total lag')?.[1]).toBe('1,234');
  expect(rowStartingWith(body, 'Member id')).toEqual(['Member id', 'Client id', 'Host', 'Epoch', 'Subscription', 'Assigned partitions']);
  expect(rowStartingWith(body, 'AAAA')).toEqual(['AAAA', 'worker-1', '/127.0.0.1', '3', 'jobs', 'jobs: 0, 1']);
  expect(rowStartingWith(body, 'BBBB')).toEqual(['BBBB', 'worker-2', '/127.0.0.2', '2', 'jobs', 'none']);
  expect(rowStartingWith(body, 'Topic')).toEqual([
    'Topic', 'Partition', 'Start offset', 'End offset', 'Available', 'Acquired', 'Acknowledged', 'Archived', 'Max deliveries', 'Not fetched', 'Lag', 'Members',
  ]);
  expect(rowStartingWith(body, 'jobs', '0')).toEqual(['jobs', '0', '5', '9', '1', '2', '0', '1', '3', '1,231', '1,234', '1']);
  expect(rowStartingWith(body, 'jobs', '1')).toEqual(['jobs', '1', 'not started', '—', '0', '0', '0', '0', '0', '0', '0', '1']);
});

test('a share group without members or share-partitions says so', () => {
  const body = shareGroupPage({ ...share, state: 'Empty', members: [], partitions: [], totalLag: 0, totalAcquired: 0 });
  expect(body).toContain('No members: no consumer of this share group is running.');
  expect(body).toContain('No share-partitions yet');
  expect(tableRows(body).every((cells) => cells[0] !== 'Topic')).toBe(true);
});

const consumer: ConsumerGroupPage = {
  groupId: 'search',
  state: 'Reconciling',
  groupEpoch: 7,
  assignmentEpoch: 7,
  assignorName: 'uniform',
  members: [
    {
      memberId: 'm-1',
      instanceId: null,
      memberEpoch: 6,
      clientId: 'search-1',
      clientHost: '/127.0.0.1',
      subscribedTopicNames: ['orders'],
      subscribedTopicRegex: null,
      assignment: [{ topic: 'orders', partitions: [0, 1] }],
      targetAssignment: [{ topic: 'orders', partitions: [0] }],
    },
    {
      memberId: 'm-2',
      instanceId: 'static-2',
      memberEpoch: 7,
      clientId: 'search-2',
      clientHost: '/127.0.0.2',
      subscribedTopicNames: [],
      subscribedTopicRegex: 'ord.*',
      assignment: [],
      targetAssignment: [{ topic: 'orders', partitions: [1] }],
    },
  ],
  partitions: [
    { topic: 'orders', partition: 0, committedOffset: 4, logEndOffset: 10, lag: 6, commitTimestamp: 0, memberId: 'm-1' },
    { topic: 'orders', partition: 1, committedOffset: null, logEndOffset: 3, lag: null, commitTimestamp: null, memberId: 'm-1' },
  ],
  totalLag: 6,
};

test('a consumer group page: epochs, assignor, members with assignment and target assignment, offsets and lag', () => {
  const body = consumerGroupPage(consumer);
  expect(rowStartingWith(body, 'Type')?.[1]).toBe('consumer (KIP-848)');
  expect(rowStartingWith(body, 'State')?.[1]).toBe('Reconciling');
  expect(rowStartingWith(body, 'Group epoch')?.[1]).toBe('7');
  expect(rowStartingWith(body, 'Assignment epoch')?.[1]).toBe('7');
  expect(rowStartingWith(body, 'Assignor')?.[1]).toBe('uniform');
  expect(rowStartingWith(body, 'Member id')).toEqual(['Member id', 'Client id', 'Host', 'Instance id', 'Epoch', 'Subscription', 'Assignment', 'Target assignment']);
  expect(rowStartingWith(body, 'm-1')).toEqual(['m-1', 'search-1', '/127.0.0.1', '—', '6', 'orders', 'orders: 0, 1', 'orders: 0']);
  expect(rowStartingWith(body, 'm-2')).toEqual(['m-2', 'search-2', '/127.0.0.2', 'static-2', '7', 'ord.*', 'none', 'orders: 1']);
  expect(rowStartingWith(body, 'orders', '0')?.slice(2, 7)).toEqual(['4', '10', '6', 'search-1', '1970-01-01T00:00:00.000Z']);
  expect(rowStartingWith(body, 'orders', '1')?.slice(2, 6)).toEqual(['none', '3', '—', 'search-1']);
});
