/**
 * Partition logs in memory (MemoryLog). The batches of every partition stay here when its log is
 * closed, so opening it again (a broker restart on the same MemoryVolume) finds them; remove()
 * forgets them.
 */
import type { LogStorage } from '../topics/TopicRegistry';
import { BatchList, MemoryLog } from './MemoryLog';
import type { LogConfig, PartitionLog } from './PartitionLog';

export class MemoryStorage implements LogStorage {
  private readonly partitions = new Map<string, BatchList>();

  /** Segment and flush settings mean nothing here: there are no segments and nothing to flush. */
  open(topic: string, partition: number, _config?: LogConfig): PartitionLog {
    const name = `${topic}-${partition}`;
    let data = this.partitions.get(name);
    if (!data) this.partitions.set(name, (data = new BatchList()));
    return new MemoryLog(name, data);
  }

  remove(topic: string, partition: number): void {
    this.partitions.delete(`${topic}-${partition}`);
  }

  /** Forget every partition. */
  clear(): void {
    this.partitions.clear();
  }
}
