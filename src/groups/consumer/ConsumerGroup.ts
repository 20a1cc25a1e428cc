/**
 * One KIP-848 consumer group's state: its members, epochs, target assignment and which member
 * holds each partition now. Plain data with small helpers; the coordinator drives it.
 *
 * Like our classic groups, this lives in memory only (Kafka writes it to __consumer_offsets):
 * after a restart the group is gone and its members rejoin when told UNKNOWN_MEMBER_ID. Its
 * committed offsets are the OffsetStore's and survive.
 */
import { TopicPartitions, emptyAssignment, pairsOf } from './assignment';
import type { MemberState } from './reconciliation';
import type { ConsumerGroupState } from './ConsumerGroupCoordinator';

/** Kafka's epoch a static member leaves with when it will come back (its assignment is kept). */
export const LEAVE_STATIC_EPOCH = -2;
export const LEAVE_EPOCH = -1;

export class ConsumerGroupMember {
  instanceId: string | null = null;
  rackId: string | null = null;
  clientId = '';
  clientHost = '';
  rebalanceTimeoutMs = 0;
  subscribedTopicNames: string[] = [];
  subscribedTopicRegex: string | null = null;
  serverAssignor: string | null = null;

  state: MemberState = 'STABLE';
  memberEpoch = 0;
  previousMemberEpoch = -1;
  assigned: TopicPartitions = emptyAssignment();
  pendingRevocation: TopicPartitions = emptyAssignment();

  sessionTimer: NodeJS.Timeout | null = null;
  rebalanceTimer: NodeJS.Timeout | null = null;

  constructor(readonly memberId: string) {}

  clearTimers(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.sessionTimer = null;
    this.rebalanceTimer = null;
  }
}

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  assignorName: string;
  readonly members = new Map<string, ConsumerGroupMember>();
  readonly staticMembers = new Map<string, string>();
  /** Target assignment by member id, as of assignmentEpoch. */
  target = new Map<string, TopicPartitions>();
  /** Hash of the subscribed topics' ids and partition counts the target was computed from. */
  metadataHash = '';
  /** "topicId:partition" → the holder (assigned or pending revocation) and its epoch. */
  private readonly holders = new Map<string, { memberId: string; epoch: number }>();

  constructor(
    readonly groupId: string,
    defaultAssignor: string,
  ) {
    this.assignorName = defaultAssignor;
  }

  get state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      // As Kafka, a static member away with epoch -2 counts as not reconciled.
      if (m.memberEpoch !== this.assignmentEpoch || m.state !== 'STABLE') return 'Reconciling';
    }
    return 'Stable';
  }

  partitionEpoch(topicId: string, partition: number): number {
    return this.holders.get(`${topicId}:${partition}`)?.epoch ?? -1;
  }

  /** Record what a member holds now (after its assignment or epoch changed). */
  updateHoldings(member: ConsumerGroupMember, before: { assigned: TopicPartitions; pendingRevocation: TopicPartitions } | null): void {
    if (before) this.release(member.memberId, before.assigned, before.pendingRevocation);
    for (const a of [member.assigned, member.pendingRevocation]) {
      for (const [topicId, p] of pairsOf(a)) this.holders.set(`${topicId}:${p}`, { memberId: member.memberId, epoch: member.memberEpoch });
    }
  }

  release(memberId: string, ...assignments: TopicPartitions[]): void {
    for (const a of assignments) {
      for (const [topicId, p] of pairsOf(a)) {
        const key = `${topicId}:${p}`;
        if (this.holders.get(key)?.memberId === memberId) this.holders.delete(key);
      }
    }
  }
}
