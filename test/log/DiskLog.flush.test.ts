/**
 * When the disk log fsyncs: every append with flushOnAppend (--flush-on-ack), every N records
 * with flushIntervalMessages (Kafka's flush.messages), otherwise only when a segment is sealed
 * and when the log is closed (which leaves the clean-shutdown marker).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEAN_SHUTDOWN_FILE } from '../../src/log/cleanShutdown';
import { openDiskLog } from '../../src/log/DiskLog';
import { batch, config, removeTempDirs, tempDir } from './helpers';

/** The module object itself (the namespace import's bindings are read-only; they read through to it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsModule = require('node:fs') as typeof fs;

afterEach(() => {
  jest.restoreAllMocks();
  removeTempDirs();
});

/** Appends batches of `perBatch` records and returns how many fdatasync calls each append made. */
function syncsPerAppend(cfg: ReturnType<typeof config>, appends: number, perBatch: number): number[] {
  const log = openDiskLog(tempDir(), cfg);
  const spy = jest.spyOn(fsModule, 'fdatasyncSync');
  const counts: number[] = [];
  for (let i = 0; i < appends; i++) {
    const before = spy.mock.calls.length;
    log.append(batch(perBatch));
    counts.push(spy.mock.calls.length - before);
  }
  spy.mockRestore();
  log.close();
  return counts;
}

describe('DiskLog flushing', () => {
  test('by default appends are not fsynced (the OS writes them back)', () => {
    expect(syncsPerAppend(config(), 5, 2)).toEqual([0, 0, 0, 0, 0]);
  });

  test('flushOnAppend fsyncs every append before it returns', () => {
    expect(syncsPerAppend(config({ flushOnAppend: true }), 4, 2)).toEqual([1, 1, 1, 1]);
  });

  test('flushIntervalMessages fsyncs the append that reaches N records since the last fsync', () => {
    expect(syncsPerAppend(config({ flushIntervalMessages: 5 }), 6, 2)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(syncsPerAppend(config({ flushIntervalMessages: 1 }), 3, 1)).toEqual([1, 1, 1]);
  });

  test('close fsyncs and leaves the clean-shutdown marker, which the next open consumes', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config());
    log.append(batch(3));
    const spy = jest.spyOn(fsModule, 'fdatasyncSync');
    log.close();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(true);
    const again = openDiskLog(dir, config());
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    expect(again.logEndOffset).toBe(3);
    again.close();
  });
});
