/**
 * The server-side assignors of KIP-848 groups, as Kafka's group.consumer.assignors:
 *
 * - `uniform` (Kafka's UniformAssignor, the default): spreads every subscribed partition so that
 *   members' counts differ by at most one among members that could take a partition, and keeps
 *   each partition where it was in the previous target assignment whenever balance allows
 *   (sticky, so reconciliation moves few partitions).
 * - `range` (Kafka's RangeAssignor): per topic, its subscribers in member-id order each take a
 *   contiguous range; the first (partitions % members) take one more. Members subscribed to the
 *   same co-partitioned topics get the same partition numbers of each.
 *
 * Both are pure: they see topic ids, partition counts, subscriptions and the previous target.
 */
import { TopicPartitions, normalize } from './assignment';

export interface AssignmentMemberSpec {
  /** Topic ids the member subscribes to that exist now. */
  subscribedTopicIds: ReadonlySet<string>;
  /** The member's previous target assignment (stickiness). */
  previous: TopicPartitions;
}

export interface AssignmentSpec {
  members: ReadonlyMap<string, AssignmentMemberSpec>;
  /** Partition count of every subscribed topic, by topic id. */
  partitionCounts: ReadonlyMap<string, number>;
}

export interface ServerAssignor {
  readonly name: string;
  assign(spec: AssignmentSpec): Map<string, TopicPartitions>;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const uniformAssignor: ServerAssignor = {
  name: 'uniform',
  assign(spec) {
    const memberIds = [...spec.members.keys()].sort(byString);
    const owner = new Map<string, string>(); // "topicId:partition" → member id
    const load = new Map<string, number>(memberIds.map((m) => [m, 0]));
    const subscribers = new Map<string, string[]>();
    for (const topicId of spec.partitionCounts.keys()) {
      subscribers.set(topicId, memberIds.filter((m) => spec.members.get(m)!.subscribedTopicIds.has(topicId)));
    }
    // The share each member would have if everything it may take were split evenly.
    const quota = new Map<string, number>();
    for (const m of memberIds) {
      let share = 0;
      for (const [topicId, count] of spec.partitionCounts) {
        const subs = subscribers.get(topicId)!;
        if (subs.includes(m)) share += count / subs.length;
      }
      quota.set(m, Math.floor(share + 1e-9));
    }
    const give = (key: string, m: string) => {
      const old = owner.get(key);
      if (old !== undefined) load.set(old, load.get(old)! - 1);
      owner.set(key, m);
      load.set(m, load.get(m)! + 1);
    };

    // 1. Stickiness: each member keeps previously targeted partitions it still may have, up to its quota.
    for (const m of memberIds) {
      const { previous, subscribedTopicIds } = spec.members.get(m)!;
      for (const [topicId, ps] of previous) {
        const count = spec.partitionCounts.get(topicId);
        if (count === undefined || !subscribedTopicIds.has(topicId)) continue;
        for (const p of ps) {
          const key = `${topicId}:${p}`;
          if (p < count && !owner.has(key) && load.get(m)! < quota.get(m)!) give(key, m);
        }
      }
    }
    // 2. The rest, topics with the fewest subscribers first: the previous owner if it is among the
    //    least loaded candidates, else the least loaded candidate.
    const previousOwner = new Map<string, string>();
    for (const m of memberIds) for (const [topicId, ps] of spec.members.get(m)!.previous) for (const p of ps) previousOwner.set(`${topicId}:${p}`, m);
    const topicOrder = [...spec.partitionCounts.keys()].sort(
      (a, b) => subscribers.get(a)!.length - subscribers.get(b)!.length || byString(a, b),
    );
    for (const topicId of topicOrder) {
      const candidates = subscribers.get(topicId)!;
      if (candidates.length === 0) continue;
      for (let p = 0; p < spec.partitionCounts.get(topicId)!; p++) {
        const key = `${topicId}:${p}`;
        if (owner.has(key)) continue;
        const least = Math.min(...candidates.map((m) => load.get(m)!));
        const prev = previousOwner.get(key);
        const chosen = prev !== undefined && candidates.includes(prev) && load.get(prev) === least ? prev : candidates.find((m) => load.get(m) === least)!;
        give(key, chosen);
      }
    }
    // 3. Balance: move partitions from a member to a candidate with two or more fewer.
    for (let moved = true; moved; ) {
      moved = false;
      for (const topicId of topicOrder) {
        const candidates = subscribers.get(topicId)!;
        for (let p = 0; p < spec.partitionCounts.get(topicId)!; p++) {
          const key = `${topicId}:${p}`;
          const current = owner.get(key)!;
          const target = candidates.reduce((best, m) => (load.get(m)! < load.get(best)! ? m : best), candidates[0]);
          if (load.get(current)! - load.get(target)! > 1) {
            give(key, target);
            moved = true;
          }
        }
      }
    }
    return collect(memberIds, owner);
  },
};

export const rangeAssignor: ServerAssignor = {
  name: 'range',
  assign(spec) {
    const memberIds = [...spec.members.keys()].sort(byString);
    const owner = new Map<string, string>();
    for (const [topicId, count] of spec.partitionCounts) {
      const subs = memberIds.filter((m) => spec.members.get(m)!.subscribedTopicIds.has(topicId));
      if (subs.length === 0) continue;
      const base = Math.floor(count / subs.length);
      const extra = count % subs.length;
      let next = 0;
      subs.forEach((m, i) => {
        const n = base + (i < extra ? 1 : 0);
        for (let k = 0; k < n; k++) owner.set(`${topicId}:${next++}`, m);
      });
    }
    return collect(memberIds, owner);
  },
};

export const ASSIGNORS: ReadonlyMap<string, ServerAssignor> = new Map([uniformAssignor, rangeAssignor].map((a) => [a.name, a]));

function collect(memberIds: string[], owner: Map<string, string>): Map<string, TopicPartitions> {
  const raw = new Map<string, Map<string, number[]>>(memberIds.map((m) => [m, new Map()]));
  for (const [key, m] of owner) {
    const sep = key.lastIndexOf(':');
    const topicId = key.slice(0, sep);
    const byTopic = raw.get(m)!;
    byTopic.set(topicId, [...(byTopic.get(topicId) ?? []), Number(key.slice(sep + 1))]);
  }
  return new Map([...raw].map(([m, a]) => [m, normalize(a)]));
}
