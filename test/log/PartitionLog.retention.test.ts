/**
 * The log start offset in both engines: DeleteRecords (advanceLogStart) and retention
 * (deleteOldestSegments), reads and timestamp lookups at the boundary, and the start surviving a
 * reopen. Then, on disk only: files removed, and interrupted deletions recovered.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDiskLog } from '../../src/log/DiskLog';
import { PartitionLog, SegmentInfo } from '../../src/log/PartitionLog';
import { baseOffsetOf } from '../../wire/records';
import { ENGINES } from './engines';
import { batch, config, recordingLogger, recordsOf, removeTempDirs, segmentFiles, tempDir } from './helpers';

afterEach(removeTempDirs);

const T0 = 1_700_000_000_000;
/** Small segments: each 3-record batch below is ~120 bytes, so about 3 batches per segment. */
const SMALL = config({ segmentBytes: 400, indexIntervalBytes: 100 });

/** 12 batches of 3 records (offsets 0..35); batch i has timestamps T0 + i*1000 (+0, +1, +2). */
function fill(log: PartitionLog): void {
  for (let i = 0; i < 12; i++) {
    const t = T0 + i * 1000;
    log.append(batch(3, `b${i}`, { timestamps: [t, t + 1, t + 2], valueBytes: 10 }));
  }
}

/** Base offsets of the segments, found by deleting nothing and recording what was offered. */
function firstSegmentOffered(log: PartitionLog): SegmentInfo | null {
  let seen: SegmentInfo | null = null;
  log.deleteOldestSegments((s) => {
    seen = s;
    return false;
  });
  return seen;
}

const offsets = (log: PartitionLog, from: number) => recordsOf(log.read(from, 1 << 20)).map((r) => r.offset);

describe.each(ENGINES)('%s log start offset', (_name, engine) => {
  test('advanceLogStart inside a batch: reads below fail, the batch holding the start is still served', () => {
    const place = engine.place(SMALL);
    const log = place.open();
    fill(log);
    const sizeBefore = log.sizeInBytes;
    expect(log.advanceLogStart(16)).toBe(16);
    expect(log.logStartOffset).toBe(16);
    expect(() => log.read(15, 1024)).toThrow(RangeError);
    // Offset 16 is inside the batch 15..17, which comes back whole, as in Kafka.
    const read = log.read(16, 1 << 20);
    expect(baseOffsetOf(read[0])).toBe(15);
    expect(offsets(log, 16)).toEqual([...Array(21).keys()].map((i) => i + 15));
    // Whole segments below the start are gone; the one holding it stays.
    const first = firstSegmentOffered(log)!;
    expect(first.baseOffset).toBeLessThanOrEqual(15);
    expect(first.baseOffset).toBeGreaterThan(0);
    expect(log.sizeInBytes).toBeLessThan(sizeBefore);
    log.close();
  });

  test('advanceLogStart never moves backwards, and refuses offsets past the end', () => {
    const log = engine.place(SMALL).open();
    fill(log);
    expect(log.advanceLogStart(10)).toBe(10);
    expect(log.advanceLogStart(4)).toBe(10);
    expect(log.logStartOffset).toBe(10);
    expect(() => log.advanceLogStart(37)).toThrow(RangeError);
    // Up to the end is allowed: nothing is readable, the next append continues the offsets.
    expect(log.advanceLogStart(36)).toBe(36);
    expect(log.read(36, 1024)).toEqual([]);
    expect(log.append(batch(1)).baseOffset).toBe(36);
    expect(offsets(log, 36)).toEqual([36]);
    log.close();
  });

  test('the start survives a reopen', () => {
    const place = engine.place(SMALL);
    const log = place.open();
    fill(log);
    log.advanceLogStart(20);
    log.close();
    const again = place.open();
    expect(again.logStartOffset).toBe(20);
    expect(again.logEndOffset).toBe(36);
    expect(() => again.read(19, 1024)).toThrow(RangeError);
    expect(offsets(again, 20)[0]).toBe(18); // the batch 18..20
    again.close();
  });

  test('offsetForTimestamp never answers below the start', () => {
    const log = engine.place(SMALL).open();
    fill(log);
    log.advanceLogStart(16); // inside batch 5 (offsets 15..17, timestamps T0+5000..5002)
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 16, timestamp: T0 + 5001 });
    expect(log.offsetForTimestamp(T0 + 5001)).toEqual({ offset: 16, timestamp: T0 + 5001 });
    expect(log.offsetForTimestamp(T0 + 5002)).toEqual({ offset: 17, timestamp: T0 + 5002 });
    expect(log.offsetForTimestamp(T0 + 7000)).toEqual({ offset: 21, timestamp: T0 + 7000 });
    log.close();
  });

  test('deleteOldestSegments: oldest first, while the predicate holds, never the active segment', () => {
    const place = engine.place(SMALL);
    const log = place.open();
    fill(log);
    const deleted = log.deleteOldestSegments((s) => s.largestTimestamp < T0 + 6000);
    expect(deleted.length).toBeGreaterThan(0);
    for (const s of deleted) expect(s.largestTimestamp).toBeLessThan(T0 + 6000);
    const kept = firstSegmentOffered(log)!;
    expect(kept.largestTimestamp).toBeGreaterThanOrEqual(T0 + 6000);
    expect(log.logStartOffset).toBe(kept.baseOffset);
    expect(offsets(log, log.logStartOffset)[0]).toBe(kept.baseOffset);
    expect(log.sizeInBytes).toBe(log.read(log.logStartOffset, 1 << 20).reduce((n, b) => n + b.length, 0));

    // Everything is "expired", but the active segment stays.
    const rest = log.deleteOldestSegments(() => true);
    expect(firstSegmentOffered(log)).toBeNull(); // only the active one is left
    expect(rest.length).toBeGreaterThan(0);
    const start = log.logStartOffset;
    expect(start).toBeGreaterThan(kept.baseOffset);
    expect(offsets(log, start)).toEqual([...Array(36 - start).keys()].map((i) => i + start));
    log.close();

    const again = place.open();
    expect(again.logStartOffset).toBe(start);
    expect(offsets(again, start)[0]).toBe(start);
    again.close();
  });

  test('segments follow segment.bytes and segment.ms the same way in both engines', () => {
    const log = engine.place(config({ segmentBytes: 400, segmentMs: 60_000 })).open();
    fill(log); // by size: [0..8] [9..17] [18..26] [27..35]
    log.append(batch(1, 'late', { timestamps: [T0 + 11_000 + 61_000] })); // by age: a new segment at 36
    const bases = log.deleteOldestSegments(() => true).map((s) => s.baseOffset);
    expect(bases).toEqual([0, 9, 18, 27]);
    expect(log.logStartOffset).toBe(36);
    log.close();
  });

  test('a log with one segment deletes nothing', () => {
    const log = engine.place(config()).open();
    fill(log);
    expect(log.deleteOldestSegments(() => true)).toEqual([]);
    expect(log.logStartOffset).toBe(0);
    log.close();
  });
});

