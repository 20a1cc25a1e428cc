/**
 * Per-group configs (the GROUP config resource, KIP-848 / KIP-932): consumer.session.timeout.ms,
 * consumer.heartbeat.interval.ms, share.auto.offset.reset, share.record.lock.duration.ms, ... set
 * with IncrementalAlterConfigs (or AlterConfigs) and shown by DescribeConfigs, each over the
 * broker's default (its group.* setting). Kept in `group-configs.json` in the data dir (or the
 * MemoryVolume), replaced whole on every change. Validation follows Kafka's GroupConfig: the
 * ConfigDef types and minimums, then the broker's bounds, then session timeout > heartbeat.
 */
import type { BrokerConfig } from '../config';
import type { ShareAutoOffsetReset, ShareGroupSettings } from '../share/contracts';
import type { StateVolume } from '../storage/StateVolume';
import { ConfigSource, ConfigType, DescribedConfig, TopicConfigSpec, valueProblem } from '../topics/configs';

/** A KIP-848 consumer group's effective timing. */
export interface ConsumerGroupSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

interface GroupConfigSpec extends TopicConfigSpec {
  /** This broker's value of the broker setting (the group's default here). */
  brokerValue(config: BrokerConfig): string;
  /** The broker's bounds on an override (Kafka's group.*.min/max settings). */
  bounds?(config: BrokerConfig): { min: number; max: number };
  /** A check beyond the ConfigDef's type and minimum: Kafka's message, or null. */
  check?(value: string): string | null;
}

/** Kafka's defaults of the consumer and share group session and heartbeat bounds. */
const KAFKA_SESSION_BOUNDS = { min: 45000, max: 60000 };
const KAFKA_HEARTBEAT_BOUNDS = { min: 5000, max: 15000 };
/** Kafka's bounds, widened to hold this broker's own default (the --dev preset goes below Kafka's minimum). */
const around = (bounds: { min: number; max: number }, own: number) => ({ min: Math.min(bounds.min, own), max: Math.max(bounds.max, own) });

const SPECS: readonly GroupConfigSpec[] = [
  {
    name: 'consumer.heartbeat.interval.ms', type: ConfigType.INT, kafkaDefault: '5000', brokerSetting: 'group.consumer.heartbeat.interval.ms', min: 1,
    brokerValue: (c) => String(c.consumerGroups.heartbeatIntervalMs),
    bounds: (c) => around(KAFKA_HEARTBEAT_BOUNDS, c.consumerGroups.heartbeatIntervalMs),
    doc: 'How often members of this consumer group (KIP-848) heartbeat.',
  },
  {
    name: 'consumer.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '45000', brokerSetting: 'group.consumer.session.timeout.ms', min: 1,
    brokerValue: (c) => String(c.consumerGroups.sessionTimeoutMs),
    bounds: (c) => around(KAFKA_SESSION_BOUNDS, c.consumerGroups.sessionTimeoutMs),
    doc: 'A member of this consumer group (KIP-848) that does not heartbeat for this long is removed.',
  },
  {
    name: 'share.auto.offset.reset', type: ConfigType.STRING, kafkaDefault: 'latest',
    brokerValue: () => 'latest',
    check: shareAutoOffsetResetProblem,
    doc: 'Where a share-partition starts when the group first reads it: earliest, latest, or by_duration:<ISO-8601 duration> (PnDTnHnMn.nS) before now.',
  },
  {
    name: 'share.delivery.count.limit', type: ConfigType.INT, kafkaDefault: '5', brokerSetting: 'group.share.delivery.count.limit', min: 2,
    brokerValue: (c) => String(c.shareGroups.deliveryCountLimit),
    bounds: (c) => ({ min: c.shareGroups.minDeliveryCountLimit, max: c.shareGroups.maxDeliveryCountLimit }),
    doc: 'Deliveries of a record to this share group after which it is archived instead of delivered again.',
  },
  {
    name: 'share.heartbeat.interval.ms', type: ConfigType.INT, kafkaDefault: '5000', brokerSetting: 'group.share.heartbeat.interval.ms', min: 1,
    brokerValue: (c) => String(c.shareGroups.heartbeatIntervalMs),
    bounds: (c) => around(KAFKA_HEARTBEAT_BOUNDS, c.shareGroups.heartbeatIntervalMs),
    doc: 'How often members of this share group heartbeat.',
  },
  {
    name: 'share.isolation.level', type: ConfigType.STRING, kafkaDefault: 'read_uncommitted', oneOf: ['read_committed', 'read_uncommitted'],
    brokerValue: () => 'read_uncommitted',
    doc: 'read_committed delivers transactional records only once committed (never aborted ones); read_uncommitted delivers all.',
  },
  {
    name: 'share.record.lock.duration.ms', type: ConfigType.INT, kafkaDefault: '30000', brokerSetting: 'group.share.record.lock.duration.ms', min: 1000,
    brokerValue: (c) => String(c.shareGroups.recordLockDurationMs),
    bounds: (c) => ({ min: c.shareGroups.minRecordLockDurationMs, max: c.shareGroups.maxRecordLockDurationMs }),
    doc: 'How long a record acquired by a member of this share group stays locked to it before it can be delivered again.',
  },
  {
    name: 'share.session.timeout.ms', type: ConfigType.INT, kafkaDefault: '45000', brokerSetting: 'group.share.session.timeout.ms', min: 1,
    brokerValue: (c) => String(c.shareGroups.sessionTimeoutMs),
    bounds: (c) => around(KAFKA_SESSION_BOUNDS, c.shareGroups.sessionTimeoutMs),
    doc: 'A member of this share group that does not heartbeat for this long is removed.',
  },
];

