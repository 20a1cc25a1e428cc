/**
 * A transaction coordinator on real parts (topic registry with disk logs, offset store, producer
 * ids) in a temp dir, with a clock the test moves. reopen() simulates a restart (or, with
 * crash = true, a process that died without closing anything).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { BrokerConfig, DEFAULT_CONFIG, resolveConfig } from '../../src/config';
import { OffsetStore } from '../../src/groups/OffsetStore';
import { DiskStorage } from '../../src/log/DiskStorage';
import { ProducerIdManager } from '../../src/producers/ProducerIdManager';
import { Partition, TopicRegistry } from '../../src/topics/TopicRegistry';
import { TransactionCoordinator } from '../../src/transactions/TransactionCoordinator';
import { readControlRecord } from '../../wire/controlRecords';
import { ErrorCode } from '../../wire/errors';
import { batchInfo, buildBatch, readRecords, setPartitionLeaderEpoch } from '../../wire/records';

export interface Env {
  dataDir: string;
  config: BrokerConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  producerIds: ProducerIdManager;
  txn: TransactionCoordinator;
  clock: { now: number };
  logLines: string[];
}

const open: Env[] = [];

export function startEnv(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-txn-')), clock = { now: 1_000_000 }): Env {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const config = resolveConfig({
    dataDir,
    logLevel: 'silent',
    transactions: { ...DEFAULT_CONFIG.transactions, abortTimedOutCheckIntervalMs: 3_600_000 },
  });
  const topics = new TopicRegistry(dataDir, new DiskStorage(dataDir, logger), config.log);
  topics.load();
  const offsets = new OffsetStore(dataDir, logger);
  offsets.load();
  const producerIds = new ProducerIdManager(dataDir);
  producerIds.load();
  const txn = new TransactionCoordinator({ config, topics, offsets, producerIds, logger, clock: () => clock.now });
  txn.load();
  const env = { dataDir, config, topics, offsets, producerIds, txn, clock, logLines };
  open.push(env);
  return env;
}

export function closeEnv(env: Env): void {
  const i = open.indexOf(env);
  if (i < 0) return;
  open.splice(i, 1);
  env.txn.close();
  env.offsets.close();
  env.topics.close();
}

/** Restart on the same data dir (the clock carries on). */
export function reopen(env: Env): Env {
  closeEnv(env);
  return startEnv(env.dataDir, env.clock);
}

/** Close everything and remove the data dirs (afterEach). */
export function disposeAll(): void {
  const dirs = new Set(open.map((e) => e.dataDir));
  for (const env of [...open]) closeEnv(env);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

export function partitionOf(env: Env, topic: string, index = 0): Partition {
  const p = env.topics.partition(topic, index);
  if (!p) throw new Error(`no partition ${topic}-${index}`);
  return p;
}

/** Append a batch as Produce does (transactional when a producer is given); returns its base offset. */
export function produce(env: Env, topic: string, index: number, values: string[], producer?: { producerId: number; producerEpoch: number; seq?: number }): number {
  const p = partitionOf(env, topic, index);
  const batch = producer
    ? buildBatch(values.map((value) => ({ value })), { transactional: true, producerId: producer.producerId, producerEpoch: producer.producerEpoch, baseSequence: producer.seq ?? 0 })
    : buildBatch(values.map((value) => ({ value })));
  setPartitionLeaderEpoch(batch, 0);
  const { baseOffset } = p.append(batch);
  if (producer) env.txn.onTransactionalAppend(p, producer.producerId, producer.producerEpoch, baseOffset);
  p.notifyAppended();
  return baseOffset;
}

export interface LoggedBatch {
  baseOffset: number;
  control: boolean;
  transactional: boolean;
  producerId: number;
  producerEpoch: number;
  /** For markers. */
  commit?: boolean;
  values: string[];
}

/** Every batch of a partition's log, decoded. */
export function logBatches(env: Env, topic: string, index = 0): LoggedBatch[] {
  const p = partitionOf(env, topic, index);
  const out: LoggedBatch[] = [];
  let offset = p.log.logStartOffset;
  while (offset < p.log.logEndOffset) {
    const batches = p.log.read(offset, 1 << 20);
    for (const b of batches) {
      const info = batchInfo(b);
      const marker = info.control ? readControlRecord(b) : null;
      out.push({
        baseOffset: info.baseOffset,
        control: info.control,
        transactional: info.transactional,
        producerId: info.producerId,
        producerEpoch: info.producerEpoch,
        ...(marker ? { commit: marker.commit } : {}),
        values: info.control ? [] : readRecords(b).map((r) => r.value?.toString() ?? ''),
      });
      offset = info.baseOffset + info.lastOffsetDelta + 1;
    }
  }
  return out;
}

/** InitProducerId that must succeed. */
export function init(env: Env, transactionalId: string, timeoutMs = 60_000): { producerId: number; producerEpoch: number } {
  const r = env.txn.initProducerId(transactionalId, timeoutMs, -1, -1);
  if (r.errorCode !== ErrorCode.NONE) throw new Error(`initProducerId failed: ${ErrorCode[r.errorCode]}`);
  return { producerId: r.producerId, producerEpoch: r.producerEpoch };
}