describe('DiskLog segment deletion on disk', () => {
  test('deleted segments lose all their files; a checkpoint file holds the start', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, SMALL);
    fill(log);
    expect(segmentFiles(dir, 'log')).toHaveLength(4);
    log.deleteOldestSegments((s) => s.baseOffset < 18);
    for (const ext of ['log', 'index', 'timeindex']) {
      expect(segmentFiles(dir, ext).map((f) => Number(f.slice(0, 20)))).toEqual([18, 27]);
    }
    expect(fs.readFileSync(path.join(dir, 'log-start-offset'), 'utf8').trim()).toBe('18');
    log.advanceLogStart(30);
    expect(segmentFiles(dir, 'log')).toEqual(['00000000000000000027.log']);
    log.close();
  });

  test('a fetch that already holds batches of a deleted segment keeps them', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, SMALL);
    fill(log);
    const held = log.read(0, 1 << 20);
    const before = recordsOf(held);
    log.deleteOldestSegments(() => true);
    expect(recordsOf(held)).toEqual(before);
    log.close();
  });

  test('an interrupted deletion (start written, files still there) is finished on open', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, SMALL);
    fill(log);
    log.close();
    // As if we died right after writing the checkpoint of advanceLogStart(20).
    fs.writeFileSync(path.join(dir, 'log-start-offset'), '20\n');
    const logger = recordingLogger();
    const again = openDiskLog(dir, SMALL, logger);
    expect(again.logStartOffset).toBe(20);
    expect(segmentFiles(dir, 'log').map((f) => Number(f.slice(0, 20)))).toEqual([18, 27]);
    expect(logger.infos.some((i) => i.msg.includes('interrupted deletion'))).toBe(true);
    expect(offsets(again, 20)[0]).toBe(18);
    again.close();
  });

  test('a deletion cut short after the .log went (orphan indexes) reopens cleanly', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, SMALL);
    fill(log);
    log.close();
    fs.rmSync(path.join(dir, '00000000000000000000.log'));
    const again = openDiskLog(dir, SMALL);
    expect(again.logStartOffset).toBe(9);
    expect(segmentFiles(dir, 'index').map((f) => Number(f.slice(0, 20)))).toEqual([9, 18, 27]);
    expect(offsets(again, 9)).toEqual([...Array(27).keys()].map((i) => i + 9));
    again.close();
  });

  test('a checkpoint beyond the recovered end is cut back to the end', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, SMALL);
    fill(log);
    log.close();
    fs.writeFileSync(path.join(dir, 'log-start-offset'), '50\n');
    const again = openDiskLog(dir, SMALL);
    expect(again.logStartOffset).toBe(36);
    expect(again.append(batch(1)).baseOffset).toBe(36);
    again.close();
  });
});
