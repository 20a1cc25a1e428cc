/**
 * The two PartitionLog engines, for the contract tests that every engine must pass. A "place" is
 * where one partition's log lives; open() opens it, or opens it again after close(), finding
 * what was appended before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDiskLog } from '../../src/log/DiskLog';
import { MemoryStorage } from '../../src/log/MemoryStorage';
import { LogConfig, PartitionLog } from '../../src/log/PartitionLog';
import { segmentFiles, tempDir } from './helpers';

export interface LogPlace {
  open(): PartitionLog;
  /** Disk only: leave these bytes after the last batch, as a write cut short by a crash would. */
  tearTail?(bytes: Buffer): void;
}

export interface Engine {
  name: string;
  place(config: LogConfig): LogPlace;
}

export const DISK: Engine = {
  name: 'DiskLog',
  place(config) {
    const dir = tempDir();
    return {
      open: () => openDiskLog(dir, config),
      tearTail(bytes) {
        const logs = segmentFiles(dir, 'log');
        fs.appendFileSync(path.join(dir, logs[logs.length - 1]), bytes);
      },
    };
  },
};

export const MEMORY: Engine = {
  name: 'MemoryLog',
  place(config) {
    const storage = new MemoryStorage();
    return { open: () => storage.open('topic', 0, config) };
  },
};

/** For describe.each / test.each: `%s` is the engine's name. */
export const ENGINES: [string, Engine][] = [DISK, MEMORY].map((e) => [e.name, e]);
