/** `/groups/:id` for a KIP-848 consumer group: epochs, members with current and target assignment, offsets and lag. */
import type { ConsumerGroupPage, TopicAssignment } from '../consumerGroupView';
import { formatCount, formatTime } from '../format';
import { Html, html } from '../html';
import { page } from '../layout';
import { topicUrl } from '../urls';
import { lagCell, stateTag } from './common';

export function consumerGroupPage(group: ConsumerGroupPage): string {
  const clientOf = new Map(group.members.map((m) => [m.memberId, m.clientId]));
  const body = html`
<div class="crumbs"><a href="/groups">Groups</a> /</div>
<h1>${group.groupId}</h1>
<table class="kv">
  <tr><th>Type</th><td>consumer <span class="muted">(KIP-848)</span></td></tr>
  <tr><th>State</th><td>${stateTag(group.state)}</td></tr>
  <tr><th>Group epoch</th><td>${group.groupEpoch}</td></tr>
  <tr><th>Assignment epoch</th><td>${group.assignmentEpoch}</td></tr>
  <tr><th>Assignor</th><td>${group.assignorName || html`<span class="muted">—</span>`}</td></tr>
  <tr><th>Members</th><td>${group.members.length}</td></tr>
  <tr><th>Total lag</th><td>${formatCount(group.totalLag)}</td></tr>
</table>
<h2>Members</h2>
${
  group.members.length === 0
    ? html`<p class="empty">No members: no consumer of this group is running.</p>`
    : html`<table>
<tr><th>Member id</th><th>Client id</th><th>Host</th><th>Instance id</th><th class="num">Epoch</th><th>Subscription</th><th>Assignment</th><th>Target assignment</th></tr>
${group.members.map(
  (m) => html`<tr><td class="mono">${m.memberId}</td><td>${m.clientId}</td><td class="mono">${m.clientHost}</td>
<td>${m.instanceId ?? html`<span class="muted">—</span>`}</td><td class="num">${m.memberEpoch}</td>
<td>${m.subscribedTopicRegex !== null ? html`<code>${m.subscribedTopicRegex}</code>` : m.subscribedTopicNames.join(', ')}</td>
<td>${assignmentCell(m.assignment)}</td><td>${assignmentCell(m.targetAssignment)}</td></tr>`,
)}
</table>
<p class="muted">The target assignment is where the broker's assignor wants each member; a member owns it once it has released partitions moving elsewhere and caught up with the group epoch.</p>`
}
<h2>Offsets and lag</h2>
${
  group.partitions.length === 0
    ? html`<p class="empty">No committed offsets and no assigned partitions.</p>`
    : html`<table>
<tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed offset</th><th class="num">End offset</th><th class="num">Lag</th><th>Consumer</th><th>Committed at</th></tr>
${group.partitions.map(
  (p) => html`<tr><td><a href="${topicUrl(p.topic)}">${p.topic}</a></td><td class="num">${p.partition}</td>
<td class="num">${p.committedOffset === null ? html`<span class="muted">none</span>` : formatCount(p.committedOffset)}</td>
<td class="num">${p.logEndOffset === null ? html`<span class="muted">topic deleted</span>` : formatCount(p.logEndOffset)}</td>${lagCell(p.lag)}
<td>${p.memberId === null ? html`<span class="muted">—</span>` : html`<span title="${p.memberId}">${clientOf.get(p.memberId) ?? p.memberId}</span>`}</td>
<td>${p.commitTimestamp === null ? html`<span class="muted">—</span>` : formatTime(p.commitTimestamp)}</td></tr>`,
)}
</table>`
}`;
  return page({ title: group.groupId, section: 'groups' }, body);
}

/** Topic: partitions, one topic a line; 'none' when empty. */
export function assignmentCell(assignment: TopicAssignment[]): Html {
  if (assignment.length === 0) return html`<span class="muted">none</span>`;
  return html`${assignment.map((a) => html`<div><a href="${topicUrl(a.topic)}">${a.topic}</a>: ${a.partitions.join(', ')}</div>`)}`;
}
