/**
 * The three kinds of groups a broker keeps, under the type names ListGroups v5 reports: "classic"
 * (JoinGroup / SyncGroup, and groups that only have committed offsets), "consumer" (KIP-848,
 * ConsumerGroupHeartbeat) and "share" (KIP-932, ShareGroupHeartbeat). Each coordinator owns its
 * own groups; a group id belongs to one kind only.
 */
import type { BrokerState } from '../handlers/types';

export type GroupType = 'classic' | 'consumer' | 'share';

export const GROUP_TYPES: readonly GroupType[] = ['classic', 'consumer', 'share'];

export interface GroupListing {
  groupId: string;
  type: GroupType;
  state: string;
}

/**
 * Every group of every kind, sorted by id. KIP-848 groups commit offsets into the same store as
 * classic groups, so the classic coordinator may also list their ids (as offset-only groups):
 * an id another coordinator owns is that coordinator's.
 */
export function listAllGroups(state: BrokerState): GroupListing[] {
  const consumer = state.consumerGroups.listGroups().map((g): GroupListing => ({ groupId: g.groupId, type: 'consumer', state: g.state }));
  const share = state.shareGroups.listGroups().map((g): GroupListing => ({ groupId: g.groupId, type: 'share', state: g.state }));
  const taken = new Set([...consumer, ...share].map((g) => g.groupId));
  const classic = (state.groups.listGroups([]) ?? [])
    .filter((g) => !taken.has(g.groupId))
    .map((g): GroupListing => ({ groupId: g.groupId, type: 'classic', state: g.state }));
  return [...classic, ...consumer, ...share].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}
