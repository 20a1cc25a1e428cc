/**
 * The background log cleaner: every log.cleaner.backoff.ms, each partition of each topic whose
 * cleanup.policy includes `compact` is cleaned (cleanLog.ts). A pass is synchronous per
 * partition, so produce, fetch and retention never see a segment half swapped.
 */
import type { Logger } from 'pino';
import { loadCompressionCodecs } from '../../../wire/compression';
import type { TopicRegistry } from '../../topics/TopicRegistry';
import { CleanStats, cleanLog } from './cleanLog';

export interface PartitionCleaned extends CleanStats {
  topic: string;
  partition: number;
}

export class LogCleaner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PartitionCleaned[]> | null = null;
  /** Set by stop(): a pass waiting for the codecs then does nothing (the logs may be closing). */
  private stopped = false;

  constructor(
    private readonly topics: TopicRegistry,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Run a pass every intervalMs until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    this.stop();
    this.stopped = false;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
  }

  /** One pass over every compacted partition now (joins a pass already running); what it cleaned. */
  runOnce(): Promise<PartitionCleaned[]> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<PartitionCleaned[]> {
    // Cleaned zstd batches are recompressed with zstd, whose encoder loads asynchronously.
    await loadCompressionCodecs();
    if (this.stopped) return [];
    const cleaned: PartitionCleaned[] = [];
    for (const topic of this.topics.list()) {
      if (!topic.settings.compactEnabled || topic.deleted) continue;
      const { minCompactionLagMs, deleteRetentionMs } = topic.settings;
      for (const partition of topic.partitions) {
        try {
          const stats = cleanLog(partition.log, { now: this.clock(), minCompactionLagMs, deleteRetentionMs });
          if (stats.segmentsCleaned > 0) cleaned.push({ topic: topic.name, partition: partition.index, ...stats });
        } catch (err) {
          // One damaged or unwritable partition must not stop the others; the next pass retries.
          this.logger.warn({ err, topic: topic.name, partition: partition.index }, 'the log cleaner could not clean a partition');
        }
      }
    }
    for (const c of cleaned) this.logger.info(c, `cleaned ${c.segmentsCleaned} log segment(s), removing ${c.recordsRemoved} record(s)`);
    return cleaned;
  }
}
