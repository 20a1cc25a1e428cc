/**
 * Where a broker keeps its state besides the partition logs: small files replaced whole
 * (meta.properties, topics.json, groups.json, producer-ids.json) and journals
 * (`__consumer_offsets/offsets.*`, `__transaction_state/transactions.*`). DiskVolume keeps them
 * in the data dir, MemoryVolume in memory. Names are paths relative to the data dir.
 */
import type { JournalCodec, JournalLogger, JournalOptions, RecordJournal } from './Journal';

export interface StateVolume {
  /** The full name of a file, for messages: a path in the data dir, or under ':memory:'. */
  pathOf(name: string): string;
  /** A small file's content, or null when there is no such file. */
  read(name: string): string | null;
  /** Replace a small file atomically: a crash leaves the old or the new content, never a mix. */
  write(name: string, content: string): void;
  /** The journal `<dir>/<name>.journal` and its snapshot `<dir>/<name>.snapshot`, not yet loaded. */
  journal<T>(dir: string, name: string, codec: JournalCodec<T>, options: JournalOptions, logger: JournalLogger): RecordJournal<T>;
}
