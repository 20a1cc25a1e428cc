import * as fs from 'node:fs';
import * as path from 'node:path';
import { baseOffsetOf, lastOffsetOf, readRecords } from '../../wire/records';
import { deleteDiskLog, openDiskLog } from '../../src/log/DiskLog';
import { batch, config, recordsOf, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('DiskLog append and read', () => {
  test('a new log is empty and starts at offset 0', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config());
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(0);
    expect(log.sizeInBytes).toBe(0);
    expect(log.read(0, 1024)).toEqual([]);
    expect(log.maxTimestamp()).toBeNull();
    expect(log.offsetForTimestamp(0)).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual([
      '00000000000000000000.index',
      '00000000000000000000.log',
      '00000000000000000000.timeindex',
    ]);
    log.close();
  });

  test('round trip: the batch comes back byte for byte with its assigned offset', () => {
    const log = openDiskLog(tempDir(), config());
    const b = batch(3);
    expect(log.append(b)).toEqual({ baseOffset: 0, lastOffset: 2 });
    const read = log.read(0, 1 << 20);
    expect(read).toHaveLength(1);
    expect(Buffer.compare(read[0], b)).toBe(0);
    expect(recordsOf(read)).toEqual([
      { offset: 0, value: 'v-0' },
      { offset: 1, value: 'v-1' },
      { offset: 2, value: 'v-2' },
    ]);
    expect(log.logEndOffset).toBe(3);
    expect(log.sizeInBytes).toBe(b.length);
    log.close();
  });

  test('offsets are contiguous across many appends', () => {
    const log = openDiskLog(tempDir(), config({ indexIntervalBytes: 256 }));
    let expected = 0;
    for (let i = 0; i < 200; i++) {
      const count = 1 + (i % 7);
      const result = log.append(batch(count, `b${i}`));
      expect(result).toEqual({ baseOffset: expected, lastOffset: expected + count - 1 });
      expected += count;
    }
    expect(log.logEndOffset).toBe(expected);
    const all = log.read(0, 1 << 24);
    expect(all).toHaveLength(200);
    let next = 0;
    for (const b of all) {
      expect(baseOffsetOf(b)).toBe(next);
      next = lastOffsetOf(b) + 1;
    }
    expect(recordsOf(all).map((r) => r.offset)).toEqual([...Array(expected).keys()]);
    log.close();
  });

  test('reading from any offset starts with the batch that holds it', () => {
    const log = openDiskLog(tempDir(), config({ indexIntervalBytes: 100 }));
    for (let i = 0; i < 60; i++) log.append(batch(1 + (i % 4), `b${i}`, { valueBytes: 40 }));
    for (let offset = 0; offset < log.logEndOffset; offset++) {
      const [first] = log.read(offset, 1);
      expect(baseOffsetOf(first)).toBeLessThanOrEqual(offset);
      expect(lastOffsetOf(first)).toBeGreaterThanOrEqual(offset);
    }
    log.close();
  });

  test('maxBytes limits the batches returned, counting whole batches only', () => {
    const log = openDiskLog(tempDir(), config({ indexIntervalBytes: 128 }));
    const sizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const b = batch(2, `b${i}`, { valueBytes: 50 });
      sizes.push(b.length);
      log.append(b);
    }
    const size = sizes[0];
    expect(sizes.every((s) => s === size)).toBe(true);

    expect(log.read(0, size * 3)).toHaveLength(3);
    expect(log.read(0, size * 3 + size - 1)).toHaveLength(3);
    expect(log.read(4, size * 2).map((b) => baseOffsetOf(b))).toEqual([4, 6]);
    const total = log.read(0, 1 << 20).reduce((n, b) => n + b.length, 0);
    expect(total).toBe(size * 20);
    log.close();
  });

  test('the first batch is returned whole even when larger than maxBytes (KIP-74)', () => {
    const log = openDiskLog(tempDir(), config({ indexIntervalBytes: 64 }));
    log.append(batch(1, 'small'));
    const big = batch(5, 'big', { valueBytes: 10_000 });
    log.append(big);
    log.append(batch(1, 'after'));

    const read = log.read(1, 100);
    expect(read).toHaveLength(1);
    expect(read[0].length).toBe(big.length);
    const values = readRecords(read[0]).map((r) => r.value?.toString().slice(0, 5));
    expect(values).toEqual(['big-0', 'big-1', 'big-2', 'big-3', 'big-4']);
    expect(log.read(0, 0)).toHaveLength(1);
    // A large batch after the first one is not taken when it does not fit.
    expect(log.read(0, 1000).map((b) => baseOffsetOf(b))).toEqual([0]);
    log.close();
  });

  test('reading at the log end offset returns nothing; outside the log is an error', () => {
    const log = openDiskLog(tempDir(), config());
    log.append(batch(4));
    expect(log.read(4, 1 << 20)).toEqual([]);
    expect(() => log.read(5, 1 << 20)).toThrow(RangeError);
    expect(() => log.read(-1, 1 << 20)).toThrow(RangeError);
    log.close();
  });

  test('sizeInBytes matches the segment files; flushOnAppend appends as usual', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ flushOnAppend: true, segmentBytes: 2000 }));
    for (let i = 0; i < 30; i++) log.append(batch(3, `b${i}`));
    const onDisk = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    expect(log.sizeInBytes).toBe(onDisk);
    expect(log.logEndOffset).toBe(90);
    log.flush();
    log.close();
  });

  test('append rejects a buffer that is not exactly one batch; a closed log refuses work', () => {
    const log = openDiskLog(tempDir(), config());
    const b = batch(1);
    expect(() => log.append(Buffer.concat([b, b]))).toThrow(/one record batch/);
    expect(log.logEndOffset).toBe(0);
    log.close();
    expect(() => log.append(b)).toThrow(/closed/);
    log.close(); // idempotent
  });

  test('deleteDiskLog removes the partition directory', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ segmentBytes: 200 }));
    for (let i = 0; i < 10; i++) log.append(batch(2));
    log.close();
    deleteDiskLog(dir);
    expect(fs.existsSync(dir)).toBe(false);
    deleteDiskLog(dir); // already gone: no error
  });
});
