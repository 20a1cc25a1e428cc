/**
 * Swapping a cleaned segment in place of the old one on disk, crash-safe as Kafka does it:
 *
 *   1. the cleaned batches go to `<base>.log.cleaned`, which is fsynced;
 *   2. it is renamed `<base>.log.swap` and the directory fsynced: from here the swap is decided;
 *   3. the old segment's index files are deleted and `.swap` is renamed over `<base>.log`;
 *      the indexes are rebuilt from the new .log when the segment is opened again.
 *
 * On open, recoverSwaps() finishes what a crash interrupted: a `.cleaned` file is an unfinished
 * clean and is deleted (the old segment is still whole); a `.swap` file is a finished clean and
 * completes step 3. Either way no record is lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDir } from '../../fsutil';
import { appendAll } from '../fileio';
import { segmentFile } from '../segmentFiles';

export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';

const LEFTOVER = /^(\d{20})\.log\.(cleaned|swap)$/;

/** Steps 1 and 2: after this returns, the cleaned segment survives a crash. */
export function prepareSwap(dir: string, baseOffset: number, batches: Buffer[]): void {
  const log = segmentFile(dir, baseOffset, 'log');
  const cleaned = log + CLEANED_SUFFIX;
  const fd = fs.openSync(cleaned, 'w');
  try {
    for (const batch of batches) appendAll(fd, batch);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(cleaned, log + SWAP_SUFFIX);
  fsyncDir(dir);
}

/** Step 3 (the old segment must be closed): the cleaned .log replaces the old one, indexes go. */
export function completeSwap(dir: string, baseOffset: number): void {
  const log = segmentFile(dir, baseOffset, 'log');
  fs.rmSync(segmentFile(dir, baseOffset, 'index'), { force: true });
  fs.rmSync(segmentFile(dir, baseOffset, 'timeindex'), { force: true });
  fs.renameSync(log + SWAP_SUFFIX, log);
  fsyncDir(dir);
}

/** At open, before the segments are listed: finish or undo swaps a crash interrupted. */
export function recoverSwaps(dir: string, logger: { info(obj: object, msg: string): void }): void {
  for (const name of fs.readdirSync(dir)) {
    const match = LEFTOVER.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    if (match[2] === 'cleaned') {
      logger.info({ file }, 'deleting an unfinished cleaned log segment (the original is intact)');
      fs.rmSync(file, { force: true });
    } else {
      logger.info({ file }, 'completing an interrupted swap of a cleaned log segment');
      completeSwap(dir, Number(match[1]));
    }
  }
}
