/**
 * Every share-partition this broker leads: the in-flight records of each share group on each
 * topic-partition, and their durable state in the data dir.
 *
 * STUB: the implementation comes next (see contracts.ts for what it must do).
 */
import type { Logger } from 'pino';
import type { GroupConfigs } from '../groups/GroupConfigs';
import type { StateVolume } from '../storage/StateVolume';
import type { TopicRegistry } from '../topics/TopicRegistry';
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import type { SharePartitionDirectory, SharePartitionHandle, SharePartitionSummary } from './contracts';

export interface SharePartitionManagerDeps {
  volume: StateVolume;
  topics: TopicRegistry;
  transactions: TransactionCoordinator;
  groupConfigs: GroupConfigs;
  logger: Logger;
  /** fsync state before acknowledging (the log's flushOnAppend). */
  flushOnWrite: boolean;
}

export class SharePartitionManager implements SharePartitionDirectory {
  constructor(private readonly deps: SharePartitionManagerDeps) {}

  load(): void {
    void this.deps;
  }

  get(groupId: string, topic: string, partition: number): SharePartitionHandle | undefined {
    void groupId, topic, partition;
    return undefined;
  }

  onAvailable(groupId: string, topic: string, partition: number, listener: () => void): () => void {
    void groupId, topic, partition, listener;
    return () => {};
  }

  releaseMember(groupId: string, memberId: string): void {
    void groupId, memberId;
  }

  /** Every share-partition of a group that has state (initialized), for describe APIs and the console. */
  summaries(groupId: string): SharePartitionSummary[] {
    void groupId;
    return [];
  }

  close(): void {}
}
