import { ATTR_LOG_APPEND_TIME, Compression, computeCrc, CRC, MAX_TIMESTAMP, ATTRIBUTES } from '../../wire/records';
import { PartitionLog } from '../../src/log/PartitionLog';
import { ENGINES } from './engines';
import { batch, config, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

/**
 * Offsets 0-2: t 100, 300, 200 | 3-5: t 250, 500, 400 | 6-7: t 450, 600 | 8: t 500,
 * all in small segments with small index intervals, so indexes and segment hops are exercised.
 */
function fillLog(log: PartitionLog, compression: Compression.None | Compression.Gzip): void {
  log.append(batch(3, 'a', { timestamps: [100, 300, 200], compression }));
  log.append(batch(3, 'b', { timestamps: [250, 500, 400], compression }));
  log.append(batch(2, 'c', { timestamps: [450, 600], compression }));
  log.append(batch(1, 'd', { timestamps: [500], compression }));
}

const CASES = ENGINES.flatMap(([name, engine]) =>
  ([['uncompressed', Compression.None], ['gzip', Compression.Gzip]] as const).map(([kind, compression]) => [name, kind, engine, compression] as const),
);

describe.each(CASES)('%s timestamps (%s batches)', (_name, _kind, engine, compression) => {
  const cfg = config({ segmentBytes: 200, indexIntervalBytes: 1 });

  test('offsetForTimestamp finds the exact first record at or after the timestamp', () => {
    const log = engine.place(cfg).open();
    fillLog(log, compression);
    expect(log.offsetForTimestamp(0)).toEqual({ timestamp: 100, offset: 0 });
    expect(log.offsetForTimestamp(100)).toEqual({ timestamp: 100, offset: 0 });
    expect(log.offsetForTimestamp(101)).toEqual({ timestamp: 300, offset: 1 });
    expect(log.offsetForTimestamp(301)).toEqual({ timestamp: 500, offset: 4 });
    expect(log.offsetForTimestamp(450)).toEqual({ timestamp: 500, offset: 4 });
    expect(log.offsetForTimestamp(501)).toEqual({ timestamp: 600, offset: 7 });
    expect(log.offsetForTimestamp(600)).toEqual({ timestamp: 600, offset: 7 });
    expect(log.offsetForTimestamp(601)).toBeNull();
    log.close();
  });

  test('maxTimestamp names the record with the largest timestamp, before and after reopening', () => {
    const place = engine.place(cfg);
    const log = place.open();
    log.append(batch(3, 'a', { timestamps: [100, 300, 200], compression }));
    expect(log.maxTimestamp()).toEqual({ timestamp: 300, offset: 1 });
    fillLog(log, compression);
    expect(log.maxTimestamp()).toEqual({ timestamp: 600, offset: 10 });
    log.close();
    const reopened = place.open();
    expect(reopened.maxTimestamp()).toEqual({ timestamp: 600, offset: 10 });
    expect(reopened.offsetForTimestamp(501)).toEqual({ timestamp: 600, offset: 10 });
    reopened.close();
  });
});

describe.each(ENGINES)('%s timestamps, special cases', (_name, engine) => {
  test('ties go to the earliest record', () => {
    const log = engine.place(config({ segmentBytes: 150 })).open();
    log.append(batch(2, 'a', { timestamps: [700, 700] }));
    log.append(batch(1, 'b', { timestamps: [700] }));
    expect(log.maxTimestamp()).toEqual({ timestamp: 700, offset: 0 });
    log.close();
  });

  test('a LogAppendTime batch answers with its first offset and its maxTimestamp', () => {
    const log = engine.place(config()).open();
    log.append(batch(1, 'a', { timestamps: [100] }));
    const b = batch(3, 'lat', { timestamps: [1, 2, 3] });
    b.writeInt16BE(b.readInt16BE(ATTRIBUTES) | ATTR_LOG_APPEND_TIME, ATTRIBUTES);
    b.writeBigInt64BE(5000n, MAX_TIMESTAMP);
    b.writeUInt32BE(computeCrc(b, 0, b.length), CRC);
    log.append(b);
    expect(log.offsetForTimestamp(200)).toEqual({ timestamp: 5000, offset: 1 });
    expect(log.maxTimestamp()).toEqual({ timestamp: 5000, offset: 1 });
    log.close();
  });

  test('batches without timestamps (-1) have no max timestamp', () => {
    const log = engine.place(config()).open();
    log.append(batch(2, 'a', { timestamps: [-1, -1] }));
    expect(log.maxTimestamp()).toBeNull();
    expect(log.offsetForTimestamp(0)).toBeNull();
    log.close();
  });
});