export const GROUP_CONFIGS: ReadonlyMap<string, GroupConfigSpec> = new Map(SPECS.map((s) => [s.name, s]));

/** Session timeouts must exceed their heartbeat intervals (each value: the group's, else the broker's). */
const SESSION_OVER_HEARTBEAT: readonly [session: string, heartbeat: string][] = [
  ['consumer.session.timeout.ms', 'consumer.heartbeat.interval.ms'],
  ['share.session.timeout.ms', 'share.heartbeat.interval.ms'],
];

const FILE = 'group-configs.json';

export class GroupConfigs {
  private readonly groups = new Map<string, Record<string, string>>();

  constructor(
    private readonly config: BrokerConfig,
    private readonly volume: StateVolume | null = null,
  ) {}

  load(): void {
    const content = this.volume?.read(FILE);
    if (!content) return;
    const stored = JSON.parse(content) as { groups: Record<string, Record<string, string>> };
    for (const [groupId, configs] of Object.entries(stored.groups ?? {})) {
      // Keep what still parses; values outside bounds tightened since (a start without --dev) stay, as Kafka keeps them.
      const valid = Object.fromEntries(Object.entries(configs).filter(([name, value]) => this.entryProblem(name, value, false) === null));
      if (Object.keys(valid).length > 0) this.groups.set(groupId, valid);
    }
  }

  /** The group's own configs (its overrides). */
  configsOf(groupId: string): Record<string, string> {
    return { ...(this.groups.get(groupId) ?? {}) };
  }

  /** Why these overrides (a group's whole set) are invalid, in Kafka's words, or null. */
  problem(configs: Readonly<Record<string, string | null>>): string | null {
    for (const [name, value] of Object.entries(configs)) {
      if (value === null) continue;
      const problem = this.entryProblem(name, value);
      if (problem) return problem;
    }
    for (const [session, heartbeat] of SESSION_OVER_HEARTBEAT) {
      if (configs[session] == null && configs[heartbeat] == null) continue;
      const effective = (name: string) => Number(configs[name] ?? GROUP_CONFIGS.get(name)!.brokerValue(this.config));
      if (effective(session) <= effective(heartbeat)) return `${session} must be greater than ${heartbeat}`;
    }
    return null;
  }

  /** Replace the group's configs (already validated); an empty set removes them. Durable before it returns. */
  replace(groupId: string, configs: Record<string, string>): void {
    if (Object.keys(configs).length === 0) this.groups.delete(groupId);
    else this.groups.set(groupId, { ...configs });
    this.save();
  }

  /**
   * Every group config with its value for the group and where it comes from (DescribeConfigs): as
   * Kafka's ConfigHelper, the group's own value (GROUP_CONFIG) or the broker's default (DEFAULT_CONFIG).
   */
  describe(groupId: string): DescribedConfig[] {
    const own = this.groups.get(groupId) ?? {};
    return SPECS.map((spec) => {
      const value = own[spec.name] ?? spec.brokerValue(this.config);
      const source = own[spec.name] !== undefined ? ConfigSource.GROUP_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return { name: spec.name, value, source, synonyms: [{ name: spec.name, value, source }], type: spec.type, doc: spec.doc };
    });
  }

