/**
 * Fuzz of the request decoder, in process: a bounded, seeded run over every advertised API and
 * version (random and mutated frames). `npm run fuzz` runs the same cases for longer.
 */
import { DecodeError } from '../../wire/io';
import { advertised, checkDecode, MAX_DECODE_MS } from './lib/decodeCheck';
import { formatFailure, runDecoderFuzz } from './lib/decoderFuzz';

const SEED = 0x5eed;

test('every advertised API and version is covered by the sample generator', () => {
  const targets = advertised();
  expect(targets.length).toBeGreaterThan(100);
  expect(new Set(targets.map((t) => t.handler.api.name)).size).toBeGreaterThanOrEqual(40);
});

test('mutated requests decode or fail with DecodeError, quickly and without oversized allocations', () => {
  const report = runDecoderFuzz(SEED, 10000);
  expect(report.tried).toBe(10000);
  // The mutations reach both outcomes: some still decode, most are rejected.
  expect(report.outcomes.decoded).toBeGreaterThan(1000);
  expect(report.outcomes.rejected).toBeGreaterThan(2000);
  expect(report.failures.map(formatFailure)).toEqual([]);
});

describe('the checker catches what it is meant to catch', () => {
  const frame = Buffer.from('0003000900000001ffff7fffffff', 'hex');
  const alloc = (n: number) => Buffer.alloc(n);

  test('an allocation sized by an unchecked length field', () => {
    const outcome = checkDecode(frame, (f) => {
      const kept = alloc(f.readInt32BE(10) >>> 4); // 128 MiB from a hostile length
      throw new DecodeError(`too short for ${kept.length}`);
    });
    expect(outcome).toEqual({ ok: false, failure: expect.stringMatching(/allocated 128 MiB/) });
  });

  test('a loop that runs on without consuming bytes', () => {
    const outcome = checkDecode(frame, () => {
      const until = performance.now() + MAX_DECODE_MS + 50;
      while (performance.now() < until);
      throw new DecodeError('gave up');
    });
    expect(outcome).toEqual({ ok: false, failure: expect.stringMatching(/unbounded loop/) });
  });

  test('an error other than DecodeError', () => {
    expect(checkDecode(frame, (f) => ({ ok: true, outcome: f.readInt32BE(100) ? 'decoded' : 'decoded' }))).toEqual({
      ok: false,
      failure: expect.stringMatching(/^threw RangeError/),
    });
  });

  test('a DecodeError is a clean rejection', () => {
    expect(checkDecode(frame, () => {
      throw new DecodeError('short');
    })).toEqual({ ok: true, outcome: 'rejected' });
  });
});
