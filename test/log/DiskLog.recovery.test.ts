import * as fs from 'node:fs';
import * as path from 'node:path';
import { BATCH_LENGTH, CRC, baseOffsetOf } from '../../wire/records';
import { openDiskLog } from '../../src/log/DiskLog';
import { LogConfig } from '../../src/log/PartitionLog';
import { batch, config, recordingLogger, recordsOf, removeTempDirs, segmentFiles, tempDir } from './helpers';

afterEach(removeTempDirs);

const ACTIVE = '00000000000000000000';

/** A closed log in dir with `count` one-record batches; returns the size of each batch. */
function writeLog(dir: string, count: number, cfg: LogConfig = config({ indexIntervalBytes: 200 })): number[] {
  const log = openDiskLog(dir, cfg);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const b = batch(1, `b${i}`, { timestamps: [1000 + i] });
    sizes.push(b.length);
    log.append(b);
  }
  log.close();
  return sizes;
}

function fileSize(dir: string, name: string): number {
  return fs.statSync(path.join(dir, name)).size;
}

describe('DiskLog recovery', () => {
  test.each([
    ['garbage bytes', () => Buffer.from('this is not a record batch at all, just noise')],
    ['half a batch', () => batch(3, 'torn').subarray(0, 40)],
    ['a few bytes', () => Buffer.from([0, 0, 0])],
    ['a batch with a lying length', () => {
      const b = batch(1);
      b.writeInt32BE(0x7f000000, BATCH_LENGTH);
      return b;
    }],
  ])('a torn tail (%s) is cut off at the last good batch', (_name, tail) => {
    const dir = tempDir();
    const sizes = writeLog(dir, 10);
    const goodSize = sizes.reduce((a, b) => a + b, 0);
    fs.appendFileSync(path.join(dir, `${ACTIVE}.log`), tail());

    const logger = recordingLogger();
    const log = openDiskLog(dir, config({ indexIntervalBytes: 200 }), logger);
    expect(log.logEndOffset).toBe(10);
    expect(fileSize(dir, `${ACTIVE}.log`)).toBe(goodSize);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0].obj).toMatchObject({ file: path.join(dir, `${ACTIVE}.log`), position: goodSize });
    expect(typeof logger.warnings[0].obj.reason).toBe('string');

    expect(log.append(batch(1, 'after')).baseOffset).toBe(10);
    expect(recordsOf(log.read(9, 1 << 20)).map((r) => r.value)).toEqual(['b9-0', 'after-0']);
    log.close();
  });

  test('a flipped byte inside the last batch fails its CRC and the batch is cut off', () => {
    const dir = tempDir();
    const sizes = writeLog(dir, 5);
    const file = path.join(dir, `${ACTIVE}.log`);
    const bytes = fs.readFileSync(file);
    const lastStart = bytes.length - sizes[4];
    bytes[bytes.length - 3] ^= 0xff;
    fs.writeFileSync(file, bytes);

    const logger = recordingLogger();
    const log = openDiskLog(dir, config({ indexIntervalBytes: 200 }), logger);
    expect(log.logEndOffset).toBe(4);
    expect(fileSize(dir, `${ACTIVE}.log`)).toBe(lastStart);
    expect(logger.warnings[0].obj).toMatchObject({ position: lastStart });
    expect(String(logger.warnings[0].obj.reason)).toMatch(/CRC/);
    expect(log.append(batch(1)).baseOffset).toBe(4);
    log.close();
  });

  test('damage in the middle of the active segment cuts everything after it', () => {
    const dir = tempDir();
    const sizes = writeLog(dir, 30, config({ indexIntervalBytes: 100_000 }));
    const file = path.join(dir, `${ACTIVE}.log`);
    const bytes = fs.readFileSync(file);
    const at = sizes.slice(0, 12).reduce((a, b) => a + b, 0);
    bytes[at + CRC] ^= 0x01;
    fs.writeFileSync(file, bytes);

    const log = openDiskLog(dir, config({ indexIntervalBytes: 100_000 }));
    expect(log.logEndOffset).toBe(12);
    expect(log.sizeInBytes).toBe(at);
    log.close();
  });

  test('index entries pointing past a truncated .log are dropped and the tail is re-indexed', () => {
    const dir = tempDir();
    const cfg = config({ indexIntervalBytes: 100 });
    const sizes = writeLog(dir, 40, cfg);
    const indexBefore = fs.readFileSync(path.join(dir, `${ACTIVE}.index`));
    const timeIndexBefore = fs.readFileSync(path.join(dir, `${ACTIVE}.timeindex`));
    const keep = sizes.slice(0, 15).reduce((a, b) => a + b, 0);
    fs.truncateSync(path.join(dir, `${ACTIVE}.log`), keep + 10);

    const logger = recordingLogger();
    const log = openDiskLog(dir, cfg, logger);
    expect(log.logEndOffset).toBe(15);
    expect(log.sizeInBytes).toBe(keep);
    const indexAfter = fs.readFileSync(path.join(dir, `${ACTIVE}.index`));
    expect(indexAfter.length).toBeLessThan(indexBefore.length);
    // What is left is exactly what indexing those 15 batches produces.
    expect(Buffer.compare(indexAfter, indexBefore.subarray(0, indexAfter.length))).toBe(0);
    for (let offset = 0; offset < 15; offset++) expect(baseOffsetOf(log.read(offset, 1)[0])).toBe(offset);
    // Time index entries for the lost batches are gone too.
    expect(log.maxTimestamp()).toEqual({ timestamp: 1014, offset: 14 });
    expect(log.offsetForTimestamp(1015)).toBeNull();
    const timeIndexAfter = fs.readFileSync(path.join(dir, `${ACTIVE}.timeindex`));
    expect(Buffer.compare(timeIndexAfter, timeIndexBefore.subarray(0, timeIndexAfter.length))).toBe(0);
    for (let i = 15; i < 40; i++) log.append(batch(1, `b${i}`, { timestamps: [1000 + i] }));
    log.close();
    expect(Buffer.compare(fs.readFileSync(path.join(dir, `${ACTIVE}.index`)), indexBefore)).toBe(0);
    expect(Buffer.compare(fs.readFileSync(path.join(dir, `${ACTIVE}.timeindex`)), timeIndexBefore)).toBe(0);
  });

  test('a torn index entry is cut off and appends stay aligned', () => {
    const dir = tempDir();
    const cfg = config({ indexIntervalBytes: 100 });
    writeLog(dir, 20, cfg);
    const indexFile = path.join(dir, `${ACTIVE}.index`);
    const index = fs.readFileSync(indexFile);
    fs.writeFileSync(indexFile, index.subarray(0, index.length - 3));

    const log = openDiskLog(dir, cfg);
    expect(fs.statSync(indexFile).size % 8).toBe(0);
    for (let i = 20; i < 40; i++) log.append(batch(1, `b${i}`));
    for (let offset = 0; offset < 40; offset++) expect(baseOffsetOf(log.read(offset, 1)[0])).toBe(offset);
    log.close();
  });

  test('missing index files are rebuilt, identical to the originals, for closed and active segments', () => {
    const dir = tempDir();
    const cfg = config({ segmentBytes: 1500, indexIntervalBytes: 150 });
    writeLog(dir, 60, cfg);
    const indexNames = [...segmentFiles(dir, 'index'), ...segmentFiles(dir, 'timeindex')];
    expect(indexNames.length).toBeGreaterThan(4);
    const originals = new Map(indexNames.map((n) => [n, fs.readFileSync(path.join(dir, n))]));
    for (const name of indexNames) fs.rmSync(path.join(dir, name));

    const logger = recordingLogger();
    const log = openDiskLog(dir, cfg, logger);
    expect(logger.warnings).toEqual([]);
    expect(logger.infos.some((i) => /rebuilding/.test(i.msg))).toBe(true);
    for (const name of indexNames) {
      expect(Buffer.compare(fs.readFileSync(path.join(dir, name)), originals.get(name)!)).toBe(0);
    }
    expect(log.logEndOffset).toBe(60);
    expect(log.maxTimestamp()).toEqual({ timestamp: 1059, offset: 59 });
    for (let offset = 0; offset < 60; offset++) expect(baseOffsetOf(log.read(offset, 1)[0])).toBe(offset);
    log.close();
  });

  test('an inconsistent index of a closed segment is rebuilt', () => {
    const dir = tempDir();
    const cfg = config({ segmentBytes: 1500, indexIntervalBytes: 150 });
    writeLog(dir, 60, cfg);
    const first = path.join(dir, `${ACTIVE}.index`);
    const original = fs.readFileSync(first);
    const broken = Buffer.from(original);
    broken.writeInt32BE(0x7fff0000, 4); // a position far past the end of the segment
    fs.writeFileSync(first, broken);

    const log = openDiskLog(dir, cfg);
    expect(Buffer.compare(fs.readFileSync(first), original)).toBe(0);
    for (let offset = 0; offset < 60; offset++) expect(baseOffsetOf(log.read(offset, 1)[0])).toBe(offset);
    log.close();
  });

  test('index files without a .log are deleted on open', () => {
    const dir = tempDir();
    writeLog(dir, 3);
    const orphan = path.join(dir, '00000000000000000100.index');
    fs.writeFileSync(orphan, Buffer.alloc(16, 1));
    const log = openDiskLog(dir, config());
    expect(fs.existsSync(orphan)).toBe(false);
    expect(log.logEndOffset).toBe(3);
    log.close();
  });

  test('an active segment cut to nothing restarts at its base offset', () => {
    const dir = tempDir();
    const cfg = config({ segmentBytes: 300 });
    writeLog(dir, 10, cfg);
    const logs = segmentFiles(dir, 'log');
    const last = logs[logs.length - 1];
    fs.writeFileSync(path.join(dir, last), Buffer.from('garbage'));

    const log = openDiskLog(dir, cfg);
    expect(log.logEndOffset).toBe(Number(last.slice(0, 20)));
    expect(log.append(batch(1)).baseOffset).toBe(Number(last.slice(0, 20)));
    log.close();
  });
});
