/**
 * Crash safety of the cleaner's segment swap on disk: each state a crash can leave behind
 * (cleaned file half written, swap decided but not done, indexes already gone) opens to a whole
 * log, old or cleaned, never a mix and never less.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDiskLog } from '../../src/log/DiskLog';
import { cleanLog } from '../../src/log/cleaner/cleanLog';
import { prepareSwap } from '../../src/log/cleaner/segmentSwap';
import { segmentFile } from '../../src/log/segmentFiles';
import type { PartitionLog } from '../../src/log/PartitionLog';
import { buildBatch, readRecords } from '../../wire/records';
import { config, recordingLogger, removeTempDirs, tempDir } from '../log/helpers';

afterEach(removeTempDirs);

const ONE_BATCH_PER_SEGMENT = config({ segmentBytes: 1 });
const T0 = 1_700_000_000_000;

function contents(log: PartitionLog): string[] {
  return log.read(log.logStartOffset, 1 << 24).flatMap((b) => readRecords(b).map((r) => `${r.offset}:${r.key}=${r.value}`));
}

/** A closed log of three segments: [a=1, b=1] [a=2] [b=2 (active)]. */
function threeSegments(): string {
  const dir = tempDir();
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  log.append(buildBatch([{ key: 'a', value: '1', timestamp: T0 }, { key: 'b', value: '1', timestamp: T0 }]));
  log.append(buildBatch([{ key: 'a', value: '2', timestamp: T0 }]));
  log.append(buildBatch([{ key: 'b', value: '2', timestamp: T0 }]));
  log.close();
  return dir;
}

/** The first segment as the cleaner would write it: b=1 only, offsets kept. */
function cleanedFirstSegment(): Buffer[] {
  const dir = threeSegments();
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  cleanLog(log, { now: T0 + 1, minCompactionLagMs: 0, deleteRetentionMs: 0 });
  const batches = log.readSegment(0).map((b) => Buffer.from(b));
  log.close();
  return batches;
}

const ORIGINAL = ['0:a=1', '1:b=1', '2:a=2', '3:b=2'];
const CLEANED = ['1:b=1', '2:a=2', '3:b=2'];

test('a clean swaps the segment in and leaves no temporary files', () => {
  const dir = threeSegments();
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  expect(cleanLog(log, { now: T0 + 1, minCompactionLagMs: 0, deleteRetentionMs: 0 }).segmentsCleaned).toBe(1);
  expect(contents(log)).toEqual(CLEANED);
  log.close();
  expect(fs.readdirSync(dir).filter((f) => /cleaned|swap/.test(f))).toEqual([]);
  expect(fs.existsSync(segmentFile(dir, 0, 'index'))).toBe(true);
});

test('crash while writing the .cleaned file: it is deleted and the original segment is kept', () => {
  const dir = threeSegments();
  const cleaned = Buffer.concat(cleanedFirstSegment());
  fs.writeFileSync(segmentFile(dir, 0, 'log') + '.cleaned', cleaned.subarray(0, cleaned.length - 5));
  const logger = recordingLogger();
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT, logger);
  expect(contents(log)).toEqual(ORIGINAL);
  expect(fs.existsSync(segmentFile(dir, 0, 'log') + '.cleaned')).toBe(false);
  expect(logger.infos.map((i) => i.msg)).toContain('deleting an unfinished cleaned log segment (the original is intact)');
  log.close();
});

test('crash after the .swap rename: opening completes the swap and rebuilds the indexes', () => {
  const dir = threeSegments();
  prepareSwap(dir, 0, cleanedFirstSegment());
  const logger = recordingLogger();
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT, logger);
  expect(contents(log)).toEqual(CLEANED);
  expect(log.offsetForTimestamp(T0)).toEqual({ offset: 1, timestamp: T0 });
  expect(fs.readdirSync(dir).filter((f) => /swap/.test(f))).toEqual([]);
  expect(logger.infos.map((i) => i.msg)).toContain('completing an interrupted swap of a cleaned log segment');
  log.close();
});

test('crash after the old indexes were deleted, before the rename: the swap completes', () => {
  const dir = threeSegments();
  prepareSwap(dir, 0, cleanedFirstSegment());
  fs.rmSync(segmentFile(dir, 0, 'index'));
  fs.rmSync(segmentFile(dir, 0, 'timeindex'));
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  expect(contents(log)).toEqual(CLEANED);
  log.close();
  // And once more: nothing left to recover.
  const again = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  expect(contents(again)).toEqual(CLEANED);
  expect(path.basename(segmentFile(dir, 0, 'log'))).toBe('00000000000000000000.log');
  again.close();
});

test('a damaged closed segment is not cleaned (nothing of it is lost)', () => {
  const dir = threeSegments();
  const file = segmentFile(dir, 0, 'log');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 3] ^= 0xff; // inside the last record: the CRC no longer matches
  fs.writeFileSync(file, bytes);
  const log = openDiskLog(dir, ONE_BATCH_PER_SEGMENT);
  expect(() => cleanLog(log, { now: T0 + 1, minCompactionLagMs: 0, deleteRetentionMs: 0 })).toThrow(/is damaged at position 0: CRC mismatch/);
  log.close();
  expect(fs.readFileSync(file).equals(bytes)).toBe(true);
});
