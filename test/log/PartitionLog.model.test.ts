/**
 * Random appends, reopens and (on disk) torn tails checked against a plain model of the log,
 * with a fixed seed so a failure can be replayed.
 */
import { Compression, baseOffsetOf } from '../../wire/records';
import { PartitionLog } from '../../src/log/PartitionLog';
import { ENGINES } from './engines';
import { batch, config, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

interface ModelBatch {
  base: number;
  size: number;
  timestamps: number[];
}

function expectedRead(model: ModelBatch[], fetchOffset: number, maxBytes: number): number[] {
  const from = model.findIndex((b) => b.base + b.timestamps.length - 1 >= fetchOffset);
  if (from < 0) return [];
  const bases = [model[from].base];
  let left = maxBytes - model[from].size;
  for (let i = from + 1; i < model.length && left > 0 && model[i].size <= left; i++) {
    bases.push(model[i].base);
    left -= model[i].size;
  }
  return bases;
}

function records(model: ModelBatch[]): { offset: number; timestamp: number }[] {
  return model.flatMap((b) => b.timestamps.map((timestamp, i) => ({ offset: b.base + i, timestamp })));
}

const CASES = ENGINES.flatMap(([name, engine]) => [1, 2, 3, 4, 5].map((seed) => [name, seed, engine] as const));

test.each(CASES)('%s: random workload %i matches the model', (_name, seed, engine) => {
  const random = prng(seed);
  const cfg = config({ segmentBytes: 300 + random(3000), indexIntervalBytes: random(600) });
  const place = engine.place(cfg);
  let log: PartitionLog = place.open();
  const model: ModelBatch[] = [];
  let end = 0;

  for (let step = 0; step < 300; step++) {
    const action = random(100);
    if (action < 5) {
      log.close();
      // A torn tail: part of a batch that never finished writing (only a file can have one).
      const torn = batch(3, 'torn').subarray(0, 1 + random(60));
      if (action >= 3) place.tearTail?.(torn);
      log = place.open();
    } else {
      const count = 1 + random(5);
      const timestamps = Array.from({ length: count }, () => 1000 + random(5000));
      const compression = random(4) === 0 ? Compression.Gzip : Compression.None;
      const b = batch(count, `s${step}`, { timestamps, compression, valueBytes: random(200) });
      model.push({ base: end, size: b.length, timestamps });
      expect(log.append(b)).toEqual({ baseOffset: end, lastOffset: end + count - 1 });
      end += count;
    }
    expect(log.logEndOffset).toBe(end);

    const fetchOffset = random(end + 1);
    const maxBytes = random(1500);
    const read = log.read(fetchOffset, maxBytes).map((b) => baseOffsetOf(b));
    expect(read).toEqual(expectedRead(model, fetchOffset, maxBytes));
  }

  expect(log.sizeInBytes).toBe(model.reduce((n, b) => n + b.size, 0));
  const all = records(model);
  for (let i = 0; i < 50; i++) {
    const ts = 900 + random(5200);
    const first = all.find((r) => r.timestamp >= ts);
    expect(log.offsetForTimestamp(ts)).toEqual(first ? { timestamp: first.timestamp, offset: first.offset } : null);
  }
  const max = Math.max(...all.map((r) => r.timestamp));
  expect(log.maxTimestamp()).toEqual({ timestamp: max, offset: all.find((r) => r.timestamp === max)!.offset });
  log.close();
});
