/**
 * What a topic's configs mean to the broker: the topic's own settings over the broker's defaults
 * (Kafka's log.* settings), parsed once. Retention, the cleaner and Produce read this, never the
 * raw strings.
 */

/** Broker-wide defaults for topic configs, under Kafka's broker setting names. */
export interface TopicDefaults {
  /** log.retention.ms (Kafka: 168 hours); −1 keeps forever. */
  retentionMs: number;
  /** log.retention.bytes per partition; −1: no limit. */
  retentionBytes: number;
  /** log.cleanup.policy. */
  cleanupPolicy: string;
  /** log.cleaner.min.compaction.lag.ms. */
  minCompactionLagMs: number;
  /** log.cleaner.delete.retention.ms: how long tombstones survive cleaning. */
  deleteRetentionMs: number;
  /** log.message.timestamp.type. */
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** log.retention.check.interval.ms: how often retention runs. */
  retentionCheckIntervalMs: number;
  /** log.cleaner.backoff.ms: how often the cleaner looks for work. */
  cleanerBackoffMs: number;
}

export const DEFAULT_TOPIC_DEFAULTS: TopicDefaults = {
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  cleanupPolicy: 'delete',
  minCompactionLagMs: 0,
  deleteRetentionMs: 24 * 60 * 60 * 1000,
  messageTimestampType: 'CreateTime',
  retentionCheckIntervalMs: 5 * 60 * 1000,
  cleanerBackoffMs: 15 * 1000,
};

export interface EffectiveTopicConfig {
  retentionMs: number;
  retentionBytes: number;
  /** cleanup.policy contains delete: segments go by retention. */
  deleteEnabled: boolean;
  /** cleanup.policy contains compact: the cleaner keeps the latest record per key. */
  compactEnabled: boolean;
  minCompactionLagMs: number;
  deleteRetentionMs: number;
  /** max.message.bytes (broker: message.max.bytes): the largest batch accepted. */
  maxMessageBytes: number;
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
}

export function effectiveTopicConfig(
  defaults: TopicDefaults,
  messageMaxBytes: number,
  configs: Readonly<Record<string, string>>,
): EffectiveTopicConfig {
  const num = (name: string, fallback: number): number => (configs[name] !== undefined ? Number(configs[name]) : fallback);
  const policy = (configs['cleanup.policy'] ?? defaults.cleanupPolicy).split(',').map((p) => p.trim().toLowerCase());
  const timestampType = configs['message.timestamp.type'] ?? defaults.messageTimestampType;
  return {
    retentionMs: num('retention.ms', defaults.retentionMs),
    retentionBytes: num('retention.bytes', defaults.retentionBytes),
    deleteEnabled: policy.includes('delete'),
    compactEnabled: policy.includes('compact'),
    minCompactionLagMs: num('min.compaction.lag.ms', defaults.minCompactionLagMs),
    deleteRetentionMs: num('delete.retention.ms', defaults.deleteRetentionMs),
    maxMessageBytes: num('max.message.bytes', messageMaxBytes),
    messageTimestampType: timestampType === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
  };
}
