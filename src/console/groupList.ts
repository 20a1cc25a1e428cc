/** Every group of every kind in one list, as the overview and the groups page show them. */
import type { BrokerState } from '../handlers/types';
import { GroupType, listAllGroups } from '../metrics/groupKinds';
import { viewConsumerGroup } from './consumerGroupView';
import { viewGroup } from './groupView';
import { viewShareGroup } from './shareGroupView';

export interface GroupSummary {
  groupId: string;
  type: GroupType;
  state: string;
  /** The protocol type of a classic group ("consumer", "connect", … or "" for offsets only); the type for the others. */
  protocol: string;
  members: number;
  /** Partitions with committed offsets or owners; share-partitions with state for share groups. */
  partitions: number;
  /** Sum of the known lags; null when none is known. */
  lag: number | null;
  /** Records held by share group members now; null for other kinds. */
  acquired: number | null;
}

export function summarizeGroups(state: BrokerState): GroupSummary[] {
  return listAllGroups(state)
    .map(({ groupId, type }) => summarize(state, groupId, type))
    .filter((g): g is GroupSummary => g !== null);
}

function summarize(state: BrokerState, groupId: string, type: GroupType): GroupSummary | null {
  if (type === 'share') {
    const g = viewShareGroup(state, groupId);
    if (!g) return null;
    const lag = g.partitions.length > 0 ? g.totalLag : null;
    return { groupId, type, state: g.state, protocol: 'share', members: g.members.length, partitions: g.partitions.length, lag, acquired: g.totalAcquired };
  }
  const g = type === 'consumer' ? viewConsumerGroup(state, groupId) : viewGroup(state, groupId);
  if (!g) return null;
  const lag = g.partitions.some((p) => p.lag !== null) ? g.totalLag : null;
  const protocol = 'protocolType' in g ? g.protocolType : 'consumer';
  return { groupId, type, state: g.state, protocol, members: g.members.length, partitions: g.partitions.length, lag, acquired: null };
}
