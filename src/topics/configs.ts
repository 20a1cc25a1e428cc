/**
 * Every topic-level config of Kafka 4 under its own name: its type (as DescribeConfigs v3+ reports
 * it), the broker setting it falls back to (its synonym), its default on this broker, Kafka's
 * validation with Kafka's messages, and a line of documentation. What the configs mean to the
 * broker is computed in topicConfig.ts; this module only knows names, types and values.
 */
import type { BrokerConfig } from '../config';
import { ErrorCode } from '../../wire/errors';
import { LogConfig } from '../log/PartitionLog';
import { topicNameProblem } from './names';
import type { TopicRegistry } from './TopicRegistry';

/** Kafka's ConfigType in DescribeConfigs v3+. */
export enum ConfigType {
  UNKNOWN = 0,
  BOOLEAN = 1,
  STRING = 2,
  INT = 3,
  SHORT = 4,
  LONG = 5,
  DOUBLE = 6,
  LIST = 7,
  CLASS = 8,
  PASSWORD = 9,
}

/** Kafka's ConfigSource in DescribeConfigs v1+. */
export enum ConfigSource {
  DYNAMIC_TOPIC_CONFIG = 1,
  DYNAMIC_BROKER_CONFIG = 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG = 3,
  STATIC_BROKER_CONFIG = 4,
  DEFAULT_CONFIG = 5,
  DYNAMIC_BROKER_LOGGER_CONFIG = 6,
  CLIENT_METRICS_CONFIG = 7,
  GROUP_CONFIG = 8,
}

const LONG_MAX = '9223372036854775807';
const INT_MAX = 2147483647;

export interface TopicConfigSpec {
  readonly name: string;
  readonly type: ConfigType;
  /** Kafka's default when the broker setting is not set either. */
  readonly kafkaDefault: string;
  /** The broker setting this config falls back to (Kafka's synonym), if any. */
  readonly brokerSetting?: string;
  /**
   * The synonym Kafka reports as DEFAULT_CONFIG when it differs from brokerSetting: the one that
   * carries the default (log.retention.hours=168 for retention.ms).
   */
  readonly defaultSynonym?: { readonly name: string; readonly value: string };
  /** Smallest (and largest) accepted number. */
  readonly min?: number;
  readonly max?: number;
  /** Accepted values of a STRING, or of each item of a LIST. */
  readonly oneOf?: readonly string[];
  readonly doc: string;
}

