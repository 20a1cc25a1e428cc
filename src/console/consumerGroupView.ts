/**
 * A KIP-848 consumer group as the console shows it: the coordinator's description (epochs, the
 * server-side assignor, each member's current and target assignment) joined with committed
 * offsets and lag per partition, as for classic groups.
 */
import type { ConsumerGroupMemberView } from '../groups/consumer/ConsumerGroupCoordinator';
import type { BrokerState } from '../handlers/types';
import { committedLag, lagAt, PartitionLag } from '../metrics/groupLag';

export interface TopicAssignment {
  topic: string;
  partitions: number[];
}

export interface ConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  /** Owned now, by topic name then partition. */
  assignment: TopicAssignment[];
  /** Where the coordinator is moving the member. */
  targetAssignment: TopicAssignment[];
}

export interface ConsumerGroupPage {
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupMember[];
  /** Committed or owned partitions, by topic then partition, with the owning member's id. */
  partitions: (PartitionLag & { memberId: string | null })[];
  /** Sum of the known lags. */
  totalLag: number;
}

/** The consumer group, or null when there is no KIP-848 group with this id. */
export function viewConsumerGroup(state: BrokerState, groupId: string): ConsumerGroupPage | null {
  const described = state.consumerGroups.describe(groupId);
  if (!described || described.state === 'Dead') return null;

  const members = described.members.map(
    (m: ConsumerGroupMemberView): ConsumerGroupMember => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: m.clientHost,
      subscribedTopicNames: [...m.subscribedTopicNames].sort(),
      subscribedTopicRegex: m.subscribedTopicRegex,
      assignment: sortAssignment(m.assignment),
      targetAssignment: sortAssignment(m.targetAssignment),
    }),
  );
  const owners = new Map<string, string>();
  for (const m of members) for (const a of m.assignment) for (const p of a.partitions) owners.set(key(a.topic, p), m.memberId);

  const partitions = committedLag(state, groupId).map((p) => ({ ...p, memberId: owners.get(key(p.topic, p.partition)) ?? null }));
  const committed = new Set(partitions.map((p) => key(p.topic, p.partition)));
  for (const m of members) {
    for (const a of m.assignment) {
      for (const p of a.partitions) if (!committed.has(key(a.topic, p))) partitions.push({ ...lagAt(state, a.topic, p, null), memberId: m.memberId });
    }
  }
  partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));

  return {
    groupId,
    state: described.state,
    groupEpoch: described.groupEpoch,
    assignmentEpoch: described.assignmentEpoch,
    assignorName: described.assignorName,
    members,
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + Math.max(p.lag ?? 0, 0), 0),
  };
}

/** Topics by name, partitions ascending, topics without partitions left out. */
export function sortAssignment(assignment: readonly { topic: string; partitions: number[] }[]): TopicAssignment[] {
  return assignment
    .filter((a) => a.partitions.length > 0)
    .map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

const key = (topic: string, partition: number): string => `${partition}:${topic}`;
