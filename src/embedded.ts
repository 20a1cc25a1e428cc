/**
 * The embedding API for test suites: start a broker on a free port with a throwaway data directory,
 * topics already created, and stop it (removing the directory) when done.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker, BrokerOptions } from './broker';
import type { BrokerConfig } from './config';
import type { FaultInjector } from './faults/FaultInjector';
import type { PartitionCleaned } from './log/cleaner/LogCleaner';
import type { RetentionDeletion } from './log/RetentionManager';
import { IN_MEMORY_DATA_DIR, MemoryVolume } from './storage/MemoryVolume';

export type TopicSpec = string | { name: string; partitions?: number; configs?: Record<string, string> };

export interface StartBrokerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Data directory; default a fresh temporary directory, removed on stop() unless keepData. */
  dataDir?: string;
  /** Keep a temporary data directory on stop(). A dataDir you pass is never removed. */
  keepData?: boolean;
  /** Topics created before startBroker() resolves; partitions default to config.numPartitions. */
  topics?: TopicSpec[];
  /**
   * Keep logs and all other state in memory: no files at all (dataDir and keepData are then
   * unused). restart() keeps the data, as on disk; stop() frees it.
   */
  inMemory?: boolean;
  /** Serve the web console, /metrics and the admin API on this port (0 picks one); default off. */
  httpPort?: number;
  /** pino level; default 'silent'. */
  logLevel?: string;
  /** Start from the dev preset (nothing waits; see DEV_PRESET); default true. false: Kafka's defaults. */
  dev?: boolean;
  /** Any other broker setting; these win over the dev preset. */
  config?: Partial<BrokerConfig>;
}

export interface EmbeddedBroker {
  /** `host:port` strings for clients. */
  readonly brokers: string[];
  readonly port: number;
  readonly host: string;
  /** The data directory; ':memory:' for an in-memory broker, which has none. */
  readonly dataDir: string;
  /** The console's URL when httpPort is set, else null. */
  readonly httpUrl: string | null;
  /** Fault injection rules (see README, "Break it on purpose"). */
  readonly faults: FaultInjector;
  /** Run a retention pass now instead of waiting for log.retention.check.interval.ms. */
  runRetention(): RetentionDeletion[];
  /** Run a log cleaner (compaction) pass now instead of waiting for log.cleaner.backoff.ms. */
  runCleaner(): Promise<PartitionCleaned[]>;
  /** Stop the broker; removes the data directory if it was a temporary one and keepData is not set. */
  stop(): Promise<void>;
  /** Stop and start again on the same data directory, on the same port if it is still free. */
  restart(): Promise<void>;
}

export async function startBroker(options: StartBrokerOptions = {}): Promise<EmbeddedBroker> {
  const { broker: first, config, dataDir, removeData } = await startEmbedded(options, 'minikafka-');
  let broker = first;
  let stopped = false;
  const embedded: EmbeddedBroker = {
    get brokers() {
      return broker.brokers;
    },
    get port() {
      return broker.port;
    },
    get host() {
      return broker.host;
    },
    dataDir,
    get httpUrl() {
      return broker.httpUrl;
    },
    get faults() {
      return broker.faults;
    },
    runRetention: () => broker.runRetention(),
    runCleaner: () => broker.runCleaner(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await broker.stop();
      removeData();
    },
    async restart() {
      if (stopped) throw new Error('minikafka: restart() after stop()');
      const port = broker.port;
      await broker.stop();
      try {
        broker = await Broker.start({ ...config, port });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        broker = await Broker.start({ ...config, port: 0 });
      }
    },
  };
  return embedded;
}

export interface StartedEmbedded {
  broker: Broker;
  /** What the broker was started with, for restarts: the same data (and memory volume). */
  config: BrokerOptions;
  dataDir: string;
  /** Free the memory volume or remove a temporary data directory (unless keepData). */
  removeData(): void;
}

/**
 * What startBroker() and startCluster() share: the data directory or memory volume, the options
 * with the test-friendly defaults, the start itself and the topics; nothing is left behind when
 * any of it fails.
 */
export async function startEmbedded(options: StartBrokerOptions, tempPrefix: string, nodes?: number): Promise<StartedEmbedded> {
  const extra = options.config ?? {};
  const inMemory = options.inMemory ?? extra.inMemory ?? false;
  // In memory there is no directory at all; the state lives in `memory`, which every restart()
  // reuses and stop() frees.
  const memory = inMemory ? new MemoryVolume() : undefined;
  const temporary = !inMemory && options.dataDir === undefined;
  const dataDir = inMemory ? IN_MEMORY_DATA_DIR : (options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix)));
  const config: BrokerOptions = {
    ...extra,
    host: options.host ?? extra.host ?? '127.0.0.1',
    port: options.port ?? extra.port ?? 0,
    dataDir,
    logLevel: options.logLevel ?? extra.logLevel ?? 'silent',
    inMemory,
    httpPort: options.httpPort ?? extra.httpPort,
    dev: options.dev ?? true,
    memory,
    nodes,
  };
  const removeData = (): void => {
    memory?.clear();
    if (temporary && !options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  let broker: Broker;
  try {
    broker = await Broker.start(config);
    try {
      createTopics(broker, options.topics ?? []);
    } catch (err) {
      await broker.stop();
      throw err;
    }
  } catch (err) {
    removeData();
    throw err;
  }
  return { broker, config, dataDir, removeData };
}

function createTopics(broker: Broker, topics: TopicSpec[]): void {
  for (const spec of topics) {
    const { name, partitions, configs } = typeof spec === 'string' ? { name: spec } : spec;
    broker.ensureTopic(name, partitions, configs); // a kept data directory may have it already
  }
}
