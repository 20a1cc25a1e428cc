/** `/groups/:id` for a KIP-848 consumer group: epochs, members with current and target assignment, offsets and lag. */
import type { ConsumerGroupPage, TopicAssignment } from '../consumerGroupView';
import { formatCount } from '../format';
import { Html, html } from '../html';
import { page } from '../layout';
import { topicUrl } from '../urls';
import { stateTag } from './common';
import { offsetsAndLag } from './groups';

export function consumerGroupPage(group: ConsumerGroupPage): string {
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
${offsetsAndLag(group.partitions, group.members)}`;
  return page({ title: group.groupId, section: 'groups' }, body);
}

/** Topic: partitions, one topic a line; 'none' when empty. */
export function assignmentCell(assignment: TopicAssignment[]): Html {
  if (assignment.length === 0) return html`<span class="muted">none</span>`;
  return html`${assignment.map((a) => html`<div><a href="${topicUrl(a.topic)}">${a.topic}</a>: ${a.partitions.join(', ')}</div>`)}`;
}
