/**
 * A share-partition manager on real parts (topic registry with in-memory logs, transaction
 * coordinator, group configs) in a MemoryVolume; restart() closes everything and opens it again
 * on the same volume, as a broker restart does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { BrokerConfig, DEFAULT_CONFIG, ShareGroupConfig, resolveConfig } from '../../../src/config';
import { GroupConfigs } from '../../../src/groups/GroupConfigs';
import { OffsetStore } from '../../../src/groups/OffsetStore';
import { ProducerIdManager } from '../../../src/producers/ProducerIdManager';
import { SharePartitionManager } from '../../../src/share/SharePartitionManager';
import { DiskStorage } from '../../../src/log/DiskStorage';
import { DiskVolume } from '../../../src/storage/DiskVolume';
import { MemoryVolume } from '../../../src/storage/MemoryVolume';
import type { StateVolume } from '../../../src/storage/StateVolume';
import { Partition, TopicRegistry } from '../../../src/topics/TopicRegistry';
import { TransactionCoordinator } from '../../../src/transactions/TransactionCoordinator';
import { ErrorCode } from '../../../wire/errors';
import { buildBatch, readRecords, setPartitionLeaderEpoch } from '../../../wire/records';

export interface Env {
  /** A MemoryVolume, or a data dir on disk. */
  where: MemoryVolume | string;
  volume: StateVolume;
  config: BrokerConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  transactions: TransactionCoordinator;
  groupConfigs: GroupConfigs;
  manager: SharePartitionManager;
  compactAfterBytes?: number;
}

const open: Env[] = [];

export function startEnv(shareGroups: Partial<ShareGroupConfig> = {}, where: MemoryVolume | string = new MemoryVolume(), compactAfterBytes?: number): Env {
  const logger = pino({ level: 'silent' });
  const onDisk = typeof where === 'string';
  const config = resolveConfig({ inMemory: !onDisk, logLevel: 'silent', shareGroups: { ...DEFAULT_CONFIG.shareGroups, ...shareGroups } });
  const volume: StateVolume = onDisk ? new DiskVolume(where) : where;
  const logs = onDisk ? new DiskStorage(where, logger) : where.logs;
  const topics = new TopicRegistry(volume, logs, config.log);
  topics.load();
  const offsets = new OffsetStore(volume, logger);
  offsets.load();
  const producerIds = new ProducerIdManager(volume);
  producerIds.load();
  const transactions = new TransactionCoordinator({ config, topics, offsets, producerIds, logger, volume });
  transactions.load();
  const groupConfigs = new GroupConfigs(config, volume);
  groupConfigs.load();
  const manager = new SharePartitionManager({ volume, topics, transactions, groupConfigs, logger, flushOnWrite: false, compactAfterBytes });
  manager.load();
  const env = { where, volume, config, topics, offsets, transactions, groupConfigs, manager, compactAfterBytes };
  open.push(env);
  return env;
}

export function closeEnv(env: Env): void {
  const i = open.indexOf(env);
  if (i < 0) return;
  open.splice(i, 1);
  env.manager.close();
  env.transactions.close();
  env.offsets.close();
  env.topics.close();
}

/** Close everything and open it again on the same volume (same settings). */
export function restart(env: Env): Env {
  closeEnv(env);
  return startEnv(env.config.shareGroups, env.where, env.compactAfterBytes);
}

export function disposeAll(): void {
  const dirs = new Set(open.map((e) => e.where).filter((w): w is string => typeof w === 'string'));
  for (const env of [...open]) closeEnv(env);
  for (const dir of [...dirs, ...tempDirs.splice(0)]) fs.rmSync(dir, { recursive: true, force: true });
}

const tempDirs: string[] = [];

/** A fresh data dir, removed by disposeAll(). */
export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-share-'));
  tempDirs.push(dir);
  return dir;
}

export function partitionOf(env: Env, topic: string, index = 0): Partition {
  const p = env.topics.partition(topic, index);
  if (!p) throw new Error(`no partition ${topic}-${index}`);
  return p;
}

/** Append one batch of these values (transactional for a producer), as Produce does; returns its base offset. */
export function produce(env: Env, topic: string, values: string[], producer?: { producerId: number; producerEpoch: number; seq?: number }, index = 0): number {
  const p = partitionOf(env, topic, index);
  const batch = producer
    ? buildBatch(
        values.map((value) => ({ value })),
        { transactional: true, producerId: producer.producerId, producerEpoch: producer.producerEpoch, baseSequence: producer.seq ?? 0 },
      )
    : buildBatch(values.map((value) => ({ value })));
  setPartitionLeaderEpoch(batch, 0);
  const { baseOffset } = p.append(batch);
  if (producer) env.transactions.onTransactionalAppend(p, producer.producerId, producer.producerEpoch, baseOffset);
  p.notifyAppended();
  return baseOffset;
}

/** A transactional id's producer, ready to write to the partition in a transaction. */
export function beginTxn(env: Env, transactionalId: string, topic: string, index = 0): { producerId: number; producerEpoch: number } {
  const r = env.transactions.initProducerId(transactionalId, 60_000, -1, -1);
  if (r.errorCode !== ErrorCode.NONE) throw new Error(`initProducerId: ${ErrorCode[r.errorCode]}`);
  const added = env.transactions.addToTransaction(transactionalId, r.producerId, r.producerEpoch, [{ topic, partition: index }]);
  if (added !== ErrorCode.NONE) throw new Error(`addToTransaction: ${ErrorCode[added]}`);
  return { producerId: r.producerId, producerEpoch: r.producerEpoch };
}

export function endTxn(env: Env, transactionalId: string, producer: { producerId: number; producerEpoch: number }, commit: boolean): void {
  const r = env.transactions.endTransaction(transactionalId, producer.producerId, producer.producerEpoch, commit);
  if (r !== ErrorCode.NONE) throw new Error(`endTransaction: ${ErrorCode[r]}`);
}

/** Offsets and values of the records in the batches. */
export function valuesOf(batches: Buffer[]): { offset: number; value: string }[] {
  return batches.flatMap((b) => readRecords(b).map((r) => ({ offset: r.offset, value: r.value?.toString() ?? '' })));
}
