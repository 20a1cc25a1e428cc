/**
 * Share groups (KIP-932) in the console, /metrics and `minikafka groups`, against a real broker
 * driven over the wire: one member joins with ShareGroupHeartbeat, acquires four records with
 * ShareFetch, accepts one, rejects one and keeps two in flight; then it leaves and its records
 * become available again.
 */
import { describeGroupLag, ShareGroupLag } from '../../src/cli/groups';
import { KafkaClient } from '../../src/client/KafkaClient';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { DescribeShareGroupOffsets } from '../../wire/apis/DescribeShareGroupOffsets';
import { buildBatch } from '../../wire/records';
import { createTopic, produce, TestClient } from '../server/client';
import { ACCEPT, REJECT, setGroupConfig, ShareMember } from './groupDrivers';
import { get, rowStartingWith, tableRows } from './pageText';
import { parsePrometheusText, valueOf } from './prometheusText';

const GROUP = 'workers';
const TOPIC = 'jobs';

let broker: EmbeddedBroker;
let client: KafkaClient;
let url: string;
let member: ShareMember;
let topicId: string;

const metrics = async () => parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
const shareGauge = (name: string) => ({ name: `minikafka_share_group_${name}`, labels: { group: GROUP, topic: TOPIC, partition: '0' } });

