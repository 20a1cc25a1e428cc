/**
 * Kafka broker settings under Kafka's names: read from a server.properties-style file
 * (--config broker.properties) onto BrokerConfig, and described back (DescribeConfigs of the
 * broker resource). One table serves both, so the names, types and defaults cannot drift apart.
 */
import * as fs from 'node:fs';
import { BrokerConfig, resolveConfig } from './config';
import { ConfigType, TopicConfigSpec, listItems, valueProblem } from './topics/configs';
import { parsePerIpOverrides } from './server/ConnectionQuotas';

type ValueSpec = Pick<TopicConfigSpec, 'name' | 'type' | 'min' | 'max' | 'oneOf'>;

export interface BrokerSetting extends ValueSpec {
  /** Kafka's default, as a string. */
  readonly kafkaDefault: string;
  readonly doc: string;
  /** This broker's value; absent for settings only read from a file (log.retention.hours: see log.retention.ms). */
  readonly read?: (config: BrokerConfig) => string;
  /** Set the (already validated) value on a config. */
  readonly apply: (config: BrokerConfig, value: string) => void;
  /**
   * Settings of the same thing in other units are applied in rank order, so the finer one wins
   * whatever the order in the file (Kafka: log.retention.ms over .minutes over .hours).
   */
  readonly rank?: number;
  /** A check beyond the type's (Kafka's validator): why the value is bad, or null. */
  readonly problem?: (value: string) => string | null;
}

const HOUR = 3600000;
const MINUTE = 60000;

const int = (v: string) => Number(v.trim());
const bool = (v: string) => v.trim().toLowerCase() === 'true';

