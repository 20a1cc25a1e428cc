/** Appends and reads that every PartitionLog engine must get exactly right. */
import { baseOffsetOf, lastOffsetOf, readRecords } from '../../wire/records';
import { ENGINES } from './engines';
import { batch, config, recordsOf, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

describe.each(ENGINES)('%s append and read', (_name, engine) => {
  test('a new log is empty and starts at offset 0', () => {
    const log = engine.place(config()).open();
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(0);
    expect(log.sizeInBytes).toBe(0);
    expect(log.read(0, 1024)).toEqual([]);
    expect(log.maxTimestamp()).toBeNull();
    expect(log.offsetForTimestamp(0)).toBeNull();
    log.close();
  });

  test('round trip: the batch comes back byte for byte with its assigned offset', () => {
    const log = engine.place(config()).open();
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

  test('the base offset is written into the caller\'s buffer too', () => {
    const log = engine.place(config()).open();
    log.append(batch(2));
    const b = batch(1);
    log.append(b);
    expect(baseOffsetOf(b)).toBe(2);
    log.close();
  });

  test('offsets are contiguous across many appends', () => {
    const log = engine.place(config({ indexIntervalBytes: 256 })).open();
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
    const log = engine.place(config({ indexIntervalBytes: 100 })).open();
    for (let i = 0; i < 60; i++) log.append(batch(1 + (i % 4), `b${i}`, { valueBytes: 40 }));
    for (let offset = 0; offset < log.logEndOffset; offset++) {
      const [first] = log.read(offset, 1);
      expect(baseOffsetOf(first)).toBeLessThanOrEqual(offset);
      expect(lastOffsetOf(first)).toBeGreaterThanOrEqual(offset);
    }
    log.close();
  });

  test('maxBytes limits the batches returned, counting whole batches only', () => {
    const log = engine.place(config({ indexIntervalBytes: 128 })).open();
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
    const log = engine.place(config({ indexIntervalBytes: 64 })).open();
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
    const log = engine.place(config()).open();
    log.append(batch(4));
    expect(log.read(4, 1 << 20)).toEqual([]);
    expect(() => log.read(5, 1 << 20)).toThrow(RangeError);
    expect(() => log.read(-1, 1 << 20)).toThrow(RangeError);
    log.close();
  });

  test('sizeInBytes counts every batch; flushOnAppend appends as usual', () => {
    const log = engine.place(config({ flushOnAppend: true, segmentBytes: 2000 })).open();
    let bytes = 0;
    for (let i = 0; i < 30; i++) {
      const b = batch(3, `b${i}`);
      bytes += b.length;
      log.append(b);
    }
    expect(log.sizeInBytes).toBe(bytes);
    expect(log.logEndOffset).toBe(90);
    log.flush();
    log.close();
  });

  test('append rejects a buffer that is not exactly one batch; a closed log refuses work', () => {
    const log = engine.place(config()).open();
    const b = batch(1);
    expect(() => log.append(Buffer.concat([b, b]))).toThrow(/one record batch/);
    expect(() => log.append(b.subarray(0, 8))).toThrow(/one record batch/);
    expect(log.logEndOffset).toBe(0);
    log.close();
    expect(() => log.append(b)).toThrow(/closed/);
    expect(() => log.read(0, 100)).toThrow(/closed/);
    log.close(); // idempotent
  });

  test('opened again after close, the log has every batch and appends continue', () => {
    const place = engine.place(config({ segmentBytes: 500, indexIntervalBytes: 100 }));
    const log = place.open();
    for (let i = 0; i < 20; i++) log.append(batch(2, `b${i}`, { timestamps: [1000 + i, 2000 - i] }));
    const before = log.read(0, 1 << 20).map((b) => Buffer.from(b));
    log.close();

    const reopened = place.open();
    expect(reopened.logEndOffset).toBe(40);
    expect(reopened.sizeInBytes).toBe(before.reduce((n, b) => n + b.length, 0));
    expect(reopened.read(0, 1 << 20)).toEqual(before);
    expect(reopened.maxTimestamp()).toEqual({ timestamp: 2000, offset: 1 });
    expect(reopened.append(batch(1, 'after'))).toEqual({ baseOffset: 40, lastOffset: 40 });
    expect(recordsOf(reopened.read(40, 100))).toEqual([{ offset: 40, value: 'after-0' }]);
    reopened.close();
  });
});
