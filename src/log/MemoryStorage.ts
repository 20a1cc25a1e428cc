/**
 * Partition logs in memory (MemoryLog). The batches of every partition stay here when its log is
 * closed, so opening it again (a broker restart on the same MemoryVolume) finds them, and their
 * log start offset; remove() forgets them.
 */
import type { LogStorage } from '../topics/TopicRegistry';
import { BatchList, MemoryLog } from './MemoryLog';
import { DEFAULT_LOG_CONFIG, LogConfig, PartitionLog } from './PartitionLog';

export class MemoryStorage implements LogStorage {
  private readonly partitions = new Map<string, BatchList>();

  /** Segments follow segment.bytes and segment.ms as on disk (for retention); nothing is flushed. */
  open(topic: string, partition: number, config: LogConfig = DEFAULT_LOG_CONFIG): PartitionLog {
    const name = `${topic}-${partition}`;
    let data = this.partitions.get(name);
    if (!data) this.partitions.set(name, (data = new BatchList()));
    return new MemoryLog(name, data, config);
  }

  remove(topic: string, partition: number): void {
    this.partitions.delete(`${topic}-${partition}`);
  }

  /** Forget every partition. */
  clear(): void {
    this.partitions.clear();
  }
}
