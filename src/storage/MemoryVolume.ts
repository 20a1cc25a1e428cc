/**
 * Everything an in-memory broker keeps: its state files, its journals and its partition logs,
 * and nothing on disk. A MemoryVolume outlives the Broker using it, so a broker started again
 * on the same volume (startBroker's restart()) finds its topics, records, offsets, producers and
 * transactions as a disk restart would. One volume serves one running broker at a time: give
 * every broker its own, and clear() it when done.
 */
import { MemoryStorage } from '../log/MemoryStorage';
import type { JournalCodec, JournalOptions, RecordJournal } from './Journal';
import { JournalContents, MemoryJournal } from './MemoryJournal';
import type { StateVolume } from './StateVolume';

/** The data dir an in-memory broker reports. */
export const IN_MEMORY_DATA_DIR = ':memory:';

export class MemoryVolume implements StateVolume {
  /** The partition logs. */
  readonly logs = new MemoryStorage();
  private readonly files = new Map<string, string>();
  private readonly journals = new Map<string, JournalContents>();
  private inUse = false;

  pathOf(name: string): string {
    return `${IN_MEMORY_DATA_DIR}/${name}`;
  }

  read(name: string): string | null {
    return this.files.get(name) ?? null;
  }

  write(name: string, content: string): void {
    this.files.set(name, content);
  }

  journal<T>(dir: string, name: string, codec: JournalCodec<T>, options: JournalOptions): RecordJournal<T> {
    const key = `${dir}/${name}`;
    let contents = this.journals.get(key);
    if (!contents) this.journals.set(key, (contents = new JournalContents()));
    return new MemoryJournal(this.pathOf(`${key}.journal`), this.pathOf(`${key}.snapshot`), contents, codec, options);
  }

  /** Taken by a broker while it runs, so that two running brokers never share one volume. */
  claim(): void {
    if (this.inUse) {
      throw new Error('minikafka: this MemoryVolume is in use by a running broker; stop that broker first, or give each broker its own MemoryVolume');
    }
    this.inUse = true;
  }

  release(): void {
    this.inUse = false;
  }

  /** Forget everything, freeing the memory. */
  clear(): void {
    this.files.clear();
    this.journals.clear();
    this.logs.clear();
  }
}