function overridesProblem(value: string): string | null {
  try {
    parsePerIpOverrides(value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export const BROKER_SETTINGS: readonly BrokerSetting[] = [
  { name: 'node.id', type: ConfigType.INT, kafkaDefault: '-1', min: 0, doc: 'This broker\'s node id.', read: (c) => String(c.nodeId), apply: (c, v) => (c.nodeId = int(v)) },
  { name: 'log.dirs', type: ConfigType.STRING, kafkaDefault: '/tmp/kafka-logs', doc: 'The directory the broker keeps its data in (minikafka keeps one).', read: (c) => c.dataDir, apply: (c, v) => (c.dataDir = v.trim()) },
  { name: 'log.dir', type: ConfigType.STRING, kafkaDefault: '/tmp/kafka-logs', doc: 'The data directory, when log.dirs is not set.', apply: (c, v) => (c.dataDir = v.trim()), rank: -1 },
  { name: 'num.partitions', type: ConfigType.INT, kafkaDefault: '1', min: 1, doc: 'Partitions of auto-created topics and of CreateTopics asking for the default.', read: (c) => String(c.numPartitions), apply: (c, v) => (c.numPartitions = int(v)) },
  { name: 'auto.create.topics.enable', type: ConfigType.BOOLEAN, kafkaDefault: 'true', doc: 'Create an unknown topic when a client asks for its metadata.', read: (c) => String(c.autoCreateTopics), apply: (c, v) => (c.autoCreateTopics = bool(v)) },
  { name: 'message.max.bytes', type: ConfigType.INT, kafkaDefault: '1048588', min: 0, doc: 'The largest record batch accepted (topic config max.message.bytes).', read: (c) => String(c.messageMaxBytes), apply: (c, v) => (c.messageMaxBytes = int(v)) },
  { name: 'socket.request.max.bytes', type: ConfigType.INT, kafkaDefault: '104857600', min: 1, doc: 'The largest request accepted.', read: (c) => String(c.socketRequestMaxBytes), apply: (c, v) => (c.socketRequestMaxBytes = int(v)) },
  { name: 'max.connections', type: ConfigType.INT, kafkaDefault: '2147483647', min: 0, doc: 'The most connections the broker accepts; more wait until one closes.', read: (c) => String(c.connections.maxConnections), apply: (c, v) => (c.connections = { ...c.connections, maxConnections: int(v) }) },
  { name: 'max.connections.per.ip', type: ConfigType.INT, kafkaDefault: '2147483647', min: 0, doc: 'The most connections from one address; more are closed at once.', read: (c) => String(c.connections.maxConnectionsPerIp), apply: (c, v) => (c.connections = { ...c.connections, maxConnectionsPerIp: int(v) }) },
  { name: 'max.connections.per.ip.overrides', type: ConfigType.STRING, kafkaDefault: '', doc: 'Per-address limits overriding max.connections.per.ip: "address:count,address:count".', problem: overridesProblem, read: (c) => Object.entries(c.connections.maxConnectionsPerIpOverrides).map(([ip, n]) => `${ip}:${n}`).join(','), apply: (c, v) => (c.connections = { ...c.connections, maxConnectionsPerIpOverrides: parsePerIpOverrides(v) }) },
  { name: 'connections.max.idle.ms', type: ConfigType.LONG, kafkaDefault: '600000', min: -1, doc: 'Connections idle for this long are closed; -1: never.', read: (c) => String(c.connections.idleMs), apply: (c, v) => (c.connections = { ...c.connections, idleMs: int(v) }) },
  { name: 'log.retention.ms', type: ConfigType.LONG, kafkaDefault: '604800000', min: -1, rank: 2, doc: 'How long records are kept by default (topic config retention.ms); -1: forever.', read: (c) => String(c.topicDefaults.retentionMs), apply: (c, v) => (c.topicDefaults.retentionMs = int(v)) },
  { name: 'log.retention.minutes', type: ConfigType.INT, kafkaDefault: '10080', rank: 1, doc: 'log.retention.ms in minutes.', apply: (c, v) => (c.topicDefaults.retentionMs = int(v) < 0 ? -1 : int(v) * MINUTE) },
  { name: 'log.retention.hours', type: ConfigType.INT, kafkaDefault: '168', rank: 0, doc: 'log.retention.ms in hours.', apply: (c, v) => (c.topicDefaults.retentionMs = int(v) < 0 ? -1 : int(v) * HOUR) },
  { name: 'log.retention.bytes', type: ConfigType.LONG, kafkaDefault: '-1', min: -1, doc: 'The most bytes a partition keeps by default (topic config retention.bytes); -1: no limit.', read: (c) => String(c.topicDefaults.retentionBytes), apply: (c, v) => (c.topicDefaults.retentionBytes = int(v)) },
  { name: 'log.segment.bytes', type: ConfigType.INT, kafkaDefault: '1073741824', min: 14, doc: 'The size at which a log rolls to a new segment (topic config segment.bytes).', read: (c) => String(c.log.segmentBytes), apply: (c, v) => (c.log = { ...c.log, segmentBytes: int(v) }) },
  { name: 'log.roll.ms', type: ConfigType.LONG, kafkaDefault: '604800000', min: 1, rank: 1, doc: 'The age at which a log rolls to a new segment (topic config segment.ms).', read: (c) => String(c.log.segmentMs), apply: (c, v) => (c.log = { ...c.log, segmentMs: int(v) }) },
  { name: 'log.roll.hours', type: ConfigType.INT, kafkaDefault: '168', min: 1, rank: 0, doc: 'log.roll.ms in hours.', apply: (c, v) => (c.log = { ...c.log, segmentMs: int(v) * HOUR }) },
  { name: 'log.flush.interval.messages', type: ConfigType.LONG, kafkaDefault: '9223372036854775807', min: 1, doc: 'fsync a partition after this many records (topic config flush.messages); by default the OS decides.', read: (c) => (c.log.flushIntervalMessages !== undefined ? String(c.log.flushIntervalMessages) : '9223372036854775807'), apply: (c, v) => (c.log = { ...c.log, flushIntervalMessages: int(v) >= Number.MAX_SAFE_INTEGER ? undefined : int(v) }) },
  { name: 'log.index.interval.bytes', type: ConfigType.INT, kafkaDefault: '4096', min: 0, doc: 'Bytes between two offset index entries (topic config index.interval.bytes).', read: (c) => String(c.log.indexIntervalBytes), apply: (c, v) => (c.log = { ...c.log, indexIntervalBytes: int(v) }) },
  { name: 'log.cleanup.policy', type: ConfigType.LIST, kafkaDefault: 'delete', oneOf: ['compact', 'delete'], doc: 'The default cleanup.policy of topics.', read: (c) => c.topicDefaults.cleanupPolicy, apply: (c, v) => (c.topicDefaults.cleanupPolicy = listItems(v).join(',')) },
  { name: 'log.cleaner.min.compaction.lag.ms', type: ConfigType.LONG, kafkaDefault: '0', min: 0, doc: 'The default min.compaction.lag.ms of topics.', read: (c) => String(c.topicDefaults.minCompactionLagMs), apply: (c, v) => (c.topicDefaults.minCompactionLagMs = int(v)) },
  { name: 'log.cleaner.delete.retention.ms', type: ConfigType.LONG, kafkaDefault: '86400000', min: 0, doc: 'The default delete.retention.ms of topics.', read: (c) => String(c.topicDefaults.deleteRetentionMs), apply: (c, v) => (c.topicDefaults.deleteRetentionMs = int(v)) },
  { name: 'log.cleaner.backoff.ms', type: ConfigType.LONG, kafkaDefault: '15000', min: 0, doc: 'How long the cleaner sleeps when it has no work.', read: (c) => String(c.topicDefaults.cleanerBackoffMs), apply: (c, v) => (c.topicDefaults.cleanerBackoffMs = int(v)) },
  { name: 'log.message.timestamp.type', type: ConfigType.STRING, kafkaDefault: 'CreateTime', oneOf: ['CreateTime', 'LogAppendTime'], doc: 'The default message.timestamp.type of topics.', read: (c) => c.topicDefaults.messageTimestampType, apply: (c, v) => (c.topicDefaults.messageTimestampType = v.trim() as 'CreateTime' | 'LogAppendTime') },
  { name: 'log.retention.check.interval.ms', type: ConfigType.LONG, kafkaDefault: '300000', min: 1, doc: 'How often retention looks for segments to delete.', read: (c) => String(c.topicDefaults.retentionCheckIntervalMs), apply: (c, v) => (c.topicDefaults.retentionCheckIntervalMs = int(v)) },
  { name: 'group.initial.rebalance.delay.ms', type: ConfigType.INT, kafkaDefault: '3000', min: 0, doc: 'How long the first rebalance of an empty group waits for more members.', read: (c) => String(c.groups.initialRebalanceDelayMs), apply: (c, v) => (c.groups = { ...c.groups, initialRebalanceDelayMs: int(v) }) },
  { name: 'group.min.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '6000', min: 0, doc: 'The shortest session timeout a consumer may ask for.', read: (c) => String(c.groups.minSessionTimeoutMs), apply: (c, v) => (c.groups = { ...c.groups, minSessionTimeoutMs: int(v) }) },
  { name: 'group.max.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '1800000', min: 0, doc: 'The longest session timeout a consumer may ask for.', read: (c) => String(c.groups.maxSessionTimeoutMs), apply: (c, v) => (c.groups = { ...c.groups, maxSessionTimeoutMs: int(v) }) },
  { name: 'group.max.size', type: ConfigType.INT, kafkaDefault: '2147483647', min: 1, doc: 'The most members a consumer group may have.', read: (c) => String(c.groups.maxSize), apply: (c, v) => (c.groups = { ...c.groups, maxSize: int(v) }) },
  { name: 'group.consumer.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '45000', min: 1, doc: 'How long a KIP-848 consumer group member may go without a heartbeat.', read: (c) => String(c.consumerGroups.sessionTimeoutMs), apply: (c, v) => (c.consumerGroups = { ...c.consumerGroups, sessionTimeoutMs: int(v) }) },
  { name: 'group.consumer.heartbeat.interval.ms', type: ConfigType.INT, kafkaDefault: '5000', min: 1, doc: 'How often KIP-848 consumer group members heartbeat.', read: (c) => String(c.consumerGroups.heartbeatIntervalMs), apply: (c, v) => (c.consumerGroups = { ...c.consumerGroups, heartbeatIntervalMs: int(v) }) },
  { name: 'group.consumer.max.size', type: ConfigType.INT, kafkaDefault: '2147483647', min: 1, doc: 'The most members a KIP-848 consumer group may have.', read: (c) => String(c.consumerGroups.maxSize), apply: (c, v) => (c.consumerGroups = { ...c.consumerGroups, maxSize: int(v) }) },
  { name: 'group.share.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '45000', min: 1, doc: 'How long a share group member may go without a heartbeat.', read: (c) => String(c.shareGroups.sessionTimeoutMs), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, sessionTimeoutMs: int(v) }) },
  { name: 'group.share.heartbeat.interval.ms', type: ConfigType.INT, kafkaDefault: '5000', min: 1, doc: 'How often share group members heartbeat.', read: (c) => String(c.shareGroups.heartbeatIntervalMs), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, heartbeatIntervalMs: int(v) }) },
  { name: 'group.share.record.lock.duration.ms', type: ConfigType.INT, kafkaDefault: '30000', min: 1, doc: 'How long a record acquired by a share consumer stays locked to it.', read: (c) => String(c.shareGroups.recordLockDurationMs), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, recordLockDurationMs: int(v) }) },
  { name: 'group.share.min.record.lock.duration.ms', type: ConfigType.INT, kafkaDefault: '15000', min: 1, doc: 'The shortest lock duration a share group may set.', read: (c) => String(c.shareGroups.minRecordLockDurationMs), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, minRecordLockDurationMs: int(v) }) },
  { name: 'group.share.max.record.lock.duration.ms', type: ConfigType.INT, kafkaDefault: '60000', min: 1, doc: 'The longest lock duration a share group may set.', read: (c) => String(c.shareGroups.maxRecordLockDurationMs), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, maxRecordLockDurationMs: int(v) }) },
  { name: 'group.share.delivery.count.limit', type: ConfigType.INT, kafkaDefault: '5', min: 2, doc: 'Deliveries after which a share group archives a record.', read: (c) => String(c.shareGroups.deliveryCountLimit), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, deliveryCountLimit: int(v) }) },
  { name: 'group.share.partition.max.record.locks', type: ConfigType.INT, kafkaDefault: '2000', min: 100, doc: 'The most records of one partition a share group may hold acquired at once.', read: (c) => String(c.shareGroups.partitionMaxRecordLocks), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, partitionMaxRecordLocks: int(v) }) },
  { name: 'group.share.max.size', type: ConfigType.INT, kafkaDefault: '200', min: 1, doc: 'The most members a share group may have.', read: (c) => String(c.shareGroups.maxSize), apply: (c, v) => (c.shareGroups = { ...c.shareGroups, maxSize: int(v) }) },
  { name: 'transaction.max.timeout.ms', type: ConfigType.INT, kafkaDefault: '900000', min: 1, doc: 'The longest transaction timeout a producer may ask for.', read: (c) => String(c.transactions.maxTimeoutMs), apply: (c, v) => (c.transactions = { ...c.transactions, maxTimeoutMs: int(v) }) },
  { name: 'transaction.abort.timed.out.transaction.cleanup.interval.ms', type: ConfigType.INT, kafkaDefault: '10000', min: 1, doc: 'How often open transactions are checked for timeouts.', read: (c) => String(c.transactions.abortTimedOutCheckIntervalMs), apply: (c, v) => (c.transactions = { ...c.transactions, abortTimedOutCheckIntervalMs: int(v) }) },
  { name: 'transactional.id.expiration.ms', type: ConfigType.INT, kafkaDefault: '604800000', min: 1, doc: 'How long an idle transactional id is remembered.', read: (c) => String(c.transactions.idExpirationMs), apply: (c, v) => (c.transactions = { ...c.transactions, idExpirationMs: int(v) }) },
];

