/**
 * Per-group configs (the GROUP config resource, KIP-848 / KIP-932): consumer.session.timeout.ms,
 * consumer.heartbeat.interval.ms, share.auto.offset.reset, share.record.lock.duration.ms, ... set
 * with IncrementalAlterConfigs and shown by DescribeConfigs, each over the broker's default.
 *
 * STUB: returns the broker defaults; the store, its file and the config handlers come next.
 */
import type { BrokerConfig } from '../config';
import type { StateVolume } from '../storage/StateVolume';
import type { ShareGroupSettings } from '../share/contracts';

/** A KIP-848 consumer group's effective timing. */
export interface ConsumerGroupSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export class GroupConfigs {
  constructor(
    private readonly config: BrokerConfig,
    private readonly volume: StateVolume | null = null,
  ) {}

  load(): void {
    void this.volume;
  }

  consumerSettings(groupId: string): ConsumerGroupSettings {
    void groupId;
    const { sessionTimeoutMs, heartbeatIntervalMs } = this.config.consumerGroups;
    return { sessionTimeoutMs, heartbeatIntervalMs };
  }

  shareSettings(groupId: string): ShareGroupSettings {
    void groupId;
    const s = this.config.shareGroups;
    return {
      autoOffsetReset: { kind: 'latest' },
      recordLockDurationMs: s.recordLockDurationMs,
      deliveryCountLimit: s.deliveryCountLimit,
      partitionMaxRecordLocks: s.partitionMaxRecordLocks,
      isolationLevel: 'read_uncommitted',
      sessionTimeoutMs: s.sessionTimeoutMs,
      heartbeatIntervalMs: s.heartbeatIntervalMs,
    };
  }

  /** Forget a deleted group's configs. */
  deleteGroup(groupId: string): void {
    void groupId;
  }
}
