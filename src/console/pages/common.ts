/** Pieces several console pages use. */
import type { BrokerState } from '../../handlers/types';
import type { Topic } from '../../topics/TopicRegistry';
import { formatCount } from '../format';
import { Html, html } from '../html';
import { page, Section } from '../layout';

export function sortedTopics(state: BrokerState): Topic[] {
  return state.topics.list().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Messages in a partition's log: its offset range (transaction markers take an offset too). */
export function messageCount(topic: Topic): number {
  return topic.partitions.reduce((n, p) => n + (p.log.logEndOffset - p.log.logStartOffset), 0);
}

/** A node as clients address it, e.g. `node 1 (127.0.0.1:9092)`; 'none' for no leader. */
export function nodeLabel(state: BrokerState, nodeId: number): Html {
  const node = state.cluster.node(nodeId);
  if (!node) return html`<span class="tag bad">none</span>`;
  return html`node ${nodeId} <span class="muted">${node.host}:${node.port}</span>${node.alive ? '' : html` <span class="tag bad">stopped</span>`}`;
}

/** A lag figure: highlighted when the group is behind, '—' when unknown. */
export function lagCell(lag: number | null): Html {
  if (lag === null) return html`<td class="num muted">—</td>`;
  return html`<td class="num"><span class="lag ${lag === 0 ? 'zero' : ''}">${formatCount(lag)}</span></td>`;
}

/** A group state: Stable in green, Empty plain, anything in between (rebalancing, Dead) in orange. */
export function stateTag(state: string): Html {
  const kind = state === 'Stable' ? 'ok' : state === 'Empty' ? '' : 'warn';
  return html`<span class="tag ${kind}">${state}</span>`;
}

/** A count, or '—' when there is none to show. */
export function countCell(n: number | null): Html {
  return n === null ? html`<td class="num muted">—</td>` : html`<td class="num">${formatCount(n)}</td>`;
}

/** A page saying what is missing or wrong, and where to go instead. */
export function problemPage(section: Section, title: string, message: Html | string): string {
  return page({ title, section }, html`<h1>${title}</h1><div class="error">${message}</div>`);
}
