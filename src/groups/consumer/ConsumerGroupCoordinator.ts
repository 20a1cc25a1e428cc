/**
 * KIP-848 consumer groups: ConsumerGroupHeartbeat membership with server-side assignment.
 *
 * STUB: the implementation comes next. The public methods below are the contract other parts
 * (share groups, the CLI and console) rely on.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../../wire/errors';
import type { ConsumerGroupConfig } from '../../config';
import type { TopicRegistry } from '../../topics/TopicRegistry';
import type { GroupConfigs } from '../GroupConfigs';
import type { OffsetStore } from '../OffsetStore';

export interface ConsumerGroupCoordinatorDeps {
  config: ConsumerGroupConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  groupConfigs: GroupConfigs;
  logger: Logger;
}

/** Kafka's consumer group states (ListGroups / ConsumerGroupDescribe names). */
export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';

export interface ConsumerGroupMemberView {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  /** Owned now, by topic name. */
  assignment: { topic: string; topicId: string; partitions: number[] }[];
  /** Where the member is going. */
  targetAssignment: { topic: string; topicId: string; partitions: number[] }[];
}

export interface ConsumerGroupView {
  groupId: string;
  state: ConsumerGroupState;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupMemberView[];
}

export class ConsumerGroupCoordinator {
  constructor(private readonly deps: ConsumerGroupCoordinatorDeps) {}

  /** Whether a KIP-848 consumer group with this id exists (so classic or share members may not take it). */
  has(groupId: string): boolean {
    void this.deps, groupId;
    return false;
  }

  listGroups(): { groupId: string; state: ConsumerGroupState }[] {
    return [];
  }

  describe(groupId: string): ConsumerGroupView | undefined {
    void groupId;
    return undefined;
  }

  deleteGroup(groupId: string): ErrorCode {
    void groupId;
    return ErrorCode.GROUP_ID_NOT_FOUND;
  }

  close(): void {}
}
