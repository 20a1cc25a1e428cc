/**
 * Consumer lag as `kafka-consumer-groups.sh --describe` reports it: the partition's log end
 * offset (its high watermark) minus the group's committed offset. Computed when asked (a scrape,
 * a page view), from the broker's state in this process.
 */
import type { BrokerState } from '../handlers/types';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when nothing (or a negative offset) is committed. */
  committedOffset: number | null;
  /** null when the topic or partition no longer exists. */
  logEndOffset: number | null;
  /** null when either offset is unknown. */
  lag: number | null;
  /** When the offset was committed (ms since the epoch), if it was. */
  commitTimestamp: number | null;
}

/** Every partition the group has committed an offset for, by topic, then partition. */
export function committedLag(state: BrokerState, groupId: string): PartitionLag[] {
  return state.offsets.offsetsOf(groupId).map((o) => {
    const committedOffset = o.offset >= 0 ? o.offset : null;
    return { ...lagAt(state, o.topic, o.partition, committedOffset), commitTimestamp: o.commitTimestamp };
  });
}

/** Lag of one partition for a committed offset (or none). */
export function lagAt(state: BrokerState, topic: string, partition: number, committedOffset: number | null): PartitionLag {
  const log = state.topics.partition(topic, partition)?.log;
  const logEndOffset = log ? log.logEndOffset : null;
  const lag = committedOffset !== null && logEndOffset !== null ? logEndOffset - committedOffset : null;
  return { topic, partition, committedOffset, logEndOffset, lag, commitTimestamp: null };
}

/**
 * Groups whose progress is committed offsets, sorted: classic groups (with members or only
 * committed offsets) and KIP-848 consumer groups. Share groups commit nothing: their
 * progress is their share-partitions' state.
 */
export function groupIds(state: BrokerState): string[] {
  const ids = new Set((state.groups.listGroups([]) ?? []).map((g) => g.groupId));
  for (const g of state.consumerGroups.listGroups()) ids.add(g.groupId);
  for (const g of state.shareGroups.listGroups()) ids.delete(g.groupId);
  return [...ids].sort();
}
