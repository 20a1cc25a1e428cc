/** `/topics` and `/topics/:name`: topics, their partitions, offsets, sizes, configs and consumers. */
import type { BrokerState } from '../../handlers/types';
import { committedLag, groupIds } from '../../metrics/groupLag';
import { listAllGroups } from '../../metrics/groupKinds';
import { shareLag } from '../../share/shareLag';
import { logConfigFor } from '../../topics/configs';
import type { SharePartitionSummary } from '../../share/contracts';
import type { Topic } from '../../topics/TopicRegistry';
import { formatBytes, formatCount } from '../format';
import { Html, html } from '../html';
import { page } from '../layout';
import { groupUrl, messagesUrl, topicUrl } from '../urls';
import { lagCell, messageCount, nodeLabel, sortedTopics } from './common';

export function topicsPage(state: BrokerState): string {
  const topics = sortedTopics(state);
  const body = html`
<h1>Topics</h1>
${
  topics.length === 0
    ? html`<p class="empty">No topics yet. Produce to one (topics are created on first use unless auto-creation is off) or create one with a Kafka admin client.</p>`
    : html`<table>
<tr><th>Topic</th><th class="num">Partitions</th><th class="num" title="End offset minus start offset, summed over partitions">Messages</th><th class="num">Size</th><th class="num">Produced /s</th><th class="num">Consumed /s</th><th></th></tr>
${topics.map(
  (t) => html`<tr><td><a href="${topicUrl(t.name)}">${t.name}</a></td><td class="num">${t.partitions.length}</td>
<td class="num">${formatCount(messageCount(t))}</td><td class="num">${formatBytes(t.partitions.reduce((n, p) => n + p.log.sizeInBytes, 0))}</td>
<td class="num" data-rate="recordsIn" data-topic="${t.name}">…</td><td class="num" data-rate="recordsOut" data-topic="${t.name}">…</td>
<td><a href="${messagesUrl(t.name)}">messages</a></td></tr>`,
)}
</table>`
}`;
  return page({ title: 'Topics', section: 'topics', live: true }, body);
}

export function topicPage(state: BrokerState, topic: Topic): string {
  const traffic = state.metrics.topic(topic.name);
  const size = topic.partitions.reduce((n, p) => n + p.log.sizeInBytes, 0);
  const body = html`
<div class="crumbs"><a href="/topics">Topics</a> /</div>
<h1>${topic.name}</h1>
<p><a href="${messagesUrl(topic.name)}">Browse messages →</a></p>
<table class="kv">
  <tr><th>Topic id</th><td class="mono">${topic.id}</td></tr>
  <tr><th>Partitions</th><td>${topic.partitions.length}</td></tr>
  <tr><th>Messages</th><td>${formatCount(messageCount(topic))}</td></tr>
  <tr><th>Size</th><td>${formatBytes(size)}</td></tr>
  <tr><th>Produced since start</th><td>${formatCount(traffic.recordsIn)} records, ${formatBytes(traffic.bytesIn)}</td></tr>
  <tr><th>Fetched since start</th><td>${formatCount(traffic.recordsOut)} records, ${formatBytes(traffic.bytesOut)}</td></tr>
</table>
<h2>Partitions</h2>
<table>
<tr><th class="num">Partition</th><th>Leader</th><th>Replicas</th><th>In sync</th><th class="num">Start offset</th><th class="num">End offset</th><th class="num" title="Where read_committed consumers stop: the first offset of the oldest open transaction">Last stable offset</th><th class="num">Messages</th><th class="num">Size</th><th></th></tr>
${topic.partitions.map((p) => {
  const leadership = state.cluster.leadership(p);
  return html`<tr><td class="num">${p.index}</td><td>${nodeLabel(state, leadership.leader)}</td><td>${leadership.replicas.join(', ')}</td><td>${leadership.isr.join(', ')}</td>
<td class="num">${formatCount(p.log.logStartOffset)}</td><td class="num">${formatCount(p.log.logEndOffset)}</td>
<td class="num">${formatCount(state.transactions.lastStableOffset(p))}</td><td class="num">${formatCount(p.log.logEndOffset - p.log.logStartOffset)}</td>
<td class="num">${formatBytes(p.log.sizeInBytes)}</td><td><a href="${messagesUrl(topic.name, { partition: p.index })}">messages</a></td></tr>`;
})}
</table>
<h2>Configs</h2>
${configsTable(state, topic)}
<h2>Consumer groups</h2>
${consumersTable(state, topic)}
${shareGroupsSection(state, topic)}`;
  return page({ title: topic.name, section: 'topics' }, body);
}

/** The topic's own settings, then the segment settings in effect that it leaves at the broker's defaults. */
function configsTable(state: BrokerState, topic: Topic) {
  const own = Object.entries(topic.configs).sort(([a], [b]) => (a < b ? -1 : 1));
  const log = logConfigFor(state.config.log, topic.configs);
  const defaults = (
    [
      ['index.interval.bytes', log.indexIntervalBytes],
      ['segment.bytes', log.segmentBytes],
      ['segment.ms', log.segmentMs],
    ] as const
  ).filter(([name]) => topic.configs[name] === undefined);
  return html`<table class="kv">
<tr><th>Name</th><th>Value</th><th>Source</th></tr>
${own.map(([name, value]) => html`<tr><td class="mono">${name}</td><td class="mono">${value}</td><td>topic</td></tr>`)}
${defaults.map(([name, value]) => html`<tr><td class="mono">${name}</td><td class="mono">${value}</td><td class="muted">broker default</td></tr>`)}
</table>`;
}

/** Groups with committed offsets in this topic, and their lag on it. */
function consumersTable(state: BrokerState, topic: Topic) {
  const rows = groupIds(state)
    .map((group) => ({ group, partitions: committedLag(state, group).filter((p) => p.topic === topic.name) }))
    .filter((g) => g.partitions.length > 0);
  if (rows.length === 0) return html`<p class="empty">No group has committed offsets for this topic.</p>`;
  return html`<table>
<tr><th>Group</th><th class="num">Partitions committed</th><th class="num">Lag</th></tr>
${rows.map(
  ({ group, partitions }) =>
    html`<tr><td><a href="${groupUrl(group)}">${group}</a></td><td class="num">${partitions.length}</td>${lagCell(
      partitions.reduce((n, p) => n + Math.max(p.lag ?? 0, 0), 0),
    )}</tr>`,
)}
</table>`;
}

/** Share groups reading this topic (with share-partition state on it); nothing when there are none. */
function shareGroupsSection(state: BrokerState, topic: Topic): Html | string {
  const rows = listAllGroups(state)
    .filter((g) => g.type === 'share')
    .map((g) => ({ group: g.groupId, partitions: state.sharePartitions.summaries(g.groupId).filter((s) => s.topic === topic.name) }))
    .filter((g) => g.partitions.length > 0);
  if (rows.length === 0) return '';
  const acquired = (partitions: SharePartitionSummary[]) => partitions.reduce((n, p) => n + p.acquired, 0);
  const lag = (partitions: SharePartitionSummary[]) => partitions.reduce((n, p) => n + shareLag(p), 0);
  return html`<h2>Share groups</h2>
<table>
<tr><th>Group</th><th class="num">Share-partitions</th><th class="num">In flight</th><th class="num">Lag</th></tr>
${rows.map(
  ({ group, partitions }) =>
    html`<tr><td><a href="${groupUrl(group)}">${group}</a></td><td class="num">${partitions.length}</td><td class="num">${formatCount(acquired(partitions))}</td>${lagCell(lag(partitions))}</tr>`,
)}
</table>`;
}
