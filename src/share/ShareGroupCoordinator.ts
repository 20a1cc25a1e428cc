/**
 * Share group membership (KIP-932): ShareGroupHeartbeat joins, heartbeats and leaves; the
 * coordinator assigns partitions as Kafka's simple assignor does (members may share a partition).
 *
 * STUB: the implementation comes next.
 */
import type { Logger } from 'pino';
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

export class ShareGroupCoordinator {
  constructor(private readonly deps: ShareGroupCoordinatorDeps) {}

  /** Whether a share group with this id exists (so other group kinds may not take the id). */
  has(groupId: string): boolean {
    void this.deps, groupId;
    return false;
  }

  close(): void {}
}