const BY_NAME = new Map(BROKER_SETTINGS.map((s) => [s.name, s]));

export function brokerSetting(name: string): BrokerSetting | undefined {
  return BY_NAME.get(name);
}

/** One `key=value` of a properties file, with the line it started on. */
export interface PropertyEntry {
  key: string;
  value: string;
  line: number;
}

/**
 * Java's Properties format: `key=value`, `key: value` or `key value`; `#` and `!` start comment
 * lines; a line ending in an odd number of backslashes continues on the next (its leading
 * spaces dropped); `\t \n \r \f \uXXXX` and `\<char>` escapes.
 */
export function parseProperties(text: string): PropertyEntry[] {
  const lines = text.split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = lines[i].replace(/^[ \t\f]+/, '');
    if (logical === '' || logical[0] === '#' || logical[0] === '!') continue;
    while (endsWithContinuation(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, '');
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    const { key, value } = splitKeyValue(logical);
    entries.push({ key: unescape(key), value: unescape(value), line: startLine });
  }
  return entries;
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or white space; separators around it are skipped. */
function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length && !'=: \t\f'.includes(line[i])) i += line[i] === '\\' ? 2 : 1;
  const key = line.slice(0, i);
  while (i < line.length && ' \t\f'.includes(line[i])) i++;
  if (i < line.length && '=:'.includes(line[i])) i++;
  while (i < line.length && ' \t\f'.includes(line[i])) i++;
  return { key, value: line.slice(i) };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
    c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (ESCAPES[c] ?? c),
  );
}

