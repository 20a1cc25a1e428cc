/**
 * KIP-848 consumer groups: ConsumerGroupHeartbeat membership with server-side assignment.
 *
 * STUB: the implementation comes next.
 */
import type { Logger } from 'pino';
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

export class ConsumerGroupCoordinator {
  constructor(private readonly deps: ConsumerGroupCoordinatorDeps) {}

  /** Whether a KIP-848 consumer group with this id exists (so classic members may not join it). */
  has(groupId: string): boolean {
    void this.deps, groupId;
    return false;
  }

  close(): void {}
}
