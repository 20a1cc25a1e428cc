/**
 * Incremental reconciliation of one member towards its target assignment, as Kafka's
 * CurrentAssignmentBuilder. A partition moves in two steps: its old owner is first asked to
 * revoke it (the member stays at its epoch, state UNREVOKED_PARTITIONS, and its assignment no
 * longer lists it) and only once that member reports in TopicPartitions that it no longer owns it
 * is the partition free; the new owner gets it then (until then it waits in
 * UNRELEASED_PARTITIONS). A member that revoked everything it had to moves to the target epoch.
 */
import { TopicPartitions, contains, emptyAssignment, intersects, normalize } from './assignment';

export type MemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS';

export interface ReconciledMember {
  state: MemberState;
  memberEpoch: number;
  previousMemberEpoch: number;
  /** What the member owns (and is told it owns). */
  assigned: TopicPartitions;
  /** What the member must give up before it can move on. */
  pendingRevocation: TopicPartitions;
}

export interface ReconcileInput {
  member: ReconciledMember;
  targetEpoch: number;
  target: TopicPartitions;
  /** The partitions the member says it owns now; null when the heartbeat did not say. */
  owned: TopicPartitions | null;
  /** Whether another member (or this one, for its pending revocations) holds the partition: its epoch, or -1 if free. */
  partitionEpoch: (topicId: string, partition: number) => number;
}

export function reconcile(input: ReconcileInput): ReconciledMember {
  const { member, targetEpoch, owned } = input;
  switch (member.state) {
    case 'STABLE':
      if (member.memberEpoch !== targetEpoch) return computeNext(input, member.memberEpoch, member.assigned);
      return member;
    case 'UNREVOKED_PARTITIONS':
      // Not known to have let go yet: nothing can move.
      if (ownsAny(owned, member.pendingRevocation)) return member;
      return computeNext(input, member.memberEpoch, member.assigned);
    case 'UNRELEASED_PARTITIONS':
      return computeNext(input, member.memberEpoch, member.assigned);
  }
}

/** Without a report of owned partitions, the member is assumed to still own them (Kafka's rule). */
function ownsAny(owned: TopicPartitions | null, partitions: TopicPartitions): boolean {
  if (owned === null) return true;
  return intersects(owned, partitions);
}

function computeNext(input: ReconcileInput, memberEpoch: number, current: TopicPartitions): ReconciledMember {
  const { member, target, targetEpoch, owned, partitionEpoch } = input;
  const kept = new Map<string, number[]>();
  const revoked = new Map<string, number[]>();
  const added = new Map<string, number[]>();
  let unreleased = false;
  const topicIds = new Set([...current.keys(), ...target.keys()]);
  for (const topicId of topicIds) {
    const cur = current.get(topicId) ?? [];
    const tgt = target.get(topicId) ?? [];
    kept.set(topicId, cur.filter((p) => tgt.includes(p)));
    revoked.set(topicId, cur.filter((p) => !tgt.includes(p)));
    const free: number[] = [];
    for (const p of tgt) {
      if (cur.includes(p)) continue;
      // Held by someone else (a partition this member itself is revoking does not count).
      if (partitionEpoch(topicId, p) !== -1 && !contains(member.pendingRevocation, topicId, p)) unreleased = true;
      else free.push(p);
    }
    added.set(topicId, free);
  }
  const keptA = normalize(kept);
  const revokedA = normalize(revoked);
  const addedA = normalize(added);
  const next = (state: MemberState, epoch: number, assigned: TopicPartitions, pending: TopicPartitions): ReconciledMember => ({
    state,
    memberEpoch: epoch,
    previousMemberEpoch: epoch === member.memberEpoch ? member.previousMemberEpoch : member.memberEpoch,
    assigned,
    pendingRevocation: pending,
  });
  if (revokedA.size > 0 && ownsAny(owned, revokedA)) {
    // First give up, then take: the member keeps its epoch until it confirms.
    return next('UNREVOKED_PARTITIONS', memberEpoch, keptA, revokedA);
  }
  const assigned = normalize(new Map([...topicIds].map((t) => [t, [...(keptA.get(t) ?? []), ...(addedA.get(t) ?? [])]])));
  return next(unreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE', targetEpoch, assigned, emptyAssignment());
}
