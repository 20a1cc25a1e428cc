/**
 * Opens everything a broker keeps, in the order each part needs the others: the cluster id,
 * topics and their logs, committed offsets, groups, producer ids and transactions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { loadOrCreateClusterId } from './clusterIdentity';
import type { BrokerConfig } from './config';
import { GroupCoordinator } from './groups/GroupCoordinator';
import { GroupProtocolTypes } from './groups/GroupProtocolTypes';
import { OffsetStore } from './groups/OffsetStore';
import { DiskStorage } from './log/DiskStorage';
import { ProducerIdManager } from './producers/ProducerIdManager';
import { TopicRegistry } from './topics/TopicRegistry';
import { TransactionCoordinator } from './transactions/TransactionCoordinator';

export interface BrokerStores {
  readonly clusterId: string;
  readonly topics: TopicRegistry;
  readonly offsets: OffsetStore;
  readonly groups: GroupCoordinator;
  readonly producerIds: ProducerIdManager;
  readonly transactions: TransactionCoordinator;
  /** Flush and close everything, most dependent first. */
  close(): void;
}

export function openStores(config: BrokerConfig, logger: Logger): BrokerStores {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const clusterId = loadOrCreateClusterId(config.dataDir, config.nodeId);
  const topics = new TopicRegistry(config.dataDir, new DiskStorage(config.dataDir, logger), config.log);
  topics.load();
  const offsets = new OffsetStore(config.dataDir, logger, { flushOnWrite: config.log.flushOnAppend });
  offsets.load();
  const groups = new GroupCoordinator(config.groups, offsets, logger, new GroupProtocolTypes(path.join(config.dataDir, 'groups.json')));
  const producerIds = new ProducerIdManager(config.dataDir);
  producerIds.load();
  const transactions = new TransactionCoordinator({ config, topics, offsets, producerIds, logger });
  transactions.load();
  return {
    clusterId,
    topics,
    offsets,
    groups,
    producerIds,
    transactions,
    close() {
      transactions.close();
      groups.close();
      offsets.close();
      topics.flush();
      topics.close();
    },
  };
}
