/**
 * KIP-848 consumer groups in the console, /metrics and `minikafka groups`, against a real broker
 * driven over the wire: one member joins with ConsumerGroupHeartbeat, owns both partitions and
 * commits one; a classic group with only committed offsets sits next to it; then a second member
 * joins and the first is shown moving towards its new target assignment.
 */
import { describeGroupLag, formatStateTable, formatTable } from '../../src/cli/groups';
import { KafkaClient } from '../../src/client/KafkaClient';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { OffsetCommit, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { buildBatch } from '../../wire/records';
import { createTopic, produce, TestClient } from '../server/client';
import { ConsumerMember } from './groupDrivers';
import { get, rowStartingWith } from './pageText';
import { parsePrometheusText, valueOf } from './prometheusText';

const GROUP = 'search';
const TOPIC = 'orders';

let broker: EmbeddedBroker;
let url: string;
let client: KafkaClient;
let topicId: string;
let member: ConsumerMember;

async function commit(groupId: string, partition: number, offset: number, epoch = -1, memberId = ''): Promise<void> {
  const res: OffsetCommitResponse = await client.request(OffsetCommit, client.version(OffsetCommit), {
    groupId,
    generationIdOrMemberEpoch: epoch,
    memberId,
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' }] }],
  });
  expect(res.topics[0].partitions[0].errorCode).toBe(0);
}

describe('a KIP-848 consumer group next to a classic one', () => {
  beforeAll(async () => {
    broker = await startBroker({ httpPort: 0 });
    url = broker.httpUrl!.replace(/\/$/, '');
    const tc = await TestClient.connect(broker.port);
    try {
      topicId = await createTopic(tc, TOPIC, 2);
      await produce(tc, TOPIC, 0, buildBatch(Array.from({ length: 5 }, (_, i) => ({ value: `a${i}` }))));
      await produce(tc, TOPIC, 1, buildBatch(Array.from({ length: 3 }, (_, i) => ({ value: `b${i}` }))));
    } finally {
      await tc.close();
    }
    client = await KafkaClient.connect(broker.brokers[0], { clientId: 'search-service' });

    member = new ConsumerMember(client, GROUP, topicId);
    expect(await member.joinOwning(TOPIC, 2)).toEqual([0, 1]);
    await commit(GROUP, 0, 2, member.memberEpoch, member.memberId);
    await commit('analytics', 1, 1); // a classic group: offsets only
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await broker?.stop();
  });

  it('the groups page lists both, each with its type', async () => {
    const { body } = await get(`${url}/groups`);
    expect(rowStartingWith(body, GROUP)).toEqual([GROUP, 'consumer', 'Stable', 'consumer', '1', '2', '—', '3']);
    expect(rowStartingWith(body, 'analytics')).toEqual(['analytics', 'classic', 'Empty', '—', '0', '1', '—', '2']);
    const overview = (await get(`${url}/`)).body;
    expect(rowStartingWith(overview, 'Groups')?.[1]).toBe('2 (1 classic, 1 consumer)');
  });

  it('its page shows epochs, the assignor, the member with assignment and target, offsets and lag', async () => {
    const { status, body } = await get(`${url}/groups/${GROUP}`);
    expect(status).toBe(200);
    expect(rowStartingWith(body, 'Type')?.[1]).toBe('consumer (KIP-848)');
    expect(rowStartingWith(body, 'State')?.[1]).toBe('Stable');
    expect(Number(rowStartingWith(body, 'Group epoch')?.[1])).toBeGreaterThanOrEqual(1);
    expect(rowStartingWith(body, 'Assignor')?.[1]).toMatch(/^(uniform|range)$/);
    const row = rowStartingWith(body, member.memberId)!;
    expect(row[1]).toBe('search-service');
    expect(row[2]).toMatch(/127\.0\.0\.1/);
    expect(row.slice(3)).toEqual(['—', String(member.memberEpoch), TOPIC, 'orders: 0, 1', 'orders: 0, 1']);
    expect(rowStartingWith(body, TOPIC, '0')?.slice(2, 6)).toEqual(['2', '5', '3', 'search-service']);
    expect(rowStartingWith(body, TOPIC, '1')?.slice(2, 6)).toEqual(['none', '3', '—', 'search-service']);
  });

  it('/metrics counts groups per type and reports the consumer group’s committed offsets and lag', async () => {
    const m = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    expect(['classic', 'consumer', 'share'].map((type) => valueOf(m, 'minikafka_groups', { type }))).toEqual([1, 1, 0]);
    expect(valueOf(m, 'minikafka_group_committed_offset', { group: GROUP, topic: TOPIC, partition: '0' })).toBe(2);
    expect(valueOf(m, 'minikafka_group_lag', { group: GROUP, topic: TOPIC, partition: '0' })).toBe(3);
  });

  it('`minikafka groups` describes it with ConsumerGroupDescribe, in the same table as classic groups', async () => {
    const groups = await describeGroupLag(client);
    expect(groups).toEqual([
      {
        group: 'analytics',
        state: 'Empty',
        protocolType: '',
        members: 0,
        partitions: [{ topic: TOPIC, partition: 1, currentOffset: 1, logEndOffset: 3, lag: 2, consumerId: null }],
      },
      {
        group: GROUP,
        type: 'consumer',
        state: 'Stable',
        protocolType: 'consumer',
        members: 1,
        partitions: [
          { topic: TOPIC, partition: 0, currentOffset: 2, logEndOffset: 5, lag: 3, consumerId: member.memberId },
          { topic: TOPIC, partition: 1, currentOffset: null, logEndOffset: 3, lag: null, consumerId: member.memberId },
        ],
      },
    ]);
    const cells = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s+/));
    expect(cells(formatTable(groups))).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'],
      ['analytics', TOPIC, '1', '1', '3', '2', '-'],
      [GROUP, TOPIC, '0', '2', '5', '3', member.memberId],
      [GROUP, TOPIC, '1', '-', '3', '-', member.memberId],
    ]);
    expect(cells(formatStateTable(groups))).toEqual([
      ['GROUP', 'TYPE', 'STATE', 'MEMBERS'],
      ['analytics', 'classic', 'Empty', '0'],
      [GROUP, 'consumer', 'Stable', '1'],
    ]);
    expect(await describeGroupLag(client, GROUP)).toEqual([groups[1]]);
  });

  it('a second member joining: the first keeps what it owns until it lets go, its target shrinks', async () => {
    const other = await KafkaClient.connect(broker.brokers[0], { clientId: 'search-service-2' });
    try {
      const second = new ConsumerMember(other, GROUP, topicId);
      await second.join(TOPIC);
      const { body } = await get(`${url}/groups/${GROUP}`);
      expect(rowStartingWith(body, 'State')?.[1]).toBe('Reconciling');
      const first = rowStartingWith(body, member.memberId)!;
      expect(first[6]).toBe('orders: 0, 1'); // still owned
      expect(first[7]).toMatch(/^orders: [01]$/); // one of them is going to the new member
      const secondRow = rowStartingWith(body, second.memberId)!;
      expect(secondRow[1]).toBe('search-service-2');
      expect(secondRow[6]).toBe('none'); // nothing until the first member releases it
      const groups = (await get(`${url}/groups`)).body;
      expect(rowStartingWith(groups, GROUP)?.slice(0, 5)).toEqual([GROUP, 'consumer', 'Reconciling', 'consumer', '2']);
    } finally {
      other.close();
    }
  });
});
