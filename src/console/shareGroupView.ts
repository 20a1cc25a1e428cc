/**
 * A share group (KIP-932) as the console shows it: the coordinator's members and assignments,
 * and per share-partition the in-flight records from the share-partition manager (start and end
 * offset, records per state, delivery counts, lag). Kafka's wire APIs report only the start
 * offset and lag; the rest comes straight from the broker's state.
 */
import type { BrokerState } from '../handlers/types';
import type { SharePartitionSummary } from '../share/contracts';
import { shareLag } from '../share/shareLag';
import { sortAssignment, TopicAssignment } from './consumerGroupView';

export interface ShareGroupMember {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  rackId: string | null;
  subscribedTopicNames: string[];
  /** Topics by name, partitions ascending (members of a share group may share a partition). */
  assignment: TopicAssignment[];
}

export interface SharePartitionRow extends Omit<SharePartitionSummary, 'lag'> {
  /** Records in the log past the end offset: not fetched by any member yet (the summary's lag). */
  unfetched: number;
  /** Kafka's lag (KIP-1226): records not yet acknowledged or archived, fetched or not. */
  lag: number;
  /** Members assigned this partition now. */
  memberIds: string[];
}

export interface ShareGroupPage {
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  members: ShareGroupMember[];
  /** Share-partitions with state (read at least once), by topic then partition. */
  partitions: SharePartitionRow[];
  /** Sum of Kafka's lag over the share-partitions. */
  totalLag: number;
  /** Records members hold now, over every share-partition. */
  totalAcquired: number;
}

/** The share group, or null when there is no share group with this id. */
export function viewShareGroup(state: BrokerState, groupId: string): ShareGroupPage | null {
  const described = state.shareGroups.describe(groupId);
  if (!described || described.state === 'Dead') return null;

  const members = described.members.map(
    (m): ShareGroupMember => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rackId: m.rackId,
      subscribedTopicNames: [...m.subscribedTopicNames].sort(),
      assignment: sortAssignment(m.assignment),
    }),
  );
  const partitions = state.sharePartitions
    .summaries(groupId)
    .map((s): SharePartitionRow => ({
      ...s,
      unfetched: s.lag,
      lag: shareLag(s),
      memberIds: members.filter((m) => m.assignment.some((a) => a.topic === s.topic && a.partitions.includes(s.partition))).map((m) => m.memberId),
    }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));

  return {
    groupId,
    state: described.state,
    groupEpoch: described.groupEpoch,
    assignmentEpoch: described.assignmentEpoch,
    members,
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + Math.max(p.lag, 0), 0),
    totalAcquired: partitions.reduce((sum, p) => sum + p.acquired, 0),
  };
}
