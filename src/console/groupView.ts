/**
 * A classic group as the console shows it: the coordinator's description (state, protocol,
 * members and their decoded assignments) joined with committed offsets and lag per partition.
 */
import { decodeAssignment } from '../../wire/consumerProtocol';
import { ErrorCode } from '../../wire/errors';
import { GroupState } from '../groups/types';
import type { BrokerState } from '../handlers/types';
import { committedLag, lagAt, PartitionLag } from '../metrics/groupLag';

export interface MemberView {
  memberId: string;
  clientId: string;
  clientHost: string;
  groupInstanceId: string | null;
  /** topic → partitions; null when the assignment is not a consumer protocol assignment we can read. */
  assigned: { topic: string; partitions: number[] }[] | null;
}

export interface GroupView {
  groupId: string;
  state: string;
  protocolType: string;
  /** The assignor (for consumers), known once the group is Stable. */
  protocolName: string;
  members: MemberView[];
  /** Committed or assigned partitions, by topic then partition, with the owning member's id. */
  partitions: (PartitionLag & { memberId: string | null })[];
  /** Sum of the known lags. */
  totalLag: number;
}

/** The group, or null when the coordinator does not know it (no members, no committed offsets). */
export function viewGroup(state: BrokerState, groupId: string): GroupView | null {
  const described = state.groups.describeGroup(groupId);
  if (described.errorCode !== ErrorCode.NONE || described.state === GroupState.Dead) return null;

  const owners = new Map<string, string>();
  const members = described.members.map((m): MemberView => {
    let assigned: MemberView['assigned'] = [];
    if (m.assignment.length > 0) {
      assigned = described.protocolType === 'consumer' ? readAssignment(m.assignment) : null;
    }
    for (const a of assigned ?? []) for (const p of a.partitions) owners.set(key(a.topic, p), m.memberId);
    return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, groupInstanceId: m.groupInstanceId, assigned };
  });

  const partitions = committedLag(state, groupId).map((p) => ({ ...p, memberId: owners.get(key(p.topic, p.partition)) ?? null }));
  const committed = new Set(partitions.map((p) => key(p.topic, p.partition)));
  for (const [k, memberId] of owners) {
    if (committed.has(k)) continue;
    const [topic, partition] = splitKey(k);
    partitions.push({ ...lagAt(state, topic, partition, null), memberId });
  }
  partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));

  return {
    groupId,
    state: described.state,
    protocolType: described.protocolType,
    protocolName: described.protocolName,
    members,
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + Math.max(p.lag ?? 0, 0), 0),
  };
}

function readAssignment(bytes: Buffer): MemberView['assigned'] {
  try {
    return decodeAssignment(bytes).assignedPartitions.map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) }));
  } catch {
    return null;
  }
}

const key = (topic: string, partition: number): string => `${partition}:${topic}`;

function splitKey(k: string): [string, number] {
  const colon = k.indexOf(':');
  return [k.slice(colon + 1), Number(k.slice(0, colon))];
}
