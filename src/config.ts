/** Broker settings. Where Apache Kafka has a setting for the same thing, the comment names it. */
import { DEFAULT_LOG_CONFIG, LogConfig } from './log/PartitionLog';
import { DEFAULT_TOPIC_DEFAULTS, TopicDefaults } from './topics/topicConfig';

export interface BrokerConfig {
  /** Address to listen on. */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Host name clients are told to connect to (advertised.listeners); defaults to host. */
  advertisedHost?: string;
  /** Where topics and their logs live (log.dirs). */
  dataDir: string;
  /** Keep logs and all other state in memory instead of dataDir: nothing is written to disk. */
  inMemory: boolean;
  /** Port of the HTTP console, /metrics and admin API; undefined: off. 0 picks a free port. */
  httpPort?: number;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  logLevel: string;
  /** Partitions of auto-created topics and of CreateTopics with −1 (num.partitions). */
  numPartitions: number;
  /** Create unknown topics on Metadata requests that allow it (auto.create.topics.enable). */
  autoCreateTopics: boolean;
  /** This broker's node id (node.id). */
  nodeId: number;
  /** Largest request accepted; larger frames close the connection (socket.request.max.bytes). */
  socketRequestMaxBytes: number;
  /** Largest record batch accepted (message.max.bytes). */
  messageMaxBytes: number;
  /** Default segment settings and flush policy for new partition logs. */
  log: LogConfig;
  /** Defaults of the topic configs that retention, the cleaner and Produce apply (Kafka's log.*). */
  topicDefaults: TopicDefaults;
  /** Classic consumer group coordinator settings. */
  groups: GroupConfig;
  /** Transaction coordinator settings. */
  transactions: TransactionConfig;
}

export interface GroupConfig {
  /** How long the first rebalance of an empty group waits for more members (group.initial.rebalance.delay.ms). */
  initialRebalanceDelayMs: number;
  /** Bounds on a member's session timeout (group.min.session.timeout.ms, group.max.session.timeout.ms). */
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** Largest number of members in one group (group.max.size). */
  maxSize: number;
}

export interface TransactionConfig {
  /** Largest transaction timeout a producer may ask for (transaction.max.timeout.ms). */
  maxTimeoutMs: number;
  /** How often open transactions are checked for timeouts (transaction.abort.timed.out.transaction.cleanup.interval.ms). */
  abortTimedOutCheckIntervalMs: number;
  /** A transactional id idle (no open transaction) for this long is forgotten (transactional.id.expiration.ms). */
  idExpirationMs: number;
}

export const DEFAULT_CONFIG: BrokerConfig = {
  host: '127.0.0.1',
  port: 9092,
  dataDir: './minikafka-data',
  inMemory: false,
  logLevel: 'info',
  numPartitions: 1,
  autoCreateTopics: true,
  nodeId: 1,
  socketRequestMaxBytes: 100 * 1024 * 1024,
  messageMaxBytes: 1048588,
  log: DEFAULT_LOG_CONFIG,
  topicDefaults: DEFAULT_TOPIC_DEFAULTS,
  groups: {
    initialRebalanceDelayMs: 3000,
    minSessionTimeoutMs: 6000,
    maxSessionTimeoutMs: 1800000,
    maxSize: 2147483647,
  },
  transactions: {
    maxTimeoutMs: 900000,
    abortTimedOutCheckIntervalMs: 10000,
    idExpirationMs: 7 * 24 * 60 * 60 * 1000,
  },
};

/** A full config: the overrides on top of base (Kafka's defaults unless given). */
export function resolveConfig(overrides: Partial<BrokerConfig>, base: BrokerConfig = DEFAULT_CONFIG): BrokerConfig {
  return {
    ...base,
    ...overrides,
    log: { ...base.log, ...overrides.log },
    topicDefaults: { ...base.topicDefaults, ...overrides.topicDefaults },
    groups: { ...base.groups, ...overrides.groups },
    transactions: { ...base.transactions, ...overrides.transactions },
  };
}

/**
 * The --dev preset (also the default of startBroker()): settings for tests and local development,
 * each differing from Kafka's default so that nothing waits. Kafka's values stay the defaults.
 */
export const DEV_PRESET: readonly { setting: string; value: string; kafkaDefault: string; apply(config: BrokerConfig): void }[] = [
  {
    setting: 'group.initial.rebalance.delay.ms',
    value: '0',
    kafkaDefault: '3000',
    apply: (c) => (c.groups.initialRebalanceDelayMs = 0),
  },
  {
    setting: 'group.min.session.timeout.ms',
    value: '1000',
    kafkaDefault: '6000',
    apply: (c) => (c.groups.minSessionTimeoutMs = 1000),
  },
  {
    setting: 'transaction.abort.timed.out.transaction.cleanup.interval.ms',
    value: '1000',
    kafkaDefault: '10000',
    apply: (c) => (c.transactions.abortTimedOutCheckIntervalMs = 1000),
  },
  {
    // Retention (retention.ms, retention.bytes) takes effect within a second instead of 5 minutes.
    setting: 'log.retention.check.interval.ms',
    value: '1000',
    kafkaDefault: '300000',
    apply: (c) => (c.topicDefaults.retentionCheckIntervalMs = 1000),
  },
  {
    // Compacted topics are cleaned within a second instead of 15 seconds.
    setting: 'log.cleaner.backoff.ms',
    value: '1000',
    kafkaDefault: '15000',
    apply: (c) => (c.topicDefaults.cleanerBackoffMs = 1000),
  },
];

/** Kafka's defaults with the dev preset applied: the base for --dev and startBroker(). */
export function devDefaults(): BrokerConfig {
  const config = resolveConfig({});
  for (const item of DEV_PRESET) item.apply(config);
  return config;
}
