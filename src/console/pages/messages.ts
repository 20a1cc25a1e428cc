/**
 * `/topics/:name/messages?partition=&offset=|timestamp=&limit=`: the message browser. Without an
 * offset or timestamp it shows the newest messages of the partition.
 */
import type { BrokerState } from '../../handlers/types';
import type { Topic } from '../../topics/TopicRegistry';
import { formatCount, formatTime, renderPayload } from '../format';
import { Html, html } from '../html';
import { page } from '../layout';
import { MessageRow, readMessages } from '../messages';
import { messagesUrl, topicUrl } from '../urls';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;

interface Query {
  partition: number;
  offset: number | null;
  timestamp: number | null;
  limit: number;
}

export function messagesPage(state: BrokerState, topic: Topic, params: URLSearchParams): { status: number; body: string } {
  const parsed = parseQuery(topic, params);
  if (typeof parsed === 'string') return { status: 400, body: render(topic, null, params, html`<div class="error">${parsed}</div>`) };
  const query = parsed;
  const partition = topic.partitions[query.partition];
  const { logStartOffset, logEndOffset } = partition.log;

  const notices: string[] = [];
  let from: number;
  if (query.timestamp !== null) {
    const found = partition.log.offsetForTimestamp(query.timestamp);
    from = found ? Math.max(found.offset, logStartOffset) : logEndOffset;
    if (!found) notices.push(`No message in partition ${query.partition} has a timestamp at or after ${formatTime(query.timestamp)}.`);
  } else if (query.offset !== null) {
    from = Math.min(Math.max(query.offset, logStartOffset), logEndOffset);
    if (query.offset < logStartOffset) notices.push(`Offset ${query.offset} is before the log start offset; showing from ${logStartOffset}.`);
    if (query.offset > logEndOffset) notices.push(`Offset ${query.offset} is past the end of the log (${logEndOffset}).`);
  } else {
    from = Math.max(logStartOffset, logEndOffset - query.limit);
  }

  const { rows, nextOffset } = readMessages(state, partition, from, query.limit);
  const older = Math.max(logStartOffset, from - query.limit);
  const pager = html`<div class="pager">
${from > logStartOffset ? html`<a href="${messagesUrl(topic.name, { partition: query.partition, offset: older, limit: query.limit })}">← Older</a>` : ''}
${nextOffset < logEndOffset ? html`<a href="${messagesUrl(topic.name, { partition: query.partition, offset: nextOffset, limit: query.limit })}">Newer →</a>` : ''}
<a href="${messagesUrl(topic.name, { partition: query.partition, limit: query.limit })}">Newest</a>
</div>`;
  const content = html`
${notices.map((n) => html`<div class="notice">${n}</div>`)}
<p class="muted">Partition ${query.partition} holds offsets ${formatCount(logStartOffset)} to ${formatCount(logEndOffset)} (end, exclusive).
${rows.length > 0 ? html`Showing ${rows.length} from offset ${formatCount(from)}.` : ''}</p>
${rows.length === 0 ? html`<p class="empty">No messages here.</p>` : messagesTable(rows)}
${pager}`;
  return { status: 200, body: render(topic, query, params, content) };
}

function render(topic: Topic, query: Query | null, params: URLSearchParams, content: Html): string {
  const partition = query?.partition ?? 0;
  const body = html`
<div class="crumbs"><a href="/topics">Topics</a> / <a href="${topicUrl(topic.name)}">${topic.name}</a> /</div>
<h1>Messages in ${topic.name}</h1>
<form class="browse" method="get" action="${messagesUrl(topic.name)}">
  <label>Partition <select name="partition">${topic.partitions.map(
    (p) => html`<option value="${p.index}" ${p.index === partition ? 'selected' : ''}>${p.index}</option>`,
  )}</select></label>
  <label>From offset <input name="offset" type="number" min="0" value="${params.get('offset') ?? ''}" placeholder="newest"></label>
  <label>or from time <input name="timestamp" value="${params.get('timestamp') ?? ''}" size="24" placeholder="ISO 8601 or epoch ms"></label>
  <label>Limit <input name="limit" type="number" min="1" max="${MAX_LIMIT}" value="${query?.limit ?? DEFAULT_LIMIT}"></label>
  <button type="submit">Show</button>
</form>
${content}`;
  return page({ title: `Messages in ${topic.name}`, section: 'topics' }, body);
}

function messagesTable(rows: MessageRow[]): Html {
  return html`<table class="messages">
<tr><th class="num">Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr>
${rows.map((row) => {
  if (row.kind === 'marker') {
    return html`<tr class="marker"><td class="num">${row.offset}</td><td>${formatTime(row.timestamp)}</td>
<td colspan="3"><span class="tag ${row.commit ? 'ok' : 'bad'}">${row.commit ? 'COMMIT' : 'ABORT'} marker</span> transaction of producer ${row.producerId} ended (consumers never see this record)</td></tr>`;
  }
  if (row.kind === 'undecodable') {
    return html`<tr class="marker"><td class="num">${row.offset}${row.lastOffset > row.offset ? `–${row.lastOffset}` : ''}</td><td></td>
<td colspan="3">Offsets not shown: ${row.reason}.</td></tr>`;
  }
  const badge =
    row.outcome === 'aborted'
      ? html`<span class="tag bad" title="Its transaction was aborted: read_committed consumers skip it">aborted</span>`
      : row.outcome === 'open'
        ? html`<span class="tag warn" title="Its transaction is still open: read_committed consumers do not see it yet">uncommitted</span>`
        : '';
  return html`<tr class="${row.outcome === 'committed' ? '' : row.outcome}"><td class="num">${row.offset}</td><td>${formatTime(row.timestamp)}${badge ? html`<br>${badge}` : ''}</td>
<td>${renderPayload(row.key)}</td><td>${renderPayload(row.value)}</td>
<td class="headers">${row.headers.length === 0 ? html`<span class="muted">—</span>` : row.headers.map((h) => html`<div><code>${h.key}</code>: ${renderPayload(h.value)}</div>`)}</td></tr>`;
})}
</table>`;
}

/** The query, or what is wrong with it. Empty fields count as absent (the form sends them all). */
function parseQuery(topic: Topic, params: URLSearchParams): Query | string {
  const get = (name: string): string | null => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const partitionText = get('partition') ?? '0';
  const partition = Number(partitionText);
  if (!/^\d+$/.test(partitionText) || partition >= topic.partitions.length) {
    return `Partition ${partitionText} does not exist: ${topic.name} has partitions 0 to ${topic.partitions.length - 1}.`;
  }
  const limitText = get('limit') ?? String(DEFAULT_LIMIT);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIMIT) return `Limit must be a whole number from 1 to ${MAX_LIMIT}, got "${limitText}".`;

  const offsetText = get('offset');
  const timestampText = get('timestamp');
  if (offsetText !== null && timestampText !== null) return 'Give either an offset or a timestamp, not both.';
  let offset: number | null = null;
  if (offsetText !== null) {
    if (!/^\d+$/.test(offsetText)) return `Offset must be a whole number of at least 0, got "${offsetText}".`;
    offset = Number(offsetText);
  }
  let timestamp: number | null = null;
  if (timestampText !== null) {
    timestamp = /^\d+$/.test(timestampText) ? Number(timestampText) : Date.parse(timestampText);
    if (Number.isNaN(timestamp)) {
      return `Timestamp must be milliseconds since the epoch or an ISO 8601 time such as 2024-05-01T12:00:00Z, got "${timestampText}".`;
    }
  }
  return { partition, offset, timestamp, limit };
}