const SPECS: readonly TopicConfigSpec[] = [
  {
    name: 'cleanup.policy', type: ConfigType.LIST, kafkaDefault: 'delete', brokerSetting: 'log.cleanup.policy', oneOf: ['compact', 'delete'],
    doc: 'How old log segments go: "delete" drops them by retention.ms/retention.bytes, "compact" keeps the latest record per key; both can be given.',
  },
  {
    name: 'compression.type', type: ConfigType.STRING, kafkaDefault: 'producer', brokerSetting: 'compression.type',
    oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
    doc: 'The final compression of the topic\'s batches; "producer" keeps what the producer sent.',
  },
  {
    name: 'delete.retention.ms', type: ConfigType.LONG, kafkaDefault: '86400000', brokerSetting: 'log.cleaner.delete.retention.ms', min: 0,
    doc: 'How long tombstones (null values) of a compacted topic are kept after cleaning, so consumers can see the delete.',
  },
  {
    name: 'file.delete.delay.ms', type: ConfigType.LONG, kafkaDefault: '60000', brokerSetting: 'log.segment.delete.delay.ms', min: 0,
    doc: 'How long a deleted segment\'s files wait before they are removed from disk.',
  },
  {
    name: 'flush.messages', type: ConfigType.LONG, kafkaDefault: LONG_MAX, brokerSetting: 'log.flush.interval.messages', min: 1,
    doc: 'fsync the log after this many messages; by default the OS decides (minikafka: --flush-on-ack fsyncs every append).',
  },
  {
    name: 'flush.ms', type: ConfigType.LONG, kafkaDefault: LONG_MAX, brokerSetting: 'log.flush.interval.ms', min: 0,
    doc: 'fsync the log when data has waited this long; by default the OS decides.',
  },
  {
    name: 'follower.replication.throttled.replicas', type: ConfigType.LIST, kafkaDefault: '', brokerSetting: 'follower.replication.throttled.replicas',
    doc: 'Replicas whose replication is throttled on the follower side (partitionId:brokerId, or *).',
  },
  {
    name: 'index.interval.bytes', type: ConfigType.INT, kafkaDefault: '4096', brokerSetting: 'log.index.interval.bytes', min: 0,
    doc: 'How many log bytes lie between two offset index entries.',
  },
  {
    name: 'leader.replication.throttled.replicas', type: ConfigType.LIST, kafkaDefault: '', brokerSetting: 'leader.replication.throttled.replicas',
    doc: 'Replicas whose replication is throttled on the leader side (partitionId:brokerId, or *).',
  },
  {
    name: 'local.retention.bytes', type: ConfigType.LONG, kafkaDefault: '-2', brokerSetting: 'log.local.retention.bytes', min: -2,
    doc: 'With tiered storage, the bytes kept locally; -2 means retention.bytes.',
  },
  {
    name: 'local.retention.ms', type: ConfigType.LONG, kafkaDefault: '-2', brokerSetting: 'log.local.retention.ms', min: -2,
    doc: 'With tiered storage, how long data is kept locally; -2 means retention.ms.',
  },
  {
    name: 'max.compaction.lag.ms', type: ConfigType.LONG, kafkaDefault: LONG_MAX, brokerSetting: 'log.cleaner.max.compaction.lag.ms', min: 1,
    doc: 'The longest a record may stay uncompacted in a compacted topic.',
  },
  {
    name: 'max.message.bytes', type: ConfigType.INT, kafkaDefault: '1048588', brokerSetting: 'message.max.bytes', min: 0,
    doc: 'The largest record batch the topic accepts; larger ones are refused with MESSAGE_TOO_LARGE.',
  },
  {
    name: 'message.downconversion.enable', type: ConfigType.BOOLEAN, kafkaDefault: 'true', brokerSetting: 'log.message.downconversion.enable',
    doc: 'Whether old fetch versions may get batches converted down to an older format.',
  },
  {
    name: 'message.format.version', type: ConfigType.STRING, kafkaDefault: '3.0-IV1', brokerSetting: 'log.message.format.version',
    doc: 'Deprecated: the message format is always v2 (Kafka 3.0 and later).',
  },
  {
    name: 'message.timestamp.after.max.ms', type: ConfigType.LONG, kafkaDefault: '3600000', brokerSetting: 'log.message.timestamp.after.max.ms', min: 0,
    doc: 'How far in the future a CreateTime timestamp may be, relative to the broker\'s clock.',
  },
  {
    name: 'message.timestamp.before.max.ms', type: ConfigType.LONG, kafkaDefault: LONG_MAX, brokerSetting: 'log.message.timestamp.before.max.ms', min: 0,
    doc: 'How far in the past a CreateTime timestamp may be, relative to the broker\'s clock.',
  },
  {
    name: 'message.timestamp.difference.max.ms', type: ConfigType.LONG, kafkaDefault: LONG_MAX, brokerSetting: 'log.message.timestamp.difference.max.ms', min: 0,
    doc: 'Deprecated: see message.timestamp.before.max.ms and message.timestamp.after.max.ms.',
  },
  {
    name: 'message.timestamp.type', type: ConfigType.STRING, kafkaDefault: 'CreateTime', brokerSetting: 'log.message.timestamp.type',
    oneOf: ['CreateTime', 'LogAppendTime'],
    doc: 'CreateTime keeps the producer\'s timestamps; LogAppendTime stamps each batch with the broker\'s time when appended.',
  },
  {
    name: 'min.cleanable.dirty.ratio', type: ConfigType.DOUBLE, kafkaDefault: '0.5', brokerSetting: 'log.cleaner.min.cleanable.ratio', min: 0, max: 1,
    doc: 'How much of a compacted log must be uncleaned before the cleaner works on it.',
  },
  {
    name: 'min.compaction.lag.ms', type: ConfigType.LONG, kafkaDefault: '0', brokerSetting: 'log.cleaner.min.compaction.lag.ms', min: 0,
    doc: 'The least time a record stays uncompacted in a compacted topic.',
  },
  {
    name: 'min.insync.replicas', type: ConfigType.INT, kafkaDefault: '1', brokerSetting: 'min.insync.replicas', min: 1,
    doc: 'The fewest in-sync replicas an acks=all write needs (accepted; minikafka keeps one logical replica).',
  },
  {
    name: 'preallocate', type: ConfigType.BOOLEAN, kafkaDefault: 'false', brokerSetting: 'log.preallocate',
    doc: 'Whether segment files are preallocated on disk when created.',
  },
  {
    name: 'remote.storage.enable', type: ConfigType.BOOLEAN, kafkaDefault: 'false',
    doc: 'Whether the topic uses tiered storage.',
  },
  {
    name: 'retention.bytes', type: ConfigType.LONG, kafkaDefault: '-1', brokerSetting: 'log.retention.bytes', min: -1,
    doc: 'The most bytes a partition keeps before its oldest segments are deleted (cleanup.policy=delete); -1: no limit.',
  },
  {
    name: 'retention.ms', type: ConfigType.LONG, kafkaDefault: '604800000', brokerSetting: 'log.retention.ms', min: -1,
    defaultSynonym: { name: 'log.retention.hours', value: '168' },
    doc: 'How long records are kept before their segment is deleted (cleanup.policy=delete); -1: forever.',
  },
  {
    name: 'segment.bytes', type: ConfigType.INT, kafkaDefault: '1073741824', brokerSetting: 'log.segment.bytes', min: 14,
    doc: 'The size at which the log rolls to a new segment; retention and cleaning work in whole segments.',
  },
  {
    name: 'segment.index.bytes', type: ConfigType.INT, kafkaDefault: '10485760', brokerSetting: 'log.index.size.max.bytes', min: 4,
    doc: 'The size of a segment\'s offset and time index files.',
  },
  {
    name: 'segment.jitter.ms', type: ConfigType.LONG, kafkaDefault: '0', brokerSetting: 'log.roll.jitter.ms', min: 0,
    defaultSynonym: { name: 'log.roll.jitter.hours', value: '0' },
    doc: 'A random amount subtracted from segment.ms, so that segments do not all roll at once.',
  },
  {
    name: 'segment.ms', type: ConfigType.LONG, kafkaDefault: '604800000', brokerSetting: 'log.roll.ms', min: 1,
    defaultSynonym: { name: 'log.roll.hours', value: '168' },
    doc: 'The age at which the log rolls to a new segment even if it is not full.',
  },
  {
    name: 'unclean.leader.election.enable', type: ConfigType.BOOLEAN, kafkaDefault: 'false', brokerSetting: 'unclean.leader.election.enable',
    doc: 'Whether a replica out of the ISR may become leader (possible data loss).',
  },
];

