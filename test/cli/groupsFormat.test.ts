/** `minikafka groups` tables for share groups and `--state`: pure formatting of what the wire gave. */
import { AnyGroupLag, formatStateTable, formatTable } from '../../src/cli/groups';

const classic: AnyGroupLag = {
  group: 'billing',
  state: 'Stable',
  protocolType: 'consumer',
  members: 1,
  partitions: [{ topic: 'orders', partition: 0, currentOffset: 4, logEndOffset: 10, lag: 6, consumerId: 'm-1' }],
};
const kip848: AnyGroupLag = {
  group: 'search',
  type: 'consumer',
  state: 'Reconciling',
  protocolType: 'consumer',
  members: 2,
  partitions: [{ topic: 'orders', partition: 1, currentOffset: null, logEndOffset: 3, lag: null, consumerId: 'm-2' }],
};
const share: AnyGroupLag = {
  group: 'workers',
  type: 'share',
  state: 'Stable',
  members: 2,
  partitions: [
    { topic: 'jobs', partition: 0, startOffset: 12, lag: 30, consumerIds: ['a', 'b'] },
    { topic: 'jobs', partition: 1, startOffset: null, lag: null, consumerIds: [] },
  ],
};
const emptyShare: AnyGroupLag = { group: 'idle', type: 'share', state: 'Empty', members: 0, partitions: [] };

test('classic and consumer groups share the kafka-consumer-groups.sh table; share groups follow in their own', () => {
  expect(formatTable([classic, kip848, share, emptyShare])).toBe(
    [
      'GROUP    TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID',
      'billing  orders  0          4               10              6    m-1',
      'search   orders  1          -               3               -    m-2',
      '',
      'GROUP    TOPIC  PARTITION  START-OFFSET  LAG  CONSUMERS',
      'workers  jobs   0          12            30   2',
      'workers  jobs   1          -             -    0',
      'idle     -      -          -             -    -',
      '',
    ].join('\n'),
  );
});

test('only share groups: only their table', () => {
  expect(formatTable([emptyShare])).toBe(['GROUP  TOPIC  PARTITION  START-OFFSET  LAG  CONSUMERS', 'idle   -      -          -             -    -', ''].join('\n'));
});

test('--state: one line per group with its type, state and members', () => {
  expect(formatStateTable([classic, kip848, share, { ...classic, group: 'gone', state: '', members: 0 }])).toBe(
    [
      'GROUP    TYPE      STATE        MEMBERS',
      'billing  classic   Stable       1',
      'search   consumer  Reconciling  2',
      'workers  share     Stable       2',
      'gone     classic   -            0',
      '',
    ].join('\n'),
  );
  expect(formatStateTable([])).toBe('GROUP  TYPE  STATE  MEMBERS\n');
});