/**
 * `base` with a properties file's settings applied (base itself is left alone). Unknown keys are
 * returned, for a warning (Kafka ignores unknown keys too). Throws an Error naming the line and
 * Kafka's reason for the first bad value.
 */
export function applyBrokerProperties(base: BrokerConfig, text: string, fileName = 'broker.properties'): { config: BrokerConfig; unknown: string[] } {
  const config = resolveConfig({}, base); // fresh nested objects: the setters may write into them
  const unknown: string[] = [];
  const known: { setting: BrokerSetting; entry: PropertyEntry }[] = [];
  for (const entry of parseProperties(text)) {
    const setting = BY_NAME.get(entry.key);
    if (!setting) {
      if (!unknown.includes(entry.key)) unknown.push(entry.key);
      continue;
    }
    const custom = setting.problem?.(entry.value);
    const problem = valueProblem(setting, entry.value) ?? (custom ? `Invalid value ${entry.value} for configuration ${setting.name}: ${custom}` : null);
    if (problem) throw new Error(`${fileName} line ${entry.line}: ${problem}`);
    known.push({ setting, entry });
  }
  // Stable sort: within a rank the file's order holds, so a key given twice takes its last value.
  known.sort((a, b) => (a.setting.rank ?? 0) - (b.setting.rank ?? 0));
  for (const { setting, entry } of known) setting.apply(config, entry.value);
  return { config, unknown };
}

/** applyBrokerProperties on a file; an unreadable file is an Error saying which and why. */
export function loadBrokerProperties(file: string, base: BrokerConfig): { config: BrokerConfig; unknown: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read --config ${file}: ${(err as Error).message}`);
  }
  return applyBrokerProperties(base, text, file);
}
