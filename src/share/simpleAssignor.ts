/**
 * Kafka's SimpleAssignor for share groups (KIP-932), sticky and balanced:
 *
 * - every subscribed partition goes to at least one member;
 * - with no more members than partitions, each partition goes to exactly one member and members
 *   get ⌊P/M⌋ or ⌈P/M⌉ partitions;
 * - with more members than partitions, members share them: each member gets exactly one
 *   partition and each partition ⌊M/P⌋ or ⌈M/P⌉ members (three members on one partition all get it).
 *
 * Previous assignments are kept where the quotas allow, so a member joining or leaving moves as
 * few partitions as it can. When all members subscribe to the same topics (Kafka's homogeneous
 * case) the rule applies to all their partitions together; otherwise topic by topic, among the
 * members subscribed to each topic.
 */

export interface AssignorMember {
  memberId: string;
  subscribedTopicNames: readonly string[];
}

export interface AssignorTopic {
  name: string;
  id: string;
  partitionCount: number;
}

/** Per member: topic id → sorted partition indexes. */
export type MemberAssignment = Map<string, number[]>;
export type GroupAssignment = Map<string, MemberAssignment>;

interface TopicPartitionRef {
  topicId: string;
  partition: number;
}

const keyOf = (tp: TopicPartitionRef) => `${tp.topicId}:${tp.partition}`;

/**
 * The target assignment. Topics missing from `topics` (not created yet) are ignored, as Kafka
 * ignores subscriptions to unknown topics until they appear.
 */
export function assignSimple(
  members: readonly AssignorMember[],
  topics: ReadonlyMap<string, AssignorTopic>,
  previous: ReadonlyMap<string, MemberAssignment> = new Map(),
): GroupAssignment {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const result: GroupAssignment = new Map(sorted.map((m) => [m.memberId, new Map()]));
  const subscriptionKey = (m: AssignorMember) => [...new Set(m.subscribedTopicNames)].sort().join('\u0000');
  const homogeneous = sorted.every((m) => subscriptionKey(m) === subscriptionKey(sorted[0]));

  const partitionsOf = (names: readonly string[]): TopicPartitionRef[] =>
    [...new Set(names)]
      .sort()
      .map((name) => topics.get(name))
      .filter((t): t is AssignorTopic => t !== undefined && t.partitionCount > 0)
      .flatMap((t) => Array.from({ length: t.partitionCount }, (_, partition) => ({ topicId: t.id, partition })));

  if (sorted.length === 0) return result;
  if (homogeneous) {
    assignAmong(sorted.map((m) => m.memberId), partitionsOf(sorted[0].subscribedTopicNames), previous, result);
  } else {
    const names = [...new Set(sorted.flatMap((m) => m.subscribedTopicNames))].sort();
    for (const name of names) {
      const subscribers = sorted.filter((m) => m.subscribedTopicNames.includes(name)).map((m) => m.memberId);
      assignAmong(subscribers, partitionsOf([name]), previous, result);
    }
  }
  for (const assignment of result.values()) for (const parts of assignment.values()) parts.sort((a, b) => a - b);
  return result;
}

/** Assign `partitions` (in order) among `memberIds` (sorted), adding to `result`. */
function assignAmong(
  memberIds: readonly string[],
  partitions: readonly TopicPartitionRef[],
  previous: ReadonlyMap<string, MemberAssignment>,
  result: GroupAssignment,
): void {
  const m = memberIds.length;
  const p = partitions.length;
  if (m === 0 || p === 0) return;
  const wanted = new Set(partitions.map(keyOf));
  const previouslyOwned = (memberId: string): TopicPartitionRef[] => {
    const owned: TopicPartitionRef[] = [];
    for (const [topicId, parts] of previous.get(memberId) ?? []) {
      for (const partition of parts) if (wanted.has(keyOf({ topicId, partition }))) owned.push({ topicId, partition });
    }
    return owned.sort((a, b) => partitions.findIndex((x) => keyOf(x) === keyOf(a)) - partitions.findIndex((x) => keyOf(x) === keyOf(b)));
  };
  const give = (memberId: string, tp: TopicPartitionRef) => {
    const assignment = result.get(memberId)!;
    const list = assignment.get(tp.topicId) ?? [];
    if (!list.includes(tp.partition)) list.push(tp.partition);
    assignment.set(tp.topicId, list);
  };

  if (m <= p) {
    // Each partition to one member; the first p % m members (by id) may hold one more.
    const base = Math.floor(p / m);
    let extra = p % m;
    const count = new Map(memberIds.map((id) => [id, 0]));
    const taken = new Set<string>();
    // Sticky pass: keep previous partitions up to the base quota, then one extra while extras remain.
    for (const id of memberIds) {
      for (const tp of previouslyOwned(id)) {
        if (taken.has(keyOf(tp))) continue;
        const c = count.get(id)!;
        if (c < base || (c === base && extra > 0)) {
          if (c === base) extra--;
          count.set(id, c + 1);
          taken.add(keyOf(tp));
          give(id, tp);
        }
      }
    }
    // Fill: free partitions in order to members below quota, in member order.
    const free = partitions.filter((tp) => !taken.has(keyOf(tp)));
    for (const id of memberIds) {
      while (free.length > 0 && count.get(id)! < base) {
        give(id, free.shift()!);
        count.set(id, count.get(id)! + 1);
      }
    }
    for (const id of memberIds) {
      if (free.length === 0) break;
      if (extra > 0 && count.get(id)! === base) {
        give(id, free.shift()!);
        count.set(id, base + 1);
        extra--;
      }
    }
    return;
  }

  // More members than partitions: each member gets one partition; partitions are shared.
  const base = Math.floor(m / p);
  let extra = m % p;
  const sharers = new Map(partitions.map((tp) => [keyOf(tp), 0]));
  const placed = new Set<string>();
  const place = (id: string, tp: TopicPartitionRef): boolean => {
    const c = sharers.get(keyOf(tp))!;
    if (c < base || (c === base && extra > 0)) {
      if (c === base) extra--;
      sharers.set(keyOf(tp), c + 1);
      placed.add(id);
      give(id, tp);
      return true;
    }
    return false;
  };
  for (const id of memberIds) {
    for (const tp of previouslyOwned(id)) if (place(id, tp)) break;
  }
  // Partitions below base first, so every partition gets a member before any gets an extra one.
  for (const id of memberIds) {
    if (placed.has(id)) continue;
    const target = partitions.find((tp) => sharers.get(keyOf(tp))! < base) ?? partitions.find((tp) => sharers.get(keyOf(tp))! === base && extra > 0);
    if (target) place(id, target);
  }
}

/** Whether two member assignments hold the same partitions. */
export function sameAssignment(a: MemberAssignment | undefined, b: MemberAssignment | undefined): boolean {
  const flat = (x: MemberAssignment | undefined) =>
    [...(x ?? new Map<string, number[]>())]
      .filter(([, parts]) => parts.length > 0)
      .map(([topicId, parts]) => `${topicId}:${[...parts].sort((i, j) => i - j).join(',')}`)
      .sort()
      .join('|');
  return flat(a) === flat(b);
}
