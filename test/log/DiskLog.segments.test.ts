import * as fs from 'node:fs';
import * as path from 'node:path';
import { baseOffsetOf, lastOffsetOf } from '../../wire/records';
import { openDiskLog } from '../../src/log/DiskLog';
import { batch, config, recordsOf, removeTempDirs, segmentFiles, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('DiskLog segments', () => {
  test('rolls by size; segments are named by base offset; reads span segments', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ segmentBytes: 1000, indexIntervalBytes: 200 }));
    const bases: number[] = [];
    for (let i = 0; i < 40; i++) bases.push(log.append(batch(2, `b${i}`, { valueBytes: 30 })).baseOffset);

    const logs = segmentFiles(dir, 'log');
    expect(logs.length).toBeGreaterThan(5);
    expect(segmentFiles(dir, 'index')).toHaveLength(logs.length);
    expect(segmentFiles(dir, 'timeindex')).toHaveLength(logs.length);
    for (const name of logs) {
      expect(name).toMatch(/^\d{20}\.log$/);
      expect(bases).toContain(Number(name.slice(0, 20)));
      expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    }

    // Everything, in one read across all segments.
    const all = log.read(0, 1 << 20);
    expect(all.map((b) => baseOffsetOf(b))).toEqual(bases);
    expect(recordsOf(all).map((r) => r.offset)).toEqual([...Array(80).keys()]);

    // A read that starts at the end of one segment continues into the next ones.
    const secondBase = Number(logs[1].slice(0, 20));
    const spanning = log.read(secondBase - 1, 600);
    expect(lastOffsetOf(spanning[0])).toBe(secondBase - 1);
    expect(baseOffsetOf(spanning[1])).toBe(secondBase);
    expect(spanning.reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(600);
    log.close();
  });

  test('a batch larger than segment.bytes goes alone into an empty segment', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ segmentBytes: 500 }));
    log.append(batch(1, 'a'));
    const big = batch(4, 'big', { valueBytes: 400 });
    log.append(big);
    log.append(batch(1, 'b'));
    expect(segmentFiles(dir, 'log')).toEqual([
      '00000000000000000000.log',
      '00000000000000000001.log',
      '00000000000000000005.log',
    ]);
    expect(fs.statSync(path.join(dir, '00000000000000000001.log')).size).toBe(big.length);
    expect(recordsOf(log.read(0, 1 << 20)).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
    log.close();
  });

  test('rolls when the new batch is more than segment.ms younger than the first one', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ segmentMs: 60_000 }));
    const t0 = 1_700_000_000_000;
    log.append(batch(1, 'a', { timestamps: [t0] }));
    log.append(batch(1, 'b', { timestamps: [t0 + 60_000] }));
    expect(segmentFiles(dir, 'log')).toHaveLength(1);
    log.append(batch(1, 'c', { timestamps: [t0 + 60_001] }));
    expect(segmentFiles(dir, 'log')).toEqual(['00000000000000000000.log', '00000000000000000002.log']);
    log.close();

    // The rule survives a restart: it is based on the first batch's timestamp, read from disk.
    const reopened = openDiskLog(dir, config({ segmentMs: 60_000 }));
    reopened.append(batch(1, 'd', { timestamps: [t0 + 120_001] }));
    expect(segmentFiles(dir, 'log')).toHaveLength(2);
    reopened.append(batch(1, 'e', { timestamps: [t0 + 120_002] }));
    expect(segmentFiles(dir, 'log')).toHaveLength(3);
    reopened.close();
  });

  test('reopening after close keeps every batch at the same offset, and appends continue', () => {
    const dir = tempDir();
    const cfg = config({ segmentBytes: 800, indexIntervalBytes: 150 });
    const log = openDiskLog(dir, cfg);
    for (let i = 0; i < 50; i++) log.append(batch(1 + (i % 3), `b${i}`, { timestamps: [1000 + i, 2000 + i, 500 + i] }));
    const before = log.read(0, 1 << 20).map((b) => Buffer.from(b));
    const end = log.logEndOffset;
    const size = log.sizeInBytes;
    const max = log.maxTimestamp();
    log.close();

    const reopened = openDiskLog(dir, cfg);
    expect(reopened.logStartOffset).toBe(0);
    expect(reopened.logEndOffset).toBe(end);
    expect(reopened.sizeInBytes).toBe(size);
    expect(reopened.maxTimestamp()).toEqual(max);
    const after = reopened.read(0, 1 << 20);
    expect(after).toHaveLength(before.length);
    after.forEach((b, i) => expect(Buffer.compare(b, before[i])).toBe(0));
    expect(reopened.append(batch(2, 'new')).baseOffset).toBe(end);
    expect(recordsOf(reopened.read(end, 1 << 20)).map((r) => r.value)).toEqual(['new-0', 'new-1']);
    reopened.close();
  });
});
