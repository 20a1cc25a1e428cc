/**
 * Retention, as Kafka's log manager runs it: every log.retention.check.interval.ms, each
 * partition of each topic whose cleanup.policy includes `delete` loses its oldest closed segments
 * that are past retention.ms (by the segment's largest timestamp) or beyond retention.bytes
 * (Kafka's deleteRetentionMsBreachedSegments / deleteRetentionSizeBreachedSegments). The active
 * segment is never deleted. A pass only unlinks files and shortens in-memory lists, so it never
 * holds up produce or fetch for long.
 */
import type { Logger } from 'pino';
import type { EffectiveTopicConfig } from '../topics/topicConfig';
import type { Partition, TopicRegistry } from '../topics/TopicRegistry';
import type { PartitionLog, SegmentInfo } from './PartitionLog';

/** What one pass deleted from one partition. */
export interface RetentionDeletion {
  topic: string;
  partition: number;
  reason: 'retention.ms' | 'retention.bytes';
  segments: number;
  bytes: number;
  logStartOffset: number;
}

export class RetentionManager {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly topics: TopicRegistry,
    private readonly logger: Logger,
    /** Told of every partition whose log start moved, to forget what lies below it (topics/logStartMoved.ts). */
    private readonly onLogStartMoved: (partition: Partition) => void = () => {},
    private readonly clock: () => number = Date.now,
  ) {}

  /** Run a pass every intervalMs until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.runOnce(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One retention pass over every partition now; returns what it deleted. */
  runOnce(): RetentionDeletion[] {
    const now = this.clock();
    const deletions: RetentionDeletion[] = [];
    for (const topic of this.topics.list()) {
      if (!topic.settings.deleteEnabled || topic.deleted) continue;
      for (const partition of topic.partitions) {
        try {
          const deleted = applyRetention(partition, topic.settings, now);
          if (deleted.length > 0) this.onLogStartMoved(partition);
          deletions.push(...deleted);
        } catch (err) {
          // One unwritable partition must not stop retention for the others; the next pass retries.
          this.logger.warn({ err, topic: topic.name, partition: partition.index }, 'retention could not delete log segments');
        }
      }
    }
    for (const d of deletions) this.logger.info(d, `deleted ${d.segments} log segment(s) past ${d.reason}`);
    return deletions;
  }
}

/** Apply retention.ms, then retention.bytes (−1: off) to one partition. */
export function applyRetention(partition: Partition, settings: EffectiveTopicConfig, now: number): RetentionDeletion[] {
  const log = partition.log;
  const deletions: RetentionDeletion[] = [];
  const record = (reason: RetentionDeletion['reason'], deleted: SegmentInfo[]) => {
    if (deleted.length === 0) return;
    deletions.push({
      topic: partition.topic.name,
      partition: partition.index,
      reason,
      segments: deleted.length,
      bytes: deleted.reduce((n, s) => n + s.sizeInBytes, 0),
      logStartOffset: log.logStartOffset,
    });
  };
  if (settings.retentionMs >= 0) {
    record('retention.ms', log.deleteOldestSegments((s) => now - s.largestTimestamp > settings.retentionMs));
  }
  if (settings.retentionBytes >= 0) record('retention.bytes', deleteBeyondSize(log, settings.retentionBytes));
  return deletions;
}

/** Kafka's rule: delete oldest segments while the log stays at or above retention.bytes without them. */
function deleteBeyondSize(log: PartitionLog, retentionBytes: number): SegmentInfo[] {
  let excess = log.sizeInBytes - retentionBytes;
  return log.deleteOldestSegments((segment) => {
    if (excess - segment.sizeInBytes < 0) return false;
    excess -= segment.sizeInBytes;
    return true;
  });
}
