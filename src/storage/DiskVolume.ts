/** State in the data dir: the files and journals exactly as minikafka has always written them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fsutil';
import { Journal, JournalCodec, JournalLogger, JournalOptions, RecordJournal } from './Journal';
import type { StateVolume } from './StateVolume';

export class DiskVolume implements StateVolume {
  /** The data dir must exist (openStores creates it). */
  constructor(readonly dataDir: string) {}

  pathOf(name: string): string {
    return path.join(this.dataDir, name);
  }

  read(name: string): string | null {
    try {
      return fs.readFileSync(this.pathOf(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  write(name: string, content: string): void {
    writeFileAtomic(this.pathOf(name), content);
  }

  journal<T>(dir: string, name: string, codec: JournalCodec<T>, options: JournalOptions, logger: JournalLogger): RecordJournal<T> {
    return new Journal(this.pathOf(dir), name, codec, options, logger);
  }
}

/** A data dir given as a path means that directory on disk (how tests and tools build the stores). */
export function volumeAt(where: StateVolume | string): StateVolume {
  return typeof where === 'string' ? new DiskVolume(where) : where;
}