  consumerSettings(groupId: string): ConsumerGroupSettings {
    const own = this.groups.get(groupId) ?? {};
    const { sessionTimeoutMs, heartbeatIntervalMs } = this.config.consumerGroups;
    return {
      sessionTimeoutMs: intOr(own['consumer.session.timeout.ms'], sessionTimeoutMs),
      heartbeatIntervalMs: intOr(own['consumer.heartbeat.interval.ms'], heartbeatIntervalMs),
    };
  }

  shareSettings(groupId: string): ShareGroupSettings {
    const own = this.groups.get(groupId) ?? {};
    const s = this.config.shareGroups;
    return {
      autoOffsetReset: parseShareAutoOffsetReset(own['share.auto.offset.reset'] ?? 'latest') ?? { kind: 'latest' },
      recordLockDurationMs: intOr(own['share.record.lock.duration.ms'], s.recordLockDurationMs),
      deliveryCountLimit: intOr(own['share.delivery.count.limit'], s.deliveryCountLimit),
      partitionMaxRecordLocks: s.partitionMaxRecordLocks,
      isolationLevel: own['share.isolation.level'] === 'read_committed' ? 'read_committed' : 'read_uncommitted',
      sessionTimeoutMs: intOr(own['share.session.timeout.ms'], s.sessionTimeoutMs),
      heartbeatIntervalMs: intOr(own['share.heartbeat.interval.ms'], s.heartbeatIntervalMs),
    };
  }

  /** Forget a deleted group's configs. */
  deleteGroup(groupId: string): void {
    if (this.groups.delete(groupId)) this.save();
  }

  private entryProblem(name: string, value: string, checkBounds = true): string | null {
    const spec = GROUP_CONFIGS.get(name);
    if (!spec) return `Unknown group config name: ${name}`;
    const invalid = valueProblem(spec, value) ?? spec.check?.(value) ?? null;
    if (invalid || !spec.bounds || !checkBounds) return invalid;
    const { min, max } = spec.bounds(this.config);
    const n = Number(value.trim());
    return n < min || n > max ? `${name} must be in the range ${min} to ${max} inclusive.` : null;
  }

  private save(): void {
    if (!this.volume) return;
    const groups = Object.fromEntries([...this.groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.volume.write(FILE, JSON.stringify({ version: 1, groups }, null, 2));
  }
}

function intOr(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value.trim());
}

function shareAutoOffsetResetProblem(value: string): string | null {
  if (parseShareAutoOffsetReset(value)) return null;
  return (
    `Invalid value ${value} for configuration share.auto.offset.reset: Invalid value \`${value}\` for configuration share.auto.offset.reset. ` +
    "The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS.>'."
  );
}

/** share.auto.offset.reset as Kafka's ShareGroupAutoOffsetResetStrategy reads it, or null if invalid. */
export function parseShareAutoOffsetReset(value: string): ShareAutoOffsetReset | null {
  if (value === 'latest') return { kind: 'latest' };
  if (value === 'earliest') return { kind: 'earliest' };
  if (!value.startsWith('by_duration:')) return null;
  const durationMs = parseIsoDurationMs(value.slice('by_duration:'.length));
  return durationMs === null || durationMs < 0 ? null : { kind: 'by_duration', durationMs };
}

/** Java's Duration.parse (PnDTnHnMn.nS, signs allowed per part and in front), in ms; null if it does not parse. */
export function parseIsoDurationMs(text: string): number | null {
  const m = /^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i.exec(text);
  if (!m) return null;
  const [, sign, days, t, hours, minutes, seconds, fraction] = m;
  if (days === undefined && t === undefined) return null;
  if (t !== undefined && hours === undefined && minutes === undefined && seconds === undefined) return null;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  const secondsSign = seconds?.startsWith('-') ? -1 : 1;
  const fractionMs = fraction ? secondsSign * Math.floor(Number(fraction.padEnd(9, '0')) / 1e6) : 0;
  const ms = ((n(days) * 24 + n(hours)) * 60 + n(minutes)) * 60_000 + n(seconds) * 1000 + fractionMs;
  return sign === '-' ? -ms : ms;
}
