/** GET /metrics: valid Prometheus text that counts what kafkajs produced and consumed, and group lag. */
import { Admin } from 'kafkajs';
import { PrometheusText } from '../../src/metrics/prometheus';
import { commitAsGroup, ConsoleFixture, ORDERS_P0, ORDERS_P1, startConsoleFixture } from './fixture';
import { Exposition, parsePrometheusText, valueOf } from './prometheusText';

const ODD_GROUP = 'odd "group" \\ with\na line feed';

let fx: ConsoleFixture;
let admin: Admin;
let exposition: Exposition;
let contentType: string | null;

beforeAll(async () => {
  fx = await startConsoleFixture();
  admin = fx.kafka.admin();
  await admin.connect();
  await commitAsGroup(fx.kafka, ODD_GROUP, 'orders', [1]);
  const res = await fetch(`${fx.url}/metrics`);
  contentType = res.headers.get('content-type');
  exposition = parsePrometheusText(await res.text());
}, 40_000);

afterAll(async () => {
  await admin?.disconnect();
  await fx?.stop();
});

it('is served as Prometheus text, every family with HELP and TYPE, names prefixed minikafka_', () => {
  expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect([...exposition.types.keys()].every((name) => name.startsWith('minikafka_'))).toBe(true);
  expect([...exposition.types.keys()].sort()).toEqual([...exposition.help.keys()].sort());
  expect(Object.fromEntries(exposition.types)).toEqual({
    minikafka_topic_bytes_in_total: 'counter',
    minikafka_topic_records_in_total: 'counter',
    minikafka_topic_bytes_out_total: 'counter',
    minikafka_topic_records_out_total: 'counter',
    minikafka_requests_total: 'counter',
    minikafka_request_duration_seconds: 'histogram',
    minikafka_connections_open: 'gauge',
    minikafka_connections_total: 'counter',
    minikafka_partition_log_start_offset: 'gauge',
    minikafka_partition_log_end_offset: 'gauge',
    minikafka_partition_size_bytes: 'gauge',
    minikafka_group_committed_offset: 'gauge',
    minikafka_group_lag: 'gauge',
    minikafka_groups: 'gauge',
    minikafka_share_group_start_offset: 'gauge',
    minikafka_share_group_acquired_records: 'gauge',
    minikafka_share_group_available_records: 'gauge',
    minikafka_share_group_archived_records: 'gauge',
    minikafka_share_group_lag: 'gauge',
  });
});

it('counts groups per type, every type always present', () => {
  // billing, analytics and ODD_GROUP: classic groups (kafkajs speaks the classic protocol).
  expect(valueOf(exposition, 'minikafka_groups', { type: 'classic' })).toBe(3);
  expect(valueOf(exposition, 'minikafka_groups', { type: 'consumer' })).toBe(0);
  expect(valueOf(exposition, 'minikafka_groups', { type: 'share' })).toBe(0);
  expect(exposition.samples.filter((s) => s.name.startsWith('minikafka_share_group_'))).toEqual([]);
});

it('counts records and bytes in and out per topic', () => {
  expect(valueOf(exposition, 'minikafka_topic_records_in_total', { topic: 'orders' })).toBe(ORDERS_P0 + ORDERS_P1);
  expect(valueOf(exposition, 'minikafka_topic_records_in_total', { topic: 'payments' })).toBe(2);
  expect(valueOf(exposition, 'minikafka_topic_records_in_total', { topic: 'sensor-readings' })).toBe(5);
  // billing read every order (more if kafkajs fetched a batch twice); markers are not records.
  expect(valueOf(exposition, 'minikafka_topic_records_out_total', { topic: 'orders' })).toBeGreaterThanOrEqual(ORDERS_P0 + ORDERS_P1);
  expect(valueOf(exposition, 'minikafka_topic_records_out_total', { topic: 'payments' })).toBe(0);
  const bytesIn = valueOf(exposition, 'minikafka_topic_bytes_in_total', { topic: 'orders' })!;
  const size0 = valueOf(exposition, 'minikafka_partition_size_bytes', { topic: 'orders', partition: '0' })!;
  const size1 = valueOf(exposition, 'minikafka_partition_size_bytes', { topic: 'orders', partition: '1' })!;
  expect(bytesIn).toBe(size0 + size1); // the log stores batches exactly as produced
  expect(valueOf(exposition, 'minikafka_topic_bytes_out_total', { topic: 'orders' })).toBeGreaterThanOrEqual(bytesIn);
});

