/**
 * Log compaction on both engines: the latest record per key survives with its offset, tombstones
 * go after delete.retention.ms, the active segment and recent segments are left alone, and
 * transactional, control and producers' last batches are kept whole.
 */
import { cleanLog, CleanOptions } from '../../src/log/cleaner/cleanLog';
import type { PartitionLog } from '../../src/log/PartitionLog';
import { loadCompressionCodecs } from '../../wire/compression';
import { buildControlBatch } from '../../wire/controlRecords';
import { Compression, NewRecord, baseOffsetOf, batchInfo, buildBatch, lastOffsetOf, readRecords } from '../../wire/records';
import { ENGINES } from '../log/engines';
import { config, removeTempDirs } from '../log/helpers';

const T0 = 1_700_000_000_000;
const HOUR = 60 * 60 * 1000;
/** Every batch in a segment of its own: all but the last are closed. */
const ONE_BATCH_PER_SEGMENT = config({ segmentBytes: 1 });
const LONG_AGO: CleanOptions = { now: T0 + 48 * HOUR, minCompactionLagMs: 0, deleteRetentionMs: 24 * HOUR };

beforeAll(() => loadCompressionCodecs());
afterEach(removeTempDirs);

function kv(key: string | null, value: string | null, timestamp = T0): NewRecord {
  return { key, value, timestamp, headers: [{ key: 'h', value: `${key}` }] };
}

/** offset → "key=value" (value "null" for tombstones) of every record in the log. */
function contents(log: PartitionLog): string[] {
  return log.read(log.logStartOffset, 1 << 24).flatMap((b) => readRecords(b).map((r) => `${r.offset}:${r.key}=${r.value === null ? 'null' : r.value}`));
}

