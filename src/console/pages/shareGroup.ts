/** `/groups/:id` for a share group (KIP-932): members and their assignments, and the in-flight records of each share-partition. */
import { formatCount } from '../format';
import { html } from '../html';
import { page } from '../layout';
import type { ShareGroupPage } from '../shareGroupView';
import { topicUrl } from '../urls';
import { assignmentCell } from './consumerGroup';
import { lagCell, stateTag } from './common';

export function shareGroupPage(group: ShareGroupPage): string {
  const body = html`
<div class="crumbs"><a href="/groups">Groups</a> /</div>
<h1>${group.groupId}</h1>
<table class="kv">
  <tr><th>Type</th><td>share <span class="muted">(KIP-932)</span></td></tr>
  <tr><th>State</th><td>${stateTag(group.state)}</td></tr>
  <tr><th>Group epoch</th><td>${group.groupEpoch}</td></tr>
  <tr><th>Assignment epoch</th><td>${group.assignmentEpoch}</td></tr>
  <tr><th>Members</th><td>${group.members.length}</td></tr>
  <tr><th>In flight</th><td>${formatCount(group.totalAcquired)}</td></tr>
  <tr><th>Total lag</th><td>${formatCount(group.totalLag)}</td></tr>
</table>
<h2>Members</h2>
${
  group.members.length === 0
    ? html`<p class="empty">No members: no consumer of this share group is running.</p>`
    : html`<table>
<tr><th>Member id</th><th>Client id</th><th>Host</th><th class="num">Epoch</th><th>Subscription</th><th>Assigned partitions</th></tr>
${group.members.map(
  (m) => html`<tr><td class="mono">${m.memberId}</td><td>${m.clientId}</td><td class="mono">${m.clientHost}</td><td class="num">${m.memberEpoch}</td>
<td>${m.subscribedTopicNames.join(', ')}</td><td>${assignmentCell(m.assignment)}</td></tr>`,
)}
</table>`
}
<h2>Share-partitions</h2>
${
  group.partitions.length === 0
    ? html`<p class="empty">No share-partitions yet: they start when a member first fetches from a partition.</p>`
    : html`<table>
<tr><th>Topic</th><th class="num">Partition</th><th class="num">Start offset</th><th class="num">End offset</th><th class="num">Available</th><th class="num">Acquired</th><th class="num">Acknowledged</th><th class="num">Archived</th><th class="num">Max deliveries</th><th class="num">Not fetched</th><th class="num">Lag</th><th class="num">Members</th></tr>
${group.partitions.map(
  (p) => html`<tr><td><a href="${topicUrl(p.topic)}">${p.topic}</a></td><td class="num">${p.partition}</td>
<td class="num">${p.startOffset < 0 ? html`<span class="muted">not started</span>` : formatCount(p.startOffset)}</td>
<td class="num">${p.endOffset < 0 ? html`<span class="muted">—</span>` : formatCount(p.endOffset)}</td>
<td class="num">${formatCount(p.available)}</td><td class="num">${formatCount(p.acquired)}</td><td class="num">${formatCount(p.acknowledged)}</td>
<td class="num">${formatCount(p.archived)}</td><td class="num">${formatCount(p.maxDeliveryCount)}</td><td class="num">${formatCount(p.unfetched)}</td>${lagCell(p.lag)}<td class="num">${p.memberIds.length}</td></tr>`,
)}
</table>
<p class="muted">Records from the start offset up to the end offset are in flight: available to be delivered (again), acquired by a member that has not acknowledged them yet, acknowledged, or archived (rejected, or delivered too many times). Below the start offset every record is done. Lag, as Kafka counts it, is every record not yet acknowledged or archived: those not fetched yet, and those available or acquired.</p>`
}`;
  return page({ title: group.groupId, section: 'groups' }, body);
}
