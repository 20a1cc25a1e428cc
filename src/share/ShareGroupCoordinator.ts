/**
 * Share group membership (KIP-932): ShareGroupHeartbeat joins, heartbeats and leaves; the
 * coordinator assigns partitions as Kafka's simple assignor does (members may share a partition).
 *
 * STUB: the implementation comes next. The public methods below are the contract other parts
 * (ListGroups, DeleteGroups, the CLI and console) rely on.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import type { GroupConfigs } from '../groups/GroupConfigs';
import type { TopicRegistry } from '../topics/TopicRegistry';
import type { ShareGroupConfig } from '../config';
import type { SharePartitionDirectory } from './contracts';

export interface ShareGroupCoordinatorDeps {
  config: ShareGroupConfig;
  topics: TopicRegistry;
  groupConfigs: GroupConfigs;
  partitions: SharePartitionDirectory;
  logger: Logger;
}

/** Kafka's share group states, as ListGroups and ShareGroupDescribe name them. */
export type ShareGroupState = 'Empty' | 'Stable' | 'Dead';

export interface ShareGroupMemberView {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  rackId: string | null;
  subscribedTopicNames: string[];
  /** Assigned partitions by topic name. */
  assignment: { topic: string; topicId: string; partitions: number[] }[];
}

export interface ShareGroupView {
  groupId: string;
  state: ShareGroupState;
  groupEpoch: number;
  assignmentEpoch: number;
  members: ShareGroupMemberView[];
}

export class ShareGroupCoordinator {
  constructor(private readonly deps: ShareGroupCoordinatorDeps) {}

  /** Whether a share group with this id exists (so other group kinds may not take the id). */
  has(groupId: string): boolean {
    void this.deps, groupId;
    return false;
  }

  /** Every share group, with its state. */
  listGroups(): { groupId: string; state: ShareGroupState }[] {
    return [];
  }

  /** A share group's members and assignment; undefined if there is no such share group. */
  describe(groupId: string): ShareGroupView | undefined {
    void groupId;
    return undefined;
  }

  /** DeleteGroups for a share group: NON_EMPTY_GROUP with members, else deletes it and its share-partition state. */
  deleteGroup(groupId: string): ErrorCode {
    void groupId;
    return ErrorCode.GROUP_ID_NOT_FOUND;
  }

  close(): void {}
}
