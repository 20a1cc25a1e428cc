/** Partition logs on disk, one directory per partition named `<topic>-<partition>` as Kafka does. */
import * as path from 'node:path';
import type { Logger } from 'pino';
import type { LogStorage } from '../topics/TopicRegistry';
import { deleteDiskLog, openDiskLog } from './DiskLog';
import { LogConfig, PartitionLog } from './PartitionLog';

export class DiskStorage implements LogStorage {
  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {}

  open(topic: string, partition: number, config: LogConfig): PartitionLog {
    return openDiskLog(this.dir(topic, partition), config, this.logger.child({ topic, partition }));
  }

  remove(topic: string, partition: number): void {
    deleteDiskLog(this.dir(topic, partition));
  }

  private dir(topic: string, partition: number): string {
    return path.join(this.dataDir, `${topic}-${partition}`);
  }
}
