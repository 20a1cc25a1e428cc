/** Broker settings. Where Apache Kafka has a setting for the same thing, the comment names it. */
import { DEFAULT_LOG_CONFIG, LogConfig } from './log/PartitionLog';
import { DEFAULT_TOPIC_DEFAULTS, TopicDefaults } from './topics/topicConfig';
import { ListenerConfig, SASL_MECHANISMS, SaslConfig, SecurityProtocol, TlsConfig } from './security/listeners';

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
  /** KIP-848 consumer group settings (Kafka's group.consumer.*). */
  consumerGroups: ConsumerGroupConfig;
  /** Share group settings (KIP-932; Kafka's group.share.*). */
  shareGroups: ShareGroupConfig;
  /** Transaction coordinator settings. */
  transactions: TransactionConfig;
  /** Security protocol of the main listener (host:port): PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
  securityProtocol: SecurityProtocol;
  /** More listeners, each on its own port with its own security protocol (Kafka's `listeners`). */
  listeners: ListenerConfig[];
  /** Certificate and key of SSL and SASL_SSL listeners; client-certificate auth (ssl.client.auth). */
  tls?: TlsConfig;
  /** Mechanisms and users of SASL_PLAINTEXT and SASL_SSL listeners (sasl.enabled.mechanisms). */
  sasl: SaslConfig;
  /** Connection limits and idle timeout (Kafka's max.connections*, connections.max.idle.ms). */
  connections: ConnectionConfig;
}

export interface ConnectionConfig {
  /** max.connections: beyond it, new connections wait (unanswered) until one closes. */
  maxConnections: number;
  /** max.connections.per.ip: beyond it, a new connection from that address is closed at once. */
  maxConnectionsPerIp: number;
  /** max.connections.per.ip.overrides: per-address limits (IP address → count). */
  maxConnectionsPerIpOverrides: Record<string, number>;
  /** connections.max.idle.ms: a connection with no traffic and nothing pending for this long is closed. */
  idleMs: number;
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

export interface ConsumerGroupConfig {
  /** group.consumer.session.timeout.ms: a member that does not heartbeat for this long is removed. */
  sessionTimeoutMs: number;
  /** group.consumer.heartbeat.interval.ms: told to members in every heartbeat answer. */
  heartbeatIntervalMs: number;
  /** group.consumer.assignors: the server-side assignors; the first is the default. */
  assignors: string[];
  /** group.consumer.max.size. */
  maxSize: number;
}

export interface ShareGroupConfig {
  /** group.share.session.timeout.ms. */
  sessionTimeoutMs: number;
  /** group.share.heartbeat.interval.ms. */
  heartbeatIntervalMs: number;
  /** group.share.record.lock.duration.ms: how long an acquired record stays locked to its member. */
  recordLockDurationMs: number;
  /** Bounds of share.record.lock.duration.ms in group configs (group.share.min/max.record.lock.duration.ms). */
  minRecordLockDurationMs: number;
  maxRecordLockDurationMs: number;
  /** group.share.delivery.count.limit: deliveries after which a record is archived. */
  deliveryCountLimit: number;
  /** Bounds of share.delivery.count.limit in group configs (group.share.min/max.delivery.count.limit). */
  minDeliveryCountLimit: number;
  maxDeliveryCountLimit: number;
  /** group.share.partition.max.record.locks: in-flight (acquired) records per share-partition. */
  partitionMaxRecordLocks: number;
  /** group.share.max.size. */
  maxSize: number;
  /** group.share.max.share.sessions: share sessions one broker keeps. */
  maxShareSessions: number;
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
  consumerGroups: {
    sessionTimeoutMs: 45000,
    heartbeatIntervalMs: 5000,
    assignors: ['uniform', 'range'],
    maxSize: 2147483647,
  },
  shareGroups: {
    sessionTimeoutMs: 45000,
    heartbeatIntervalMs: 5000,
    recordLockDurationMs: 30000,
    minRecordLockDurationMs: 15000,
    maxRecordLockDurationMs: 60000,
    deliveryCountLimit: 5,
    minDeliveryCountLimit: 2,
    maxDeliveryCountLimit: 10,
    partitionMaxRecordLocks: 2000,
    maxSize: 200,
    maxShareSessions: 2000,
  },
  transactions: {
    maxTimeoutMs: 900000,
    abortTimedOutCheckIntervalMs: 10000,
    idExpirationMs: 7 * 24 * 60 * 60 * 1000,
  },
  securityProtocol: 'PLAINTEXT',
  listeners: [],
  sasl: { mechanisms: [...SASL_MECHANISMS], users: [] },
  connections: {
    maxConnections: 2147483647,
    maxConnectionsPerIp: 2147483647,
    maxConnectionsPerIpOverrides: {},
    idleMs: 600000,
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
    consumerGroups: { ...base.consumerGroups, ...overrides.consumerGroups },
    shareGroups: { ...base.shareGroups, ...overrides.shareGroups },
    transactions: { ...base.transactions, ...overrides.transactions },
    sasl: { ...base.sasl, ...overrides.sasl },
    connections: { ...base.connections, ...overrides.connections },
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
  {
    // KIP-848 and share group members learn of new assignments within half a second.
    setting: 'group.consumer.heartbeat.interval.ms, group.share.heartbeat.interval.ms',
    value: '500',
    kafkaDefault: '5000',
    apply: (c) => {
      c.consumerGroups.heartbeatIntervalMs = 500;
      c.shareGroups.heartbeatIntervalMs = 500;
    },
  },
  {
    // A KIP-848 or share group member that stopped is replaced after 10 s instead of 45 s.
    setting: 'group.consumer.session.timeout.ms, group.share.session.timeout.ms',
    value: '10000',
    kafkaDefault: '45000',
    apply: (c) => {
      c.consumerGroups.sessionTimeoutMs = 10000;
      c.shareGroups.sessionTimeoutMs = 10000;
    },
  },
  {
    // Tests may set share.record.lock.duration.ms on a group down to a second, so redelivery is quick.
    setting: 'group.share.min.record.lock.duration.ms',
    value: '1000',
    kafkaDefault: '15000',
    apply: (c) => (c.shareGroups.minRecordLockDurationMs = 1000),
  },
];

/** Kafka's defaults with the dev preset applied: the base for --dev and startBroker(). */
export function devDefaults(): BrokerConfig {
  const config = resolveConfig({});
  for (const item of DEV_PRESET) item.apply(config);
  return config;
}