export const TOPIC_CONFIGS: ReadonlyMap<string, TopicConfigSpec> = new Map(SPECS.map((s) => [s.name, s]));
export const TOPIC_CONFIG_NAMES: ReadonlySet<string> = new Set(TOPIC_CONFIGS.keys());

/** Why a value is not valid for a config of this spec (Kafka's ConfigDef wording), or null. */
export function valueProblem(spec: TopicConfigSpec, value: string): string | null {
  const invalid = (why: string) => `Invalid value ${value} for configuration ${spec.name}: ${why}`;
  const trimmed = value.trim();
  switch (spec.type) {
    case ConfigType.INT:
    case ConfigType.LONG: {
      const typeName = spec.type === ConfigType.INT ? 'INT' : 'LONG';
      if (!/^[-+]?\d+$/.test(trimmed)) return invalid(`Not a number of type ${typeName}`);
      const n = BigInt(trimmed);
      const limit = spec.type === ConfigType.INT ? BigInt(INT_MAX) : BigInt(LONG_MAX);
      if (n > limit || n < -limit - 1n) return invalid(`Not a number of type ${typeName}`);
      return rangeProblem(spec, Number(n), invalid);
    }
    case ConfigType.DOUBLE: {
      if (trimmed === '' || !Number.isFinite(Number(trimmed))) return invalid('Not a number of type DOUBLE');
      return rangeProblem(spec, Number(trimmed), invalid);
    }
    case ConfigType.BOOLEAN:
      return /^(true|false)$/i.test(trimmed) ? null : invalid('Expected value to be either true or false');
    case ConfigType.STRING:
      if (spec.oneOf && !spec.oneOf.includes(trimmed)) return invalid(`String must be one of: ${spec.oneOf.join(', ')}`);
      return null;
    case ConfigType.LIST: {
      if (!spec.oneOf) return null;
      const items = listItems(trimmed);
      if (items.length === 0) return invalid(`Empty list not allowed`);
      const bad = items.find((item) => !spec.oneOf!.includes(item));
      return bad === undefined ? null : `Invalid value ${bad} for configuration ${spec.name}: String must be one of: ${spec.oneOf.join(', ')}`;
    }
    default:
      return null;
  }
}

