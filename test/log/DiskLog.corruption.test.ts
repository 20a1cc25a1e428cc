/**
 * Corrupt bytes found at start in the segments of a log that was not closed cleanly: a damaged
 * batch in a closed segment cuts the partition at the last good batch before it (later segments
 * are deleted) and is reported with file, position and offset; damaged index entries are rebuilt.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_OFFSET, baseOffsetOf, lastOffsetOf } from '../../wire/records';
import { CLEAN_SHUTDOWN_FILE } from '../../src/log/cleanShutdown';
import { openDiskLog } from '../../src/log/DiskLog';
import { batch, config, recordingLogger, recordsOf, removeTempDirs, segmentFiles, tempDir } from './helpers';

afterEach(removeTempDirs);

const CFG = config({ segmentBytes: 1500, indexIntervalBytes: 150 });
const COUNT = 100;

/** A log of COUNT one-record batches over several segments, left as a crash leaves it (no marker). */
function writeCrashedLog(dir: string): void {
  const log = openDiskLog(dir, CFG);
  for (let i = 0; i < COUNT; i++) log.append(batch(1, `b${i}`, { timestamps: [1000 + i] }));
  log.close();
  fs.rmSync(path.join(dir, CLEAN_SHUTDOWN_FILE));
}

/** Start position and base offset of every batch of a segment file. */
function batchesOf(file: string): { start: number; size: number; offset: number }[] {
  const bytes = fs.readFileSync(file);
  const out = [];
  for (let pos = 0; pos < bytes.length; pos += 12 + bytes.readInt32BE(pos + 8)) {
    out.push({ start: pos, size: 12 + bytes.readInt32BE(pos + 8), offset: baseOffsetOf(bytes, pos) });
  }
  return out;
}

function flipByte(file: string, position: number, mask = 0x01): void {
  const bytes = fs.readFileSync(file);
  bytes[position] ^= mask;
  fs.writeFileSync(file, bytes);
}

function values(log: ReturnType<typeof openDiskLog>): string[] {
  return recordsOf(log.read(log.logStartOffset, 1 << 20)).map((r) => r.value);
}

const expectedValues = (upTo: number) => Array.from({ length: upTo }, (_, i) => `b${i}-0`);

