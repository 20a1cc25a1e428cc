/** `/`: the broker at a glance, with live produce and consume rates. */
import type { BrokerState } from '../../handlers/types';
import { formatBytes, formatCount, formatTime } from '../format';
import { Html, html } from '../html';
import { page } from '../layout';
import { groupUrl, topicUrl } from '../urls';
import { GroupSummary, summarizeGroups } from '../groupList';
import { GROUP_TYPES } from '../../metrics/groupKinds';
import { lagCell, nodeLabel, sortedTopics, stateTag } from './common';

export function overviewPage(state: BrokerState): string {
  const topics = sortedTopics(state);
  const partitions = topics.reduce((n, t) => n + t.partitions.length, 0);
  const nodes = state.cluster.nodes;
  const groups = summarizeGroups(state);
  const rate = (field: string, label: string) =>
    html`<div class="card"><div class="label">${label}</div><div class="value" data-rate="${field}">…</div></div>`;
  const body = html`
<h1>Overview</h1>
<div class="cards">
  ${rate('recordsIn', 'Produced records')}
  ${rate('recordsOut', 'Consumed records')}
  ${rate('bytesIn', 'Bytes in')}
  ${rate('bytesOut', 'Bytes out')}
  <div class="card"><div class="label">Connections</div><div class="value" data-stat="connectionsOpen">${state.metrics.connectionsOpen}</div></div>
</div>
<h2>Broker</h2>
<table class="kv">
  <tr><th>Cluster id</th><td class="mono">${state.clusterId}</td></tr>
  <tr><th>${nodes.length === 1 ? 'Node' : 'Nodes'}</th><td>${nodes.map((n) => html`<div>${nodeLabel(state, n.nodeId)}</div>`)}</td></tr>
  <tr><th>Storage</th><td>${state.config.inMemory ? 'in memory' : html`<code>${state.config.dataDir}</code>`}</td></tr>
  <tr><th>Started</th><td>${formatTime(state.metrics.startedAt)}</td></tr>
  <tr><th>Topics</th><td><a href="/topics">${topics.length}</a> (${partitions} partitions)</td></tr>
  <tr><th>Groups</th><td><a href="/groups">${groups.length}</a>${groupCounts(groups)}</td></tr>
</table>
<h2>Traffic by topic</h2>
${
  topics.length === 0
    ? html`<p class="empty">No topics yet.</p>`
    : html`<table>
<tr><th>Topic</th><th class="num">Produced /s</th><th class="num">Consumed /s</th><th class="num">Records in</th><th class="num">Records out</th><th class="num">Size</th></tr>
${topics.map((t) => {
  const traffic = state.metrics.topic(t.name);
  const size = t.partitions.reduce((n, p) => n + p.log.sizeInBytes, 0);
  return html`<tr><td><a href="${topicUrl(t.name)}">${t.name}</a></td>
<td class="num" data-rate="recordsIn" data-topic="${t.name}">…</td><td class="num" data-rate="recordsOut" data-topic="${t.name}">…</td>
<td class="num" data-count="recordsIn" data-topic="${t.name}">${formatCount(traffic.recordsIn)}</td><td class="num" data-count="recordsOut" data-topic="${t.name}">${formatCount(traffic.recordsOut)}</td><td class="num">${formatBytes(size)}</td></tr>`;
})}
</table>`
}
<h2>Groups</h2>
${
  groups.length === 0
    ? html`<p class="empty">No groups yet.</p>`
    : html`<table>
<tr><th>Group</th><th>Type</th><th>State</th><th class="num">Members</th><th class="num">Lag</th></tr>
${groups.map(
  (g) => html`<tr><td><a href="${groupUrl(g.groupId)}">${g.groupId}</a></td><td>${g.type}</td><td>${stateTag(g.state)}</td><td class="num">${g.members}</td>${lagCell(g.lag)}</tr>`,
)}
</table>`
}`;
  return page({ title: 'Overview', section: 'overview', live: true }, body);
}

/** ' (2 classic, 1 share)' when there is more than one kind; nothing otherwise. */
function groupCounts(groups: GroupSummary[]): Html | string {
  const counts = GROUP_TYPES.map((type) => [type, groups.filter((g) => g.type === type).length] as const).filter(([, n]) => n > 0);
  if (counts.length < 2) return '';
  return html` <span class="muted">(${counts.map(([type, n]) => `${n} ${type}`).join(', ')})</span>`;
}