it('counts requests and their latency per API', () => {
  const produces = valueOf(exposition, 'minikafka_requests_total', { api: 'Produce' })!;
  expect(produces).toBeGreaterThanOrEqual(3 + 2); // three plain sends, two transactional ones
  expect(valueOf(exposition, 'minikafka_request_duration_seconds_count', { api: 'Produce' })).toBe(produces);
  expect(valueOf(exposition, 'minikafka_request_duration_seconds_bucket', { api: 'Produce', le: '+Inf' })).toBe(produces);
  expect(valueOf(exposition, 'minikafka_request_duration_seconds_sum', { api: 'Produce' })).toBeGreaterThan(0);
  for (const api of ['ApiVersions', 'Metadata', 'Fetch', 'JoinGroup', 'SyncGroup', 'OffsetCommit', 'EndTxn']) {
    expect({ api, count: valueOf(exposition, 'minikafka_requests_total', { api }) }).toEqual({ api, count: expect.any(Number) });
  }
});

it('reports connections open and accepted', () => {
  const open = valueOf(exposition, 'minikafka_connections_open')!;
  expect(open).toBeGreaterThanOrEqual(2); // the admin client and the billing consumer
  expect(valueOf(exposition, 'minikafka_connections_total')).toBeGreaterThanOrEqual(open);
});

it('reports partition offsets', () => {
  expect(valueOf(exposition, 'minikafka_partition_log_end_offset', { topic: 'orders', partition: '0' })).toBe(ORDERS_P0);
  expect(valueOf(exposition, 'minikafka_partition_log_end_offset', { topic: 'payments', partition: '0' })).toBe(4); // 2 records, 2 markers
  expect(valueOf(exposition, 'minikafka_partition_log_start_offset', { topic: 'orders', partition: '1' })).toBe(0);
});

it('reports committed offsets and lag per group and partition, escaping label values', () => {
  const lag = (group: string, partition: string) => valueOf(exposition, 'minikafka_group_lag', { group, topic: 'orders', partition });
  expect([lag('billing', '0'), lag('billing', '1')]).toEqual([6, 0]);
  expect([lag('analytics', '0'), lag('analytics', '1')]).toEqual([2, 3]);
  expect(lag(ODD_GROUP, '0')).toBe(ORDERS_P0 - 1);
  expect(valueOf(exposition, 'minikafka_group_committed_offset', { group: 'billing', topic: 'orders', partition: '0' })).toBe(4);
});

it('lag follows new records at the next scrape', async () => {
  const producer = fx.kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'orders', messages: [{ partition: 1, value: 'late' }] });
  await producer.disconnect();
  const now = parsePrometheusText(await (await fetch(`${fx.url}/metrics`)).text());
  expect(valueOf(now, 'minikafka_group_lag', { group: 'analytics', topic: 'orders', partition: '1' })).toBe(4);
});

describe('PrometheusText', () => {
  it('escapes label values and help, and writes cumulative histogram buckets', () => {
    const text = new PrometheusText()
      .family('x_seconds', 'histogram', 'Help with \\ and\nline feed.')
      .histogram('x_seconds', { api: 'a"b\\c\nd' }, [0.1, 1], [2, 3], 1.5, 6)
      .toString();
    expect(text).toBe(
      [
        '# HELP x_seconds Help with \\\\ and\\nline feed.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{api="a\\"b\\\\c\\nd",le="0.1"} 2',
        'x_seconds_bucket{api="a\\"b\\\\c\\nd",le="1"} 5',
        'x_seconds_bucket{api="a\\"b\\\\c\\nd",le="+Inf"} 6',
        'x_seconds_sum{api="a\\"b\\\\c\\nd"} 1.5',
        'x_seconds_count{api="a\\"b\\\\c\\nd"} 6',
        '',
      ].join('\n'),
    );
    expect(parsePrometheusText(text).samples[0].labels.api).toBe('a"b\\c\nd');
  });
});
