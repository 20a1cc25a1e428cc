/**
 * The clean-shutdown marker of one partition directory, in the spirit of Kafka's
 * `.kafka_cleanshutdown` (one per log dir there). It is written when the log is closed after its
 * last fsync and removed when the log is opened, so finding it at open means the previous run
 * ended cleanly; without it, every segment is verified (CRCs, offsets, index entries).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDir } from '../fsutil';

export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown';

/** Whether the marker was there; it is gone (durably) afterwards, so a crash from now on is seen. */
export function takeCleanShutdownMarker(dir: string): boolean {
  const file = path.join(dir, CLEAN_SHUTDOWN_FILE);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file, { force: true });
  fsyncDir(dir);
  return true;
}

/** After everything in dir is fsynced. */
export function writeCleanShutdownMarker(dir: string): void {
  fs.writeFileSync(path.join(dir, CLEAN_SHUTDOWN_FILE), '');
}
