/**
 * Assignments of a KIP-848 consumer group, keyed by topic id (as the wire names topics).
 * A TopicPartitions map is topic id → sorted partition indexes; empty topics are never kept.
 */
export type TopicPartitions = Map<string, number[]>;

export function emptyAssignment(): TopicPartitions {
  return new Map();
}

/** Build a TopicPartitions from (topicId, partition) pairs, sorted and without empty topics. */
export function fromPairs(pairs: Iterable<[string, number]>): TopicPartitions {
  const out = new Map<string, Set<number>>();
  for (const [topicId, p] of pairs) {
    let set = out.get(topicId);
    if (!set) out.set(topicId, (set = new Set()));
    set.add(p);
  }
  return normalize(out);
}

export function normalize(m: Map<string, Iterable<number>>): TopicPartitions {
  const out: TopicPartitions = new Map();
  for (const [topicId, ps] of [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...new Set(ps)].sort((a, b) => a - b);
    if (sorted.length > 0) out.set(topicId, sorted);
  }
  return out;
}

export function* pairsOf(a: TopicPartitions): Generator<[string, number]> {
  for (const [topicId, ps] of a) for (const p of ps) yield [topicId, p];
}

export function contains(a: TopicPartitions, topicId: string, partition: number): boolean {
  return a.get(topicId)?.includes(partition) ?? false;
}

export function size(a: TopicPartitions): number {
  let n = 0;
  for (const ps of a.values()) n += ps.length;
  return n;
}

export function equal(a: TopicPartitions, b: TopicPartitions): boolean {
  if (a.size !== b.size) return false;
  for (const [topicId, ps] of a) {
    const other = b.get(topicId);
    if (!other || other.length !== ps.length || ps.some((p, i) => other[i] !== p)) return false;
  }
  return true;
}

/** Whether every partition of a is in b. */
export function isSubset(a: TopicPartitions, b: TopicPartitions): boolean {
  for (const [topicId, p] of pairsOf(a)) if (!contains(b, topicId, p)) return false;
  return true;
}

/** Whether a and b share at least one partition. */
export function intersects(a: TopicPartitions, b: TopicPartitions): boolean {
  for (const [topicId, p] of pairsOf(a)) if (contains(b, topicId, p)) return true;
  return false;
}

/** The wire's form: [{ topicId, partitions }]. */
export function toWire(a: TopicPartitions): { topicId: string; partitions: number[] }[] {
  return [...a].map(([topicId, partitions]) => ({ topicId, partitions: [...partitions] }));
}

export function fromWire(list: ReadonlyArray<{ topicId: string; partitions: number[] }>): TopicPartitions {
  const m = new Map<string, number[]>();
  for (const t of list) m.set(t.topicId, [...(m.get(t.topicId) ?? []), ...t.partitions]);
  return normalize(m);
}
