/**
 * One share group's membership in memory: its members, the group epoch (bumped whenever members
 * or the subscribed topics change), and the target assignment computed for the assignment epoch.
 * Share group members take their target assignment at once (no revocation step, unlike KIP-848
 * consumer groups), so a member's epoch is the assignment epoch it last received.
 */
import type { GroupAssignment, MemberAssignment } from './simpleAssignor';

export interface ShareGroupMember {
  readonly memberId: string;
  memberEpoch: number;
  /** Accepted too: the response carrying the current epoch may have been lost (as Kafka). */
  previousMemberEpoch: number;
  clientId: string;
  clientHost: string;
  rackId: string | null;
  subscribedTopicNames: string[];
  /** What the member was last told it owns: topic id → partitions. */
  assignment: MemberAssignment;
  /** Fires when the member stops heartbeating for the session timeout. */
  sessionTimer: NodeJS.Timeout | null;
}

export class ShareGroup {
  readonly members = new Map<string, ShareGroupMember>();
  groupEpoch = 0;
  assignmentEpoch = 0;
  targetAssignment: GroupAssignment = new Map();
  /** The subscribed topics' names, ids and partition counts when last assigned: a change re-assigns. */
  metadataSignature = '';

  constructor(readonly groupId: string) {}

  get state(): 'Empty' | 'Stable' {
    return this.members.size === 0 ? 'Empty' : 'Stable';
  }

  /** Every topic some member subscribes to, sorted. */
  subscribedTopicNames(): string[] {
    return [...new Set([...this.members.values()].flatMap((m) => m.subscribedTopicNames))].sort();
  }
}