describe('a share group with records in flight', () => {
  beforeAll(async () => {
    broker = await startBroker({ httpPort: 0 });
    url = broker.httpUrl!.replace(/\/$/, '');
    const tc = await TestClient.connect(broker.port);
    try {
      topicId = await createTopic(tc, TOPIC, 2);
      // One record per batch, so acquiring four records is exact at any batch boundary.
      for (let i = 0; i < 6; i++) await produce(tc, TOPIC, 0, buildBatch([{ value: `job-${i}` }]));
    } finally {
      await tc.close();
    }
    client = await KafkaClient.connect(broker.brokers[0], { clientId: 'share-worker' });
    await setGroupConfig(client, GROUP, 'share.auto.offset.reset', 'earliest');
    member = new ShareMember(client, GROUP, topicId);
    await member.join(TOPIC, 2);
    expect(await member.acquire(0, 4)).toEqual([0, 1, 2, 3]);
    await member.acknowledge(0, { 1: ACCEPT, 2: REJECT });
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await broker?.stop();
  });

  // Offsets 0 and 3 acquired, 1 acknowledged, 2 archived: the start offset stays at 0, the end
  // offset is 4, and 4 and 5 are not fetched yet. Kafka's lag: 0, 3, 4 and 5 are not done.
  const PARTITION_0 = ['jobs', '0', '0', '4', '0', '2', '1', '1', '1', '2', '4'];

  it('the groups page lists it as a share group with its records in flight', async () => {
    const { body } = await get(`${url}/groups`);
    const row = rowStartingWith(body, GROUP)!;
    expect(row.slice(0, 5)).toEqual([GROUP, 'share', 'Stable', 'share', '1']);
    expect(row[6]).toBe('2'); // in flight
  });

  it('its page shows the member, its assignment and every share-partition state', async () => {
    const { status, body } = await get(`${url}/groups/${GROUP}`);
    expect(status).toBe(200);
    expect(rowStartingWith(body, 'Type')?.[1]).toBe('share (KIP-932)');
    expect(rowStartingWith(body, 'State')?.[1]).toBe('Stable');
    expect(rowStartingWith(body, 'In flight')?.[1]).toBe('2');
    const row = rowStartingWith(body, member.memberId)!;
    expect(row[1]).toBe('share-worker');
    expect(row[2]).toMatch(/127\.0\.0\.1/);
    expect(row[3]).toBe(String(member.memberEpoch));
    expect(row.slice(4)).toEqual(['jobs', 'jobs: 0, 1']);
    expect(rowStartingWith(body, 'jobs', '0')).toEqual([...PARTITION_0, '1']);
  });

  it('the topic page lists the share group reading it', async () => {
    const { body } = await get(`${url}/topics/${TOPIC}`);
    const row = rowStartingWith(body, GROUP)!;
    expect(row.slice(2)).toEqual(['2', '4']); // in flight, lag
  });

  it('/metrics has its share-partition gauges and counts it as a share group', async () => {
    const m = await metrics();
    expect(valueOf(m, 'minikafka_groups', { type: 'share' })).toBe(1);
    expect(valueOf(m, 'minikafka_groups', { type: 'classic' })).toBe(0);
    const value = (name: string) => valueOf(m, shareGauge(name).name, shareGauge(name).labels);
    expect([value('start_offset'), value('acquired_records'), value('available_records'), value('archived_records'), value('lag')]).toEqual([0, 2, 0, 1, 4]);
    // The four one-record batches ShareFetch sent count as records out of the topic.
    expect(valueOf(m, 'minikafka_topic_records_out_total', { topic: TOPIC })).toBe(4);
  });

  it('`minikafka groups` describes it over the wire: start offset, lag (v1+) and the member, as the console', async () => {
    const [group, ...others] = (await describeGroupLag(client)) as ShareGroupLag[];
    expect(others).toEqual([]);
    expect(group).toMatchObject({ group: GROUP, type: 'share', state: 'Stable', members: 1 });
    const p0 = group.partitions.find((p) => p.partition === 0)!;
    expect(p0).toMatchObject({ topic: TOPIC, startOffset: 0, consumerIds: [member.memberId] });
    // DescribeShareGroupOffsets v1+ carries the lag; v0 does not.
    expect(p0.lag).toBe(client.version(DescribeShareGroupOffsets) >= 1 ? 4 : null);
    expect(group.partitions.find((p) => p.partition === 1)?.consumerIds).toEqual([member.memberId]);
    expect(await describeGroupLag(client, GROUP)).toEqual([group]);
  });

  it('when the member leaves, its records become available and the group Empty', async () => {
    await member.leave();
    const { body } = await get(`${url}/groups/${GROUP}`);
    expect(rowStartingWith(body, 'State')?.[1]).toBe('Empty');
    expect(tableRows(body).some((cells) => cells[0] === member.memberId)).toBe(false);
    expect(rowStartingWith(body, 'jobs', '0')).toEqual(['jobs', '0', '0', '4', '2', '0', '1', '1', '1', '2', '4', '0']);
    const m = await metrics();
    expect(valueOf(m, shareGauge('acquired_records').name, shareGauge('acquired_records').labels)).toBe(0);
    expect(valueOf(m, shareGauge('available_records').name, shareGauge('available_records').labels)).toBe(2);
  });

  it('a new member gets the released records again: delivered twice, the max delivery count shows it', async () => {
    const again = new ShareMember(client, GROUP, topicId);
    await again.join(TOPIC, 2);
    expect(await again.acquire(0, 2, 2)).toEqual([0, 3]);
    const { body } = await get(`${url}/groups/${GROUP}`);
    expect(rowStartingWith(body, 'jobs', '0')).toEqual(['jobs', '0', '0', '4', '0', '2', '1', '1', '2', '2', '4', '1']);
    await again.leave();
  });
});

it('without share groups the console and /metrics show none', async () => {
  const b = await startBroker({ httpPort: 0 });
  try {
    const base = b.httpUrl!.replace(/\/$/, '');
    expect((await get(`${base}/groups`)).body).toContain('No groups yet.');
    expect((await get(`${base}/groups/${GROUP}`)).status).toBe(404);
    const m = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
    expect(['classic', 'consumer', 'share'].map((type) => valueOf(m, 'minikafka_groups', { type }))).toEqual([0, 0, 0]);
    expect(m.samples.filter((s) => s.name.startsWith('minikafka_share_group_'))).toEqual([]);
  } finally {
    await b.stop();
  }
});
