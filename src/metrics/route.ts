/** GET /metrics in Prometheus' text format: the Metrics counters, and log, group and lag gauges read at scrape time. */
import type { BrokerState } from '../handlers/types';
import type { SharePartitionSummary } from '../share/contracts';
import type { HttpServer } from '../http/HttpServer';
import { send } from '../http/respond';
import { GROUP_TYPES, listAllGroups } from './groupKinds';
import { committedLag, groupIds } from './groupLag';
import { shareLag } from '../share/shareLag';
import { LATENCY_BUCKETS_SECONDS } from './Metrics';
import { PROMETHEUS_CONTENT_TYPE, PrometheusText } from './prometheus';

export function registerMetricsRoute(http: HttpServer, state: BrokerState): void {
  http.route('GET', '/metrics', (_req, res) => send(res, 200, PROMETHEUS_CONTENT_TYPE, renderMetrics(state)));
}

export function renderMetrics(state: BrokerState): string {
  const { metrics } = state;
  const out = new PrometheusText();
  const topics = state.topics.list().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const traffic = [
    ['bytes_in', 'bytesIn', 'Bytes of record batches appended by Produce.'],
    ['records_in', 'recordsIn', 'Records appended by Produce.'],
    ['bytes_out', 'bytesOut', 'Bytes of record batches returned by Fetch.'],
    ['records_out', 'recordsOut', 'Records returned by Fetch (transaction markers not counted).'],
  ] as const;
  for (const [suffix, field, help] of traffic) {
    const name = `minikafka_topic_${suffix}_total`;
    out.family(name, 'counter', help);
    for (const t of topics) out.sample(name, { topic: t.name }, metrics.topic(t.name)[field]);
  }

  const apis = metrics.apis();
  out.family('minikafka_requests_total', 'counter', 'Requests answered (or dropped, for acks=0), per API.');
  for (const a of apis) out.sample('minikafka_requests_total', { api: a.api }, a.count);
  out.family('minikafka_request_duration_seconds', 'histogram', 'Time from decoding a request to its response being ready, per API (Fetch includes its long poll).');
  for (const a of apis) {
    out.histogram('minikafka_request_duration_seconds', { api: a.api }, LATENCY_BUCKETS_SECONDS, a.buckets, a.sumSeconds, a.count);
  }

  out.family('minikafka_connections_open', 'gauge', 'Client connections open now.');
  out.sample('minikafka_connections_open', {}, metrics.connectionsOpen);
  out.family('minikafka_connections_total', 'counter', 'Client connections accepted.');
  out.sample('minikafka_connections_total', {}, metrics.connectionsTotal);

  const logGauges = [
    ['minikafka_partition_log_start_offset', 'First offset still in the partition log.', 'logStartOffset'],
    ['minikafka_partition_log_end_offset', 'Offset the next record appended to the partition will get.', 'logEndOffset'],
    ['minikafka_partition_size_bytes', 'Bytes of the partition log.', 'sizeInBytes'],
  ] as const;
  for (const [name, help, field] of logGauges) {
    out.family(name, 'gauge', help);
    for (const t of topics) for (const p of t.partitions) out.sample(name, { topic: t.name, partition: p.index }, p.log[field]);
  }

  const lags = groupIds(state).map((group) => ({ group, partitions: committedLag(state, group) }));
  out.family('minikafka_group_committed_offset', 'gauge', 'Offset committed by a consumer group.');
  for (const { group, partitions } of lags) {
    for (const p of partitions) {
      if (p.committedOffset !== null) out.sample('minikafka_group_committed_offset', { group, topic: p.topic, partition: p.partition }, p.committedOffset);
    }
  }
  out.family('minikafka_group_lag', 'gauge', "Log end offset minus the group's committed offset.");
  for (const { group, partitions } of lags) {
    for (const p of partitions) if (p.lag !== null) out.sample('minikafka_group_lag', { group, topic: p.topic, partition: p.partition }, p.lag);
  }

  renderGroupGauges(state, out);
  return out.toString();
}

/** How many groups of each kind, and each share group's share-partitions (KIP-932). */
function renderGroupGauges(state: BrokerState, out: PrometheusText): void {
  const groups = listAllGroups(state);
  out.family('minikafka_groups', 'gauge', 'Groups the broker knows, per type: classic, consumer (KIP-848) or share (KIP-932).');
  for (const type of GROUP_TYPES) out.sample('minikafka_groups', { type }, groups.filter((g) => g.type === type).length);

  const shares = groups.filter((g) => g.type === 'share').flatMap((g) => state.sharePartitions.summaries(g.groupId));
  const shareGauges: [string, string, (s: SharePartitionSummary) => number][] = [
    ['minikafka_share_group_start_offset', 'Share-partition start offset: every record below it is acknowledged or archived.', (s) => s.startOffset],
    ['minikafka_share_group_acquired_records', 'Records a share group member holds now (in flight, not yet acknowledged).', (s) => s.acquired],
    ['minikafka_share_group_available_records', 'Records between start and end offset waiting to be delivered (again).', (s) => s.available],
    ['minikafka_share_group_archived_records', 'Records between start and end offset archived (rejected or past the delivery limit).', (s) => s.archived],
    ['minikafka_share_group_lag', 'Records not yet acknowledged or archived, fetched or not (KIP-1226 lag, as kafka-share-groups.sh shows it).', shareLag],
  ];
  for (const [name, help, read] of shareGauges) {
    out.family(name, 'gauge', help);
    for (const s of shares) {
      if (s.startOffset >= 0) out.sample(name, { group: s.groupId, topic: s.topic, partition: s.partition }, read(s)); // else not initialized yet
    }
  }
}
