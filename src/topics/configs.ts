/** Topic-level configs under Kafka's names. Only the segment settings take effect so far. */
import { LogConfig } from '../log/PartitionLog';

export const TOPIC_CONFIG_NAMES = new Set([
  'cleanup.policy',
  'compression.type',
  'delete.retention.ms',
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'follower.replication.throttled.replicas',
  'index.interval.bytes',
  'leader.replication.throttled.replicas',
  'local.retention.bytes',
  'local.retention.ms',
  'max.compaction.lag.ms',
  'max.message.bytes',
  'message.downconversion.enable',
  'message.format.version',
  'message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.difference.max.ms',
  'message.timestamp.type',
  'min.cleanable.dirty.ratio',
  'min.compaction.lag.ms',
  'min.insync.replicas',
  'preallocate',
  'remote.storage.enable',
  'retention.bytes',
  'retention.ms',
  'segment.bytes',
  'segment.index.bytes',
  'segment.jitter.ms',
  'segment.ms',
  'unclean.leader.election.enable',
]);

/** Integer-valued configs, with the smallest value Kafka accepts. */
const INTEGER_MINIMUMS: Record<string, number> = {
  'segment.bytes': 14,
  'segment.ms': 1,
  'index.interval.bytes': 0,
  'max.message.bytes': 0,
  'min.insync.replicas': 1,
  'retention.ms': -1,
  'retention.bytes': -1,
};

/** Why a config entry is invalid, or null. */
export function topicConfigProblem(name: string, value: string | null): string | null {
  if (!TOPIC_CONFIG_NAMES.has(name)) return `Unknown topic config name: ${name}`;
  const min = INTEGER_MINIMUMS[name];
  if (min !== undefined && value !== null) {
    if (!/^-?\d+$/.test(value)) return `Invalid value ${value} for configuration ${name}: Not a number of type INT/LONG`;
    if (Number(value) < min) return `Invalid value ${value} for configuration ${name}: Value must be at least ${min}`;
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
  };
}