describe.each(ENGINES)('%s', (_name, engine) => {
  describe.each([Compression.None, Compression.Gzip, Compression.Snappy, Compression.Lz4, Compression.Zstd].map((c) => [Compression[c], c] as const))(
    'compression %s',
    (_codec, compression) => {
      test('keeps the latest record per key at its offset; batches keep their offsets and codec', () => {
        const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
        log.append(buildBatch([kv('a', 'a1'), kv('b', 'b1'), kv('c', 'c1')], { compression })); // 0-2
        log.append(buildBatch([kv('a', 'a2'), kv('b', 'b2')], { compression })); // 3-4
        log.append(buildBatch([kv('a', 'a3')], { compression })); // 5
        log.append(buildBatch([kv('a', 'a4'), kv('c', 'c2')], { compression })); // 6-7: active, untouched

        const stats = cleanLog(log, LONG_AGO);

        expect(stats.segmentsCleaned).toBe(2);
        expect(stats.recordsRemoved).toBe(3);
        expect(stats.bytesAfter).toBeLessThan(stats.bytesBefore);
        // c1 stays: the newer c2 is in the active segment, which the key map does not cover (as in Kafka).
        expect(contents(log)).toEqual(['2:c=c1', '4:b=b2', '5:a=a3', '6:a=a4', '7:c=c2']);
        const batches = log.read(0, 1 << 24);
        // Kafka's filterTo: base offset and last offset delta are kept, the record count shrinks.
        expect(batches.map((b) => [baseOffsetOf(b), lastOffsetOf(b), batchInfo(b).recordCount, batchInfo(b).compression])).toEqual([
          [0, 2, 1, compression],
          [3, 4, 1, compression],
          [5, 5, 1, compression],
          [6, 7, 2, compression],
        ]);
        expect(readRecords(batches[0])[0]).toMatchObject({ timestamp: T0, headers: [{ key: 'h', value: Buffer.from('c') }] });
        // A fetch at an offset cleaning removed starts at the batch holding the next one.
        expect(baseOffsetOf(log.read(1, 1)[0])).toBe(0);
        expect(baseOffsetOf(log.read(3, 1)[0])).toBe(3);
        log.close();
      });
    },
  );

  test('a second pass has nothing to do; what a reader held before cleaning stays readable', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    for (let i = 0; i < 5; i++) log.append(buildBatch([kv('k', `v${i}`), kv(`only${i}`, 'x')]));
    const held = log.read(0, 1 << 24);
    expect(cleanLog(log, LONG_AGO).recordsRemoved).toBe(3);
    expect(cleanLog(log, LONG_AGO).segmentsCleaned).toBe(0);
    expect(held.flatMap((b) => readRecords(b).map((r) => r.value?.toString()))).toEqual(['v0', 'x', 'v1', 'x', 'v2', 'x', 'v3', 'x', 'v4', 'x']);
    expect(contents(log)).toEqual(['1:only0=x', '3:only1=x', '5:only2=x', '6:k=v3', '7:only3=x', '8:k=v4', '9:only4=x']);
    log.close();
  });

  test('tombstones stay until their segment is older than delete.retention.ms; keyless records go', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    log.append(buildBatch([kv('a', 'a1'), kv(null, 'no key')], {})); // 0-1
    log.append(buildBatch([kv('a', null, T0 + 10 * HOUR)])); // 2: tombstone
    log.append(buildBatch([kv('b', 'b1', T0 + 10 * HOUR)])); // 3: active
    const recent = { ...LONG_AGO, now: T0 + 20 * HOUR };
    cleanLog(log, recent);
    expect(contents(log)).toEqual(['2:a=null', '3:b=b1']);
    cleanLog(log, { ...recent, now: T0 + 35 * HOUR });
    expect(contents(log)).toEqual(['3:b=b1']);
    expect(log.logEndOffset).toBe(4);
    log.close();
  });

  test('segments newer than min.compaction.lag.ms are not cleaned, nor anything after them', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    log.append(buildBatch([kv('a', 'a1', T0)]));
    log.append(buildBatch([kv('a', 'a2', T0)]));
    log.append(buildBatch([kv('a', 'a3', T0 + 2 * HOUR)]));
    log.append(buildBatch([kv('a', 'a4', T0 + 2 * HOUR)]));
    log.append(buildBatch([kv('a', 'a5', T0 + 3 * HOUR)])); // active
    cleanLog(log, { now: T0 + 3 * HOUR, minCompactionLagMs: 2 * HOUR, deleteRetentionMs: 0 });
    expect(contents(log)).toEqual(['1:a=a2', '2:a=a3', '3:a=a4', '4:a=a5']);
    log.close();
  });

  test('open transactions, control batches and the last batch of each producer are kept whole', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    log.append(buildBatch([kv('a', 'p1'), kv('a', 'p2')], { producerId: 7, producerEpoch: 0, baseSequence: 0 })); // 0-1
    log.append(buildBatch([kv('a', 'p3')], { producerId: 7, producerEpoch: 0, baseSequence: 2 })); // 2: producer 7's last
    log.append(buildBatch([kv('a', 't1')], { producerId: 8, producerEpoch: 0, baseSequence: 0, transactional: true })); // 3
    log.append(buildBatch([kv('a', 'plain')])); // 4
    log.append(buildBatch([kv('z', 'active')])); // 5
    cleanLog(log, LONG_AGO);
    // Offsets 0-1 are superseded; 2 is producer 7's last batch; 3 is transactional (not in the key map).
    expect(contents(log)).toEqual(['2:a=p3', '3:a=t1', '4:a=plain', '5:z=active']);
    log.close();
  });

  test('aborted transactions are removed; committed ones are cleaned like other records', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    const txn = (producerId: number) => ({ producerId, producerEpoch: 0, baseSequence: 0, transactional: true });
    const marker = (producerId: number, commit: boolean) => buildControlBatch({ producerId, producerEpoch: 0, commit, coordinatorEpoch: 0, timestamp: T0 });
    log.append(buildBatch([kv('a', 'a0'), kv('b', 'b0')])); // 0-1
    log.append(buildBatch([kv('a', 't1')], txn(8))); // 2
    log.append(marker(8, true)); // 3
    log.append(buildBatch([kv('a', 't2'), kv('b', 't2')], txn(9))); // 4-5
    log.append(marker(9, false)); // 6
    log.append(buildBatch([kv('c', 'c0')])); // 7
    log.append(buildBatch([kv('z', 'active')])); // 8
    expect(cleanLog(log, LONG_AGO).recordsRemoved).toBe(3);
    // a's latest is the committed t1; the aborted t2s neither count nor stay; the markers stay.
    const data = log.read(0, 1 << 24).filter((b) => !batchInfo(b).control);
    expect(data.flatMap((b) => readRecords(b).map((r) => `${r.offset}:${r.key}=${r.value}`))).toEqual(['1:b=b0', '2:a=t1', '7:c=c0', '8:z=active']);
    expect(log.read(0, 1 << 24).filter((b) => batchInfo(b).control).map((b) => baseOffsetOf(b))).toEqual([3, 6]);
    log.close();
  });

  test('a transaction whose marker is only in the active segment counts as ended', () => {
    const log = engine.place(ONE_BATCH_PER_SEGMENT).open();
    const txn = { producerId: 5, producerEpoch: 0, transactional: true };
    log.append(buildBatch([kv('a', 'a0')])); // 0
    log.append(buildBatch([kv('a', 'x1')], { ...txn, baseSequence: 0 })); // 1
    log.append(buildBatch([kv('a', 'x2')], { ...txn, baseSequence: 1 })); // 2: producer 5's last batch here, kept whole
    log.append(buildBatch([kv('a', 'a3')])); // 3
    log.append(buildControlBatch({ producerId: 5, producerEpoch: 0, commit: false, coordinatorEpoch: 0, timestamp: T0 })); // 4: active
    cleanLog(log, LONG_AGO);
    expect(log.read(0, 1 << 24).filter((b) => !batchInfo(b).control).map((b) => baseOffsetOf(b))).toEqual([2, 3]);
    log.close();
  });

  test('the cleaned log reads the same after reopening, with working timestamp lookups', () => {
    const place = engine.place(ONE_BATCH_PER_SEGMENT);
    const log = place.open();
    for (let i = 0; i < 6; i++) log.append(buildBatch([kv(`k${i % 2}`, `v${i}`, T0 + i * 1000)]));
    cleanLog(log, LONG_AGO);
    const before = contents(log);
    // The key map covers the closed segments (0-4): k1's v5 is in the active segment.
    expect(before).toEqual(['3:k1=v3', '4:k0=v4', '5:k1=v5']);
    log.close();
    const again = place.open();
    expect(contents(again)).toEqual(before);
    expect(again.offsetForTimestamp(T0)).toEqual({ offset: 3, timestamp: T0 + 3000 });
    expect(again.logEndOffset).toBe(6);
    again.append(buildBatch([kv('k0', 'v6')]));
    expect(contents(again).slice(-1)).toEqual(['6:k0=v6']);
    again.close();
  });
});
