/**
 * The share-partition side's admin methods (SharePartitionManager) that the membership side and
 * the admin APIs (DescribeShareGroupOffsets, AlterShareGroupOffsets, DeleteShareGroupOffsets,
 * DeleteGroups) use. They are not part of SharePartitionDirectory, so they are looked up here;
 * a missing method means the share-partition side does not offer it (yet).
 */
import type { ErrorCode } from '../../wire/errors';
import type { SharePartitionSummary } from './contracts';

export interface ShareStartOffset {
  topic: string;
  partition: number;
  startOffset: number;
  /** Records not yet done with: unfetched, available or acquired (KIP-1226). */
  lag: number;
}

export interface ShareStateAdmin {
  /** Whether the group has any share-partition state. */
  hasState?(groupId: string): boolean;
  /** Every share-partition of the group that has state. */
  summaries?(groupId: string): SharePartitionSummary[];
  /** Start offset and lag of each initialized share-partition of the group. */
  startOffsets?(groupId: string): ShareStartOffset[];
  /** AlterShareGroupOffsets for one partition. */
  alterStartOffset?(groupId: string, topic: string, partition: number, offset: number): ErrorCode | void;
  /** DeleteShareGroupOffsets: a topic's (or one partition's) state. */
  deleteState?(groupId: string, topic: string, partition?: number): ErrorCode | void;
  /** DeleteGroups: all of the group's state. */
  deleteGroup?(groupId: string): ErrorCode | void;
}

export function shareStateAdmin(directory: unknown): ShareStateAdmin | undefined {
  return directory && typeof directory === 'object' ? (directory as ShareStateAdmin) : undefined;
}