function rangeProblem(spec: TopicConfigSpec, n: number, invalid: (why: string) => string): string | null {
  if (spec.min !== undefined && n < spec.min) return invalid(`Value must be at least ${spec.min}`);
  if (spec.max !== undefined && n > spec.max) return invalid(`Value must be no more than ${spec.max}`);
  return null;
}

/** A LIST value's items, as Kafka splits them (commas, surrounding spaces dropped). */
export function listItems(value: string): string[] {
  return value.trim() === '' ? [] : value.split(',').map((s) => s.trim());
}

/** Why a config entry is invalid (Kafka's message), or null. A null value means "the default". */
export function topicConfigProblem(name: string, value: string | null): string | null {
  const spec = TOPIC_CONFIGS.get(name);
  if (!spec) return `Unknown topic config name: ${name}`;
  return value === null ? null : valueProblem(spec, value);
}

/** The first problem among a topic's configs, or null. */
export function topicConfigsProblem(configs: Readonly<Record<string, string | null>>): string | null {
  for (const [name, value] of Object.entries(configs)) {
    const problem = topicConfigProblem(name, value);
    if (problem) return problem;
  }
  return null;
}

/** The partition log settings of a topic: the broker's defaults overridden by the topic's configs. */
export function logConfigFor(defaults: LogConfig, configs: Record<string, string>): LogConfig {
  const num = (name: string, fallback: number) => (configs[name] !== undefined ? Number(configs[name]) : fallback);
  return {
    ...defaults,
    segmentBytes: num('segment.bytes', defaults.segmentBytes),
    segmentMs: num('segment.ms', defaults.segmentMs),
    indexIntervalBytes: num('index.interval.bytes', defaults.indexIntervalBytes),
    flushIntervalMessages: flushInterval(configs['flush.messages']) ?? defaults.flushIntervalMessages,
  };
}

/** flush.messages as a count; Kafka's default (Long.MAX_VALUE: "the OS decides") is no count at all. */
function flushInterval(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return n >= Number.MAX_SAFE_INTEGER ? undefined : n;
}

/**
 * This broker's value of each topic config's broker setting, for the configs the broker has a
 * setting for; the others are Kafka's defaults. Used for DescribeConfigs' defaults.
 */
export function brokerTopicDefaults(config: BrokerConfig): Record<string, string> {
  const d = config.topicDefaults;
  return {
    'cleanup.policy': d.cleanupPolicy,
    'delete.retention.ms': String(d.deleteRetentionMs),
    'flush.messages': config.log.flushOnAppend ? '1' : config.log.flushIntervalMessages !== undefined ? String(config.log.flushIntervalMessages) : LONG_MAX,
    'index.interval.bytes': String(config.log.indexIntervalBytes),
    'max.message.bytes': String(config.messageMaxBytes),
    'message.timestamp.type': d.messageTimestampType,
    'min.compaction.lag.ms': String(d.minCompactionLagMs),
    'retention.bytes': String(d.retentionBytes),
    'retention.ms': String(d.retentionMs),
    'segment.bytes': String(config.log.segmentBytes),
    'segment.ms': String(config.log.segmentMs),
  };
}

