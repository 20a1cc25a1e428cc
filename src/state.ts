/**
 * Opens everything a broker keeps, in the order each part needs the others: the cluster id,
 * topics and their logs, committed offsets, groups, producer ids and transactions. They live in
 * the data dir, or with config.inMemory in a MemoryVolume (nothing is written to disk then).
 */
import * as fs from 'node:fs';
import type { Logger } from 'pino';
import { loadOrCreateClusterId } from './clusterIdentity';
import { lockDataDir } from './dataDirLock';
import type { BrokerConfig } from './config';
import { ConsumerGroupCoordinator } from './groups/consumer/ConsumerGroupCoordinator';
import { GroupConfigs } from './groups/GroupConfigs';
import { GroupCoordinator } from './groups/GroupCoordinator';
import { GroupProtocolTypes } from './groups/GroupProtocolTypes';
import { OffsetStore } from './groups/OffsetStore';
import { DiskStorage } from './log/DiskStorage';
import { ProducerIdManager } from './producers/ProducerIdManager';
import { ShareGroupCoordinator } from './share/ShareGroupCoordinator';
import { SharePartitionManager } from './share/SharePartitionManager';
import { DiskVolume } from './storage/DiskVolume';
import { MemoryVolume } from './storage/MemoryVolume';
import type { StateVolume } from './storage/StateVolume';
import type { LogStorage } from './topics/TopicRegistry';
import { effectiveTopicConfig } from './topics/topicConfig';
import { TopicRegistry } from './topics/TopicRegistry';
import { TransactionCoordinator } from './transactions/TransactionCoordinator';

export interface BrokerStores {
  readonly clusterId: string;
  readonly topics: TopicRegistry;
  readonly offsets: OffsetStore;
  readonly groups: GroupCoordinator;
  /** KIP-848 consumer groups. */
  readonly consumerGroups: ConsumerGroupCoordinator;
  /** Share groups' membership (KIP-932). */
  readonly shareGroups: ShareGroupCoordinator;
  /** Share groups' in-flight records, per share-partition. */
  readonly sharePartitions: SharePartitionManager;
  /** Per-group configs (the GROUP config resource). */
  readonly groupConfigs: GroupConfigs;
  readonly producerIds: ProducerIdManager;
  readonly transactions: TransactionCoordinator;
  /** Flush and close everything, most dependent first; again does nothing. */
  close(): void;
}

/** Where the state and the logs go, and how to let go of them. */
interface Placement {
  volume: StateVolume;
  logs: LogStorage;
  release(): void;
}

/**
 * `memory`: with config.inMemory, the volume to keep everything in (one that outlived an earlier
 * broker finds its data again); a fresh, empty one when not given. Ignored on disk.
 */
export function openStores(config: BrokerConfig, logger: Logger, memory?: MemoryVolume): BrokerStores {
  const { volume, logs, release } = config.inMemory ? inMemory(memory ?? new MemoryVolume()) : onDisk(config.dataDir, logger);
  try {
    const clusterId = loadOrCreateClusterId(volume, config.nodeId);
    const settingsOf = (configs: Record<string, string>) => effectiveTopicConfig(config.topicDefaults, config.messageMaxBytes, configs);
    const topics = new TopicRegistry(volume, logs, config.log, settingsOf);
    topics.load();
    const offsets = new OffsetStore(volume, logger, { flushOnWrite: config.log.flushOnAppend });
    offsets.load();
    // A classic JoinGroup may not take the id of a KIP-848 or share group (both constructed below).
    const groups = new GroupCoordinator(config.groups, offsets, logger, new GroupProtocolTypes(volume), (id) =>
      consumerGroups.refusesClassicJoin(id) || shareGroups.has(id),
    );
    const producerIds = new ProducerIdManager(volume);
    producerIds.load();
    const transactions = new TransactionCoordinator({ config, topics, offsets, producerIds, logger, volume });
    transactions.load();
    const groupConfigs = new GroupConfigs(config, volume);
    groupConfigs.load();
    const consumerGroups = new ConsumerGroupCoordinator({ config: config.consumerGroups, topics, offsets, groupConfigs, logger });
    const sharePartitions = new SharePartitionManager({
      volume,
      topics,
      transactions,
      groupConfigs,
      logger,
      flushOnWrite: config.log.flushOnAppend,
    });
    sharePartitions.load();
    const shareGroups = new ShareGroupCoordinator({ config: config.shareGroups, topics, groupConfigs, partitions: sharePartitions, logger });
    let closed = false;
    return {
      clusterId,
      topics,
      offsets,
      groups,
      consumerGroups,
      shareGroups,
      sharePartitions,
      groupConfigs,
      producerIds,
      transactions,
      close() {
        // Once only: a second release() could free the volume of a broker started since.
        if (closed) return;
        closed = true;
        shareGroups.close();
        sharePartitions.close();
        consumerGroups.close();
        transactions.close();
        groups.close();
        offsets.close();
        topics.flush();
        topics.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

function onDisk(dataDir: string, logger: Logger): Placement {
  fs.mkdirSync(dataDir, { recursive: true });
  // Before anything is read or written: a second broker on this dir must not touch it.
  const lock = lockDataDir(dataDir);
  try {
    return { volume: new DiskVolume(dataDir), logs: new DiskStorage(dataDir, logger), release: () => lock.release() };
  } catch (err) {
    lock.release();
    throw err;
  }
}

function inMemory(memory: MemoryVolume): Placement {
  memory.claim();
  return { volume: memory, logs: memory.logs, release: () => memory.release() };
}
