/**
 * The log start offset of one partition on disk, in a small file of its own in the partition's
 * directory (Kafka keeps one `log-start-offset-checkpoint` per log dir). It is replaced
 * atomically, so a crash leaves the old or the new offset, never a torn one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fsutil';

const CHECKPOINT_FILE = 'log-start-offset';

/** The checkpointed log start offset, or null when none was ever written (or it is unreadable). */
export function readLogStartCheckpoint(dir: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const offset = Number(text.trim());
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : null;
}

export function writeLogStartCheckpoint(dir: string, offset: number): void {
  writeFileAtomic(path.join(dir, CHECKPOINT_FILE), `${offset}\n`);
}