/** A topic config as DescribeConfigs reports it. */
export interface DescribedConfig {
  name: string;
  value: string;
  source: ConfigSource;
  synonyms: { name: string; value: string; source: ConfigSource }[];
  type: ConfigType;
  doc: string;
}

/**
 * A topic config's value and where it comes from, with its synonyms in Kafka's order: the topic's
 * own value, the broker's setting when it differs from Kafka's default, Kafka's default.
 */
export function describeTopicConfig(spec: TopicConfigSpec, topicConfigs: Readonly<Record<string, string>>, brokerDefaults: Record<string, string>): DescribedConfig {
  const synonyms: DescribedConfig['synonyms'] = [];
  const own = topicConfigs[spec.name];
  if (own !== undefined) synonyms.push({ name: spec.name, value: own, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
  const brokerValue = brokerDefaults[spec.name];
  if (spec.brokerSetting && brokerValue !== undefined && brokerValue !== spec.kafkaDefault) {
    synonyms.push({ name: spec.brokerSetting, value: brokerValue, source: ConfigSource.STATIC_BROKER_CONFIG });
  }
  if (spec.defaultSynonym) synonyms.push({ ...spec.defaultSynonym, source: ConfigSource.DEFAULT_CONFIG });
  else if (spec.brokerSetting) synonyms.push({ name: spec.brokerSetting, value: spec.kafkaDefault, source: ConfigSource.DEFAULT_CONFIG });
  const effective = synonyms[0] ?? { value: spec.kafkaDefault, source: ConfigSource.DEFAULT_CONFIG };
  // Kafka reports a value that comes from a synonym with the config's own default in its units.
  const value = effective.source === ConfigSource.DEFAULT_CONFIG ? spec.kafkaDefault : effective.value;
  return { name: spec.name, value, source: effective.source, synonyms, type: spec.type, doc: spec.doc };
}

// ---- Config resources (DescribeConfigs, AlterConfigs, IncrementalAlterConfigs) --------------------

/** Kafka's ConfigResource types. */
export enum ResourceType {
  TOPIC = 2,
  BROKER = 4,
  BROKER_LOGGER = 8,
  /** Per-group configs (KIP-848, KIP-932): src/groups/GroupConfigs.ts. */
  GROUP = 32,
}

export interface ResourceProblem {
  errorCode: ErrorCode;
  errorMessage: string;
}

/**
 * Why a config resource cannot be used on this node, with Kafka's error and message, or null: a
 * topic must exist; a broker must be named by this node's id (or '', the cluster-wide default); a
 * group by a non-empty id.
 */
export function resourceNameProblem(type: number, name: string, topics: TopicRegistry, nodeId: number): ResourceProblem | null {
  if (type === ResourceType.TOPIC) {
    const invalid = topicNameProblem(name);
    if (invalid) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: invalid };
    if (!topics.get(name)) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic '${name}' does not exist.` };
    return null;
  }
  if (type === ResourceType.BROKER) {
    if (name === '') return null;
    if (!/^-?\d+$/.test(name)) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Broker id must be an integer, but it is: ${name}` };
    if (Number(name) !== nodeId) {
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unexpected broker id, expected ${nodeId} or empty string, but received ${name}` };
    }
    return null;
  }
  if (type === ResourceType.GROUP) {
    // Any group id, existing or not: its configs apply once the group appears. There is no default group resource.
    if (name === '') return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Default group resource is not supported: name a group' };
    return null;
  }
  return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type: ${type} (minikafka has topic (2), broker (4) and group (32) configs)` };
}

/** Kafka refuses to change static broker settings at run time; minikafka has no dynamic ones. */
export function brokerAlterProblem(nodeName: string, names: string[]): ResourceProblem | null {
  if (names.length === 0) return null;
  return {
    errorCode: ErrorCode.INVALID_REQUEST,
    errorMessage:
      `Invalid config value for resource ConfigResource(type=BROKER, name='${nodeName}'): Cannot update these configs dynamically: ${names.join(', ')}. ` +
      'minikafka reads broker settings at start only: set them in the --config properties file or with command-line flags.',
  };
}
