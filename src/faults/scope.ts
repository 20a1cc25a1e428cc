/**
 * Which part of a request a rule's filters (topic, partition, group, transactional id) select.
 *
 * A rule without filters, or whose filters name the request's one group or transactional id,
 * takes the whole request. Otherwise the request's entries are cut in two: the selected ones
 * (`hit`) get the error without running anything, the others (`rest`) are served by the handler
 * as a request of their own, and the two answers are merged. So a Produce to two partitions with
 * a rule on one of them appends only to the other.
 */
import type { ApiDefinition } from '../../wire/schema';
import type { Rule } from './rules';
import { EntryKind, EntryLevel, shapeOf } from './shape';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Plan =
  /** The whole request gets the error. */
  | { readonly kind: 'whole' }
  /**
   * Entries `depth` levels down are cut into hit and rest, each a request of the same shape; rest
   * is null when nothing is left to serve.
   */
  | { readonly kind: 'entries'; readonly hit: Value; readonly rest: Value | null; readonly depth: number }
  /** Metadata for all topics, or per partition: served, then the selected topics or partitions get the error. */
  | { readonly kind: 'metadata' };

type Filter = 'topic' | 'partition' | 'group' | 'transactionalId';

/** Looks a topic id up (Fetch v13+, Metadata and DeleteTopics by id). */
export type TopicNames = (topicId: string) => string | undefined;

/** How the rule applies to this request, or null if it does not match it. */
export function planFor(rule: Rule, api: ApiDefinition, version: number, request: Value, topicNames: TopicNames): Plan | null {
  const shape = shapeOf(api, version);
  const filters = new Set<Filter>((['topic', 'partition', 'group', 'transactionalId'] as const).filter((f) => rule[f] !== undefined));

  for (const top of shape.topIds) {
    const filter = filterFor(top.kind, request);
    if (!filter || !filters.has(filter)) continue;
    if (request[top.field] !== rule[filter]) return null;
    filters.delete(filter);
  }
  if (filters.size === 0) return { kind: 'whole' };

  // Metadata keeps its broker list whatever happens to topics, so it is always served (v0: [] means all topics).
  if (api.name === 'Metadata' && (filters.has('partition') || version === 0 || allTopics(request, version))) {
    return metadataMatches(rule, request, version, topicNames) ? { kind: 'metadata' } : null;
  }

  // Every filter left must be answerable by some entry level of this version.
  const levels: EntryLevel[] = [];
  for (let l = shape.entries; l; l = l.nested) levels.push(l);
  const filterLevels = levels.map((l) => filterFor(l.kind, request));
  for (const f of filters) if (!filterLevels.includes(f)) return null;
  const depth = Math.max(...[...filters].map((f) => filterLevels.indexOf(f))) + 1;

  const top = levels[0];
  const cut = cutEntries(request[top.request.name], levels, 0, depth, rule, request, topicNames);
  if (cut.hit.length === 0) return null;
  return {
    kind: 'entries',
    hit: { ...request, [top.request.name]: cut.hit },
    rest: cut.rest.length > 0 || api.name === 'Metadata' ? { ...request, [top.request.name]: cut.rest } : null,
    depth,
  };
}

/** Metadata served by the handler: the topics (or partitions) the rule selects get its error. */
export function applyToMetadata(response: Value, rule: Rule, errorCode: number): Value {
  const topics = response.topics.map((t: Value) => {
    if (rule.topic !== undefined && t.name !== rule.topic) return t;
    if (rule.partition === undefined) return { ...t, errorCode, partitions: [] };
    return { ...t, partitions: t.partitions.map((p: Value) => (p.partitionIndex === rule.partition ? { ...p, errorCode } : p)) };
  });
  return { ...response, topics };
}

function cutEntries(
  entries: Value[] | null,
  levels: EntryLevel[],
  index: number,
  depth: number,
  rule: Rule,
  request: Value,
  topicNames: TopicNames,
): { hit: Value[]; rest: Value[] } {
  const hit: Value[] = [];
  const rest: Value[] = [];
  const level = levels[index];
  const filter = filterFor(level.kind, request);
  for (const entry of entries ?? []) {
    if (filter && rule[filter] !== undefined && !entryMatches(entry, filter, rule, topicNames)) {
      rest.push(entry);
      continue;
    }
    const below = levels[index + 1];
    if (index + 1 >= depth || !below) {
      hit.push(entry);
      continue;
    }
    const name = below.request.name;
    const inner = cutEntries(entry[name], levels, index + 1, depth, rule, request, topicNames);
    if (inner.hit.length > 0) hit.push({ ...entry, [name]: inner.hit });
    if (inner.rest.length > 0) rest.push({ ...entry, [name]: inner.rest });
  }
  return { hit, rest };
}

function entryMatches(entry: Value, filter: Filter, rule: Rule, topicNames: TopicNames): boolean {
  switch (filter) {
    case 'topic': {
      if (typeof entry === 'string') return entry === rule.topic;
      const name = entry.name ?? entry.topic;
      if (name) return name === rule.topic;
      return entry.topicId !== undefined && topicNames(entry.topicId) === rule.topic;
    }
    case 'partition':
      return (typeof entry === 'number' ? entry : (entry.partitionIndex ?? entry.partition ?? entry.index)) === rule.partition;
    case 'group':
      return (typeof entry === 'string' ? entry : entry.groupId) === rule.group;
    case 'transactionalId':
      return (typeof entry === 'string' ? entry : entry.transactionalId) === rule.transactionalId;
  }
}

/** The rule field that selects entries of this kind (FindCoordinator's keys: by the request's key type). */
function filterFor(kind: EntryKind, request: Value): Filter | null {
  switch (kind) {
    case 'topic':
      return 'topic';
    case 'partition':
      return 'partition';
    case 'group':
      return 'group';
    case 'transaction':
      return 'transactionalId';
    case 'coordinatorKey':
      return request.keyType === 1 ? 'transactionalId' : request.keyType === 0 ? 'group' : null;
    default:
      return null;
  }
}

function allTopics(request: Value, version: number): boolean {
  return request.topics === null || (version === 0 && request.topics.length === 0);
}

function metadataMatches(rule: Rule, request: Value, version: number, topicNames: TopicNames): boolean {
  if (rule.topic === undefined || allTopics(request, version)) return true;
  return request.topics.some((t: Value) => (t.name ?? topicNames(t.topicId)) === rule.topic);
}
