/** What the in-memory engine adds to the PartitionLog contract (PartitionLog.*.test.ts). */
import { MemoryStorage } from '../../src/log/MemoryStorage';
import { batch, config, recordsOf } from './helpers';

describe('MemoryLog', () => {
  test('keeps its own copy of an appended batch: the caller may reuse its buffer', () => {
    const log = new MemoryStorage().open('t', 0, config());
    const request = Buffer.concat([Buffer.from('header'), batch(2, 'kept')]);
    const b = request.subarray(6);
    log.append(b);
    request.fill(0);
    expect(recordsOf(log.read(0, 1 << 20))).toEqual([
      { offset: 0, value: 'kept-0' },
      { offset: 1, value: 'kept-1' },
    ]);
  });

  test('reads hand out the stored batches, without copying them', () => {
    const log = new MemoryStorage().open('t', 0, config());
    for (let i = 0; i < 5; i++) log.append(batch(1, `b${i}`));
    const first = log.read(0, 1 << 20);
    const second = log.read(2, 1 << 20);
    expect(second).toHaveLength(3);
    second.forEach((b, i) => expect(b).toBe(first[i + 2]));
  });

  test('binary search finds the batch holding any offset in a long log', () => {
    const log = new MemoryStorage().open('t', 0, config());
    for (let i = 0; i < 1000; i++) log.append(batch(1 + (i % 3), `b${i}`));
    for (let offset = 0; offset < log.logEndOffset; offset += 7) {
      const [b] = log.read(offset, 1);
      expect(recordsOf([b]).map((r) => r.offset)).toContain(offset);
    }
  });
});

describe('MemoryStorage', () => {
  test('partitions are separate; a log opened again finds its batches; remove() forgets them', () => {
    const storage = new MemoryStorage();
    const a0 = storage.open('a', 0, config());
    const a1 = storage.open('a', 1, config());
    a0.append(batch(3, 'a0'));
    a1.append(batch(1, 'a1'));
    a0.close();
    a1.close();

    const again = storage.open('a', 0, config());
    expect(again.logEndOffset).toBe(3);
    expect(recordsOf(again.read(0, 1 << 20)).map((r) => r.value)).toEqual(['a0-0', 'a0-1', 'a0-2']);
    again.close();

    storage.remove('a', 0);
    const fresh = storage.open('a', 0, config());
    expect(fresh.logEndOffset).toBe(0);
    expect(fresh.sizeInBytes).toBe(0);
    expect(storage.open('a', 1, config()).logEndOffset).toBe(1);
  });

  test('two storages never share a partition', () => {
    const one = new MemoryStorage().open('t', 0, config());
    const other = new MemoryStorage().open('t', 0, config());
    one.append(batch(2));
    expect(other.logEndOffset).toBe(0);
    expect(other.read(0, 100)).toEqual([]);
  });

  test('clear() forgets every partition', () => {
    const storage = new MemoryStorage();
    storage.open('t', 0, config()).append(batch(2));
    storage.clear();
    expect(storage.open('t', 0, config()).logEndOffset).toBe(0);
  });
});
