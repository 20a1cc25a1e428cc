/** `/groups` (every group, of every kind) and `/groups/:id` for classic groups: members, assignments, offsets and lag. */
import type { BrokerState } from '../../handlers/types';
import type { PartitionLag } from '../../metrics/groupLag';
import { formatCount, formatTime } from '../format';
import { groupUrl, topicUrl } from '../urls';
import { summarizeGroups } from '../groupList';
import type { GroupView, MemberView } from '../groupView';
import { Html, html } from '../html';
import { page } from '../layout';
import { countCell, lagCell, stateTag } from './common';

export function groupsPage(state: BrokerState): string {
  const groups = summarizeGroups(state);
  const body = html`
<h1>Groups</h1>
${
  groups.length === 0
    ? html`<p class="empty">No groups yet. They appear when a consumer joins a group or commits offsets.</p>`
    : html`<table>
<tr><th>Group</th><th>Type</th><th>State</th><th>Protocol</th><th class="num">Members</th><th class="num">Partitions</th><th class="num">In flight</th><th class="num">Lag</th></tr>
${groups.map(
  (g) => html`<tr><td><a href="${groupUrl(g.groupId)}">${g.groupId}</a></td><td>${g.type}</td><td>${stateTag(g.state)}</td><td>${g.protocol || html`<span class="muted">—</span>`}</td>
<td class="num">${g.members}</td><td class="num">${g.partitions}</td>${countCell(g.acquired)}${lagCell(g.lag)}</tr>`,
)}
</table>
<p class="muted">Classic groups use JoinGroup and SyncGroup (or only commit offsets); consumer groups the KIP-848 protocol, with assignments made by the broker; share groups (KIP-932) share partitions between members and acknowledge records one by one.</p>`
}`;
  return page({ title: 'Groups', section: 'groups' }, body);
}

export function groupPage(group: GroupView): string {
  const body = html`
<div class="crumbs"><a href="/groups">Groups</a> /</div>
<h1>${group.groupId}</h1>
<table class="kv">
  <tr><th>Type</th><td>classic</td></tr>
  <tr><th>State</th><td>${stateTag(group.state)}</td></tr>
  <tr><th>Protocol type</th><td>${group.protocolType || html`<span class="muted">—</span>`}</td></tr>
  <tr><th>Assignor</th><td>${group.protocolName || html`<span class="muted">${group.state === 'Stable' ? '—' : 'known once the group is Stable'}</span>`}</td></tr>
  <tr><th>Members</th><td>${group.members.length}</td></tr>
  <tr><th>Total lag</th><td>${formatCount(group.totalLag)}</td></tr>
</table>
<h2>Members</h2>
${
  group.members.length === 0
    ? html`<p class="empty">No members: no consumer of this group is running.</p>`
    : html`<table>
<tr><th>Member id</th><th>Client id</th><th>Host</th><th>Instance id</th><th>Assigned partitions</th></tr>
${group.members.map(
  (m) => html`<tr><td class="mono">${m.memberId}</td><td>${m.clientId}</td><td class="mono">${m.clientHost}</td>
<td>${m.groupInstanceId ?? html`<span class="muted">—</span>`}</td><td>${assignment(group, m)}</td></tr>`,
)}
</table>`
}
${offsetsAndLag(group.partitions, group.members)}`;
  return page({ title: group.groupId, section: 'groups' }, body);
}

function assignment(group: GroupView, member: MemberView): Html {
  if (member.assigned === null) return html`<span class="muted">not a consumer assignment</span>`;
  if (member.assigned.length === 0) {
    return html`<span class="muted">${group.state === 'Stable' ? 'none' : 'being rebalanced'}</span>`;
  }
  return html`${member.assigned.map((a) => html`<div><a href="${topicUrl(a.topic)}">${a.topic}</a>: ${a.partitions.join(', ')}</div>`)}`;
}

/** The "Offsets and lag" section of a classic or KIP-848 group: committed offset, end, lag and owner per partition. */
export function offsetsAndLag(partitions: (PartitionLag & { memberId: string | null })[], members: { memberId: string; clientId: string }[]): Html {
  const clientOf = new Map(members.map((m) => [m.memberId, m.clientId]));
  return html`<h2>Offsets and lag</h2>
${
  partitions.length === 0
    ? html`<p class="empty">No committed offsets and no assigned partitions.</p>`
    : html`<table>
<tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed offset</th><th class="num">End offset</th><th class="num">Lag</th><th>Consumer</th><th>Committed at</th></tr>
${partitions.map(
  (p) => html`<tr><td><a href="${topicUrl(p.topic)}">${p.topic}</a></td><td class="num">${p.partition}</td>
<td class="num">${p.committedOffset === null ? html`<span class="muted">none</span>` : formatCount(p.committedOffset)}</td>
<td class="num">${p.logEndOffset === null ? html`<span class="muted">topic deleted</span>` : formatCount(p.logEndOffset)}</td>${lagCell(p.lag)}
<td>${p.memberId === null ? html`<span class="muted">—</span>` : html`<span title="${p.memberId}">${clientOf.get(p.memberId) ?? p.memberId}</span>`}</td>
<td>${p.commitTimestamp === null ? html`<span class="muted">—</span>` : formatTime(p.commitTimestamp)}</td></tr>`,
)}
</table>`
}`;
}
