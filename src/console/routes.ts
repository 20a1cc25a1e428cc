/** The web console: topics, a message browser and groups, rendered on the server. */
import type * as http from 'node:http';
import type { BrokerState } from '../handlers/types';
import type { HttpServer } from '../http/HttpServer';
import { send, sendJson } from '../http/respond';
import { viewConsumerGroup } from './consumerGroupView';
import { viewGroup } from './groupView';
import { html } from './html';
import { CONTENT_SECURITY_POLICY } from './layout';
import { problemPage } from './pages/common';
import { consumerGroupPage } from './pages/consumerGroup';
import { groupPage, groupsPage } from './pages/groups';
import { messagesPage } from './pages/messages';
import { overviewPage } from './pages/overview';
import { shareGroupPage } from './pages/shareGroup';
import { topicPage, topicsPage } from './pages/topics';
import { viewShareGroup } from './shareGroupView';
import { currentStats } from './stats';

export function registerConsoleRoutes(http: HttpServer, state: BrokerState): void {
  // '/' also receives every GET no other route takes.
  http.route('GET', '/', (_req, res, url) => (url.pathname === '/' ? sendPage(res, 200, overviewPage(state)) : notFound(res, url)));
  http.route('GET', '/api/stats', (_req, res) => sendJson(res, 200, currentStats(state)));
  http.route('GET', '/topics', (_req, res) => sendPage(res, 200, topicsPage(state)));
  http.route('GET', '/topics/', (_req, res, url) => topicRoute(state, res, url));
  http.route('GET', '/groups', (_req, res) => sendPage(res, 200, groupsPage(state)));
  http.route('GET', '/groups/', (_req, res, url) => groupRoute(state, res, url));
}

/** `/topics/:name` and `/topics/:name/messages` (topic names cannot contain '/'). */
function topicRoute(state: BrokerState, res: http.ServerResponse, url: URL): void {
  const [encoded, sub, ...rest] = url.pathname.slice('/topics/'.length).split('/');
  const name = decode(encoded);
  if (name === null || name === '' || (sub !== undefined && sub !== 'messages') || rest.length > 0) {
    notFound(res, url);
    return;
  }
  const topic = state.topics.get(name);
  if (!topic) {
    sendPage(res, 404, problemPage('topics', 'Topic not found', html`Topic <code>${name}</code> does not exist. See <a href="/topics">all topics</a>.`));
    return;
  }
  if (sub === undefined) {
    sendPage(res, 200, topicPage(state, topic));
    return;
  }
  const { status, body } = messagesPage(state, topic, url.searchParams);
  sendPage(res, status, body);
}

/** `/groups/:id`, the id percent-encoded (it may contain '/'): a share, KIP-848 consumer or classic group. */
function groupRoute(state: BrokerState, res: http.ServerResponse, url: URL): void {
  const groupId = decode(url.pathname.slice('/groups/'.length));
  const body = groupId === null ? null : groupPageFor(state, groupId);
  if (body === null) {
    const message = html`Group <code>${groupId ?? url.pathname}</code> is not known: it has no members and no committed offsets. See <a href="/groups">all groups</a>.`;
    sendPage(res, 404, problemPage('groups', 'Group not found', message));
    return;
  }
  sendPage(res, 200, body);
}

/** A group id belongs to one kind; the share and consumer coordinators know only their own. */
function groupPageFor(state: BrokerState, groupId: string): string | null {
  const share = viewShareGroup(state, groupId);
  if (share) return shareGroupPage(share);
  const consumer = viewConsumerGroup(state, groupId);
  if (consumer) return consumerGroupPage(consumer);
  const classic = viewGroup(state, groupId);
  return classic ? groupPage(classic) : null;
}

function notFound(res: http.ServerResponse, url: URL): void {
  sendPage(res, 404, problemPage('overview', 'Page not found', html`There is no console page at <code>${url.pathname}</code>. See <a href="/topics">all topics</a>.`));
}

function decode(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null; // malformed percent-encoding
  }
}

function sendPage(res: http.ServerResponse, status: number, body: string): void {
  send(res, status, 'text/html; charset=utf-8', body, { 'content-security-policy': CONTENT_SECURITY_POLICY });
}