describe('DiskLog: corrupt closed segments at start', () => {
  test.each([
    ['the first batch', () => 0],
    ['a middle batch', (n: number) => Math.floor(n / 2)],
    ['the last batch', (n: number) => n - 1],
  ])('a flipped bit in %s of a closed segment cuts the partition there and deletes later segments', (_name, pick) => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const logs = segmentFiles(dir, 'log');
    expect(logs.length).toBeGreaterThanOrEqual(4);
    const damagedName = logs[1];
    const damaged = path.join(dir, damagedName);
    const batches = batchesOf(damaged);
    const bad = batches[pick(batches.length)];
    flipByte(damaged, bad.start + bad.size - 2); // a record byte, covered by the CRC

    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0].obj).toMatchObject({ file: damaged, position: bad.start, offset: bad.offset });
    expect(String(logger.errors[0].obj.reason)).toMatch(/CRC/);
    expect(logger.errors[0].obj.deletedSegments).toEqual(logs.slice(2).map((n) => path.join(dir, n)));
    expect(logger.errors[0].msg).toMatch(/corrupt/);

    expect(log.logEndOffset).toBe(bad.offset);
    expect(segmentFiles(dir, 'log')).toEqual(logs.slice(0, 2));
    expect(segmentFiles(dir, 'index')).toEqual(logs.slice(0, 2).map((n) => n.replace('.log', '.index')));
    expect(fs.statSync(damaged).size).toBe(bad.start);
    expect(values(log)).toEqual(expectedValues(bad.offset));
    expect(log.maxTimestamp()).toEqual({ timestamp: 1000 + bad.offset - 1, offset: bad.offset - 1 });

    // Appends continue right after the last good batch, and it all survives a clean restart.
    expect(log.append(batch(1, 'after')).baseOffset).toBe(bad.offset);
    log.close();
    const again = openDiskLog(dir, CFG, recordingLogger());
    expect(values(again)).toEqual([...expectedValues(bad.offset), 'after-0']);
    again.close();
  });

  test('damage in the very first batch of the log leaves an empty log at offset 0', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const first = path.join(dir, segmentFiles(dir, 'log')[0]);
    flipByte(first, 30);
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors[0].obj).toMatchObject({ file: first, position: 0, offset: 0 });
    expect([log.logStartOffset, log.logEndOffset]).toEqual([0, 0]);
    expect(segmentFiles(dir, 'log')).toEqual(['00000000000000000000.log']);
    expect(log.append(batch(1)).baseOffset).toBe(0);
    log.close();
  });

  test('a base offset changed on disk (not covered by the CRC) is caught by the offset order', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const logs = segmentFiles(dir, 'log');
    const damaged = path.join(dir, logs[1]);
    const bad = batchesOf(damaged)[3];
    flipByte(damaged, bad.start + BASE_OFFSET + 3, 0x40); // moves it 64 offsets down or up
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors[0].obj).toMatchObject({ file: damaged, position: bad.start, offset: bad.offset });
    expect(String(logger.errors[0].obj.reason)).toMatch(/offset/);
    expect(log.logEndOffset).toBe(bad.offset);
    expect(values(log)).toEqual(expectedValues(bad.offset));
    log.close();
  });

  test('a broken batch header (length field) in a closed segment cuts there too', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const logs = segmentFiles(dir, 'log');
    const damaged = path.join(dir, logs[2]);
    const bad = batchesOf(damaged)[2];
    flipByte(damaged, bad.start + 8, 0x10); // batchLength's high byte
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors[0].obj).toMatchObject({ file: damaged, position: bad.start, offset: bad.offset });
    expect(log.logEndOffset).toBe(bad.offset);
    expect(segmentFiles(dir, 'log')).toEqual(logs.slice(0, 3));
    expect(values(log)).toEqual(expectedValues(bad.offset));
    log.close();
  });

  test.each([
    ['offset index: an entry names another offset', 'index', 3, 0x02],
    ['offset index: an entry names another position', 'index', 7, 0x04],
    ['time index: an entry has another timestamp', 'timeindex', 7, 0x01],
  ])('%s: the indexes are rebuilt as they were, nothing is cut', (_name, kind, byte, mask) => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const file = path.join(dir, segmentFiles(dir, kind)[1]);
    const original = fs.readFileSync(file);
    expect(original.length).toBeGreaterThan(12);
    flipByte(file, byte, mask);

    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors).toEqual([]);
    expect(logger.warnings.map((w) => [w.obj.file, w.msg])).toEqual([[file.replace(/\.\w+$/, '.log'), expect.stringMatching(/index/)]]);
    expect(Buffer.compare(fs.readFileSync(file), original)).toBe(0);
    expect(log.logEndOffset).toBe(COUNT);
    for (let offset = 0; offset < COUNT; offset++) expect(baseOffsetOf(log.read(offset, 1)[0])).toBe(offset);
    for (let offset = 0; offset < COUNT; offset++) expect(log.offsetForTimestamp(1000 + offset)?.offset).toBe(offset);
    log.close();
  });

  test('damage before the last index entry of the active segment is found after a crash too', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const logs = segmentFiles(dir, 'log');
    const active = path.join(dir, logs[logs.length - 1]);
    const batches = batchesOf(active);
    expect(batches.length).toBeGreaterThan(4);
    const bad = batches[1];
    flipByte(active, bad.start + bad.size - 2);
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(log.logEndOffset).toBe(bad.offset);
    expect(logger.warnings[0].obj).toMatchObject({ file: active, position: bad.start, offset: bad.offset });
    expect(values(log)).toEqual(expectedValues(bad.offset));
    log.close();
  });

  test('after a clean shutdown closed segments are trusted as they are (no verification cost)', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    fs.writeFileSync(path.join(dir, CLEAN_SHUTDOWN_FILE), '');
    const damaged = path.join(dir, segmentFiles(dir, 'log')[1]);
    const bad = batchesOf(damaged)[2];
    flipByte(damaged, bad.start + bad.size - 2);
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors).toEqual([]);
    expect(log.logEndOffset).toBe(COUNT);
    // The marker is consumed at open: a crash from here on is seen at the next start.
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    log.close();
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(true);
  });

  test('a crash while deleting later segments, before cutting the damaged one finds the same cut again', () => {
    const dir = tempDir();
    writeCrashedLog(dir);
    const logs = segmentFiles(dir, 'log');
    const damaged = path.join(dir, logs[1]);
    const bad = batchesOf(damaged)[4];
    flipByte(damaged, bad.start + bad.size - 2);
    for (const name of logs.slice(3)) fs.rmSync(path.join(dir, name)); // some deletions happened, the cut did not
    const logger = recordingLogger();
    const log = openDiskLog(dir, CFG, logger);
    expect(logger.errors[0].obj).toMatchObject({ file: damaged, position: bad.start, offset: bad.offset });
    expect(log.logEndOffset).toBe(bad.offset);
    expect(lastOffsetOf(log.read(bad.offset - 1, 1)[0])).toBe(bad.offset - 1);
    log.close();
  });
});
