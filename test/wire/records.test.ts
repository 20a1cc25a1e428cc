import {
  batchInfo,
  batchProblem,
  batchesIn,
  buildBatch,
  Compression,
  readRecords,
  setBaseOffset,
} from '../../wire/records';

// One record (key null, value "hi", timestamp 1000), written out by hand from the RecordBatch v2
// layout. The CRC-32C was computed by an independent implementation of the Castagnoli polynomial.
const ONE_RECORD_BATCH = Buffer.from(
  '0000000000000000' + // baseOffset 0
    '0000003a' + // batchLength 58
    'ffffffff' + // partitionLeaderEpoch -1
    '02' + // magic 2
    '233dad44' + // crc
    '0000' + // attributes: no compression, CreateTime
    '00000000' + // lastOffsetDelta 0
    '00000000000003e8' + // baseTimestamp 1000
    '00000000000003e8' + // maxTimestamp 1000
    'ffffffffffffffff' + // producerId -1
    'ffff' + // producerEpoch -1
    'ffffffff' + // baseSequence -1
    '00000001' + // 1 record
    '10' + // record length 8 (zigzag varint)
    '00' + // record attributes
    '00' + // timestampDelta 0
    '00' + // offsetDelta 0
    '01' + // key length -1 (null)
    '04' + // value length 2
    '6869' + // "hi"
    '00', // no headers
  'hex',
);

describe('RecordBatch v2', () => {
  it('builds the exact bytes of a hand-written batch', () => {
    expect(buildBatch([{ value: 'hi', timestamp: 1000 }]).toString('hex')).toBe(ONE_RECORD_BATCH.toString('hex'));
  });

  it('reads header fields and records of the hand-written batch', () => {
    expect(batchProblem(ONE_RECORD_BATCH, 0, ONE_RECORD_BATCH.length)).toBeNull();
    expect(batchInfo(ONE_RECORD_BATCH)).toMatchObject({
      baseOffset: 0,
      compression: Compression.None,
      lastOffsetDelta: 0,
      baseTimestamp: 1000,
      maxTimestamp: 1000,
      producerId: -1,
      recordCount: 1,
    });
    const [record] = readRecords(ONE_RECORD_BATCH);
    expect(record).toEqual({ offset: 0, timestamp: 1000, key: null, value: Buffer.from('hi'), headers: [] });
  });

  it('detects a flipped bit anywhere the CRC covers', () => {
    const copy = Buffer.from(ONE_RECORD_BATCH);
    copy[copy.length - 2] ^= 0x01;
    expect(batchProblem(copy, 0, copy.length)).toMatch(/CRC mismatch/);
  });

  it('lets the broker rewrite the base offset without touching the CRC', () => {
    const copy = Buffer.from(ONE_RECORD_BATCH);
    setBaseOffset(copy, 42);
    expect(batchProblem(copy, 0, copy.length)).toBeNull();
    expect(readRecords(copy)[0].offset).toBe(42);
  });

  it('tells truncated from corrupt', () => {
    expect(batchProblem(ONE_RECORD_BATCH, 0, 30)).toBe('truncated');
    expect(batchProblem(ONE_RECORD_BATCH, 0, ONE_RECORD_BATCH.length - 1)).toBe('truncated');
    const badMagic = Buffer.from(ONE_RECORD_BATCH);
    badMagic[16] = 1;
    expect(batchProblem(badMagic, 0, badMagic.length)).toMatch(/magic 1/);
    const tinyLength = Buffer.from(ONE_RECORD_BATCH);
    tinyLength.writeInt32BE(3, 8);
    expect(batchProblem(tinyLength, 0, tinyLength.length)).toMatch(/smaller than a batch header/);
  });

  it('round-trips keys, headers and gzip', () => {
    const batch = buildBatch(
      [
        { key: 'k1', value: 'v1', headers: [{ key: 'h', value: 'x' }], timestamp: 5 },
        { key: null, value: null, timestamp: 9 },
      ],
      { compression: Compression.Gzip, baseOffset: 7 },
    );
    expect(batchInfo(batch)).toMatchObject({ compression: Compression.Gzip, recordCount: 2, lastOffsetDelta: 1, maxTimestamp: 9 });
    expect(readRecords(batch)).toEqual([
      { offset: 7, timestamp: 5, key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [{ key: 'h', value: Buffer.from('x') }] },
      { offset: 8, timestamp: 9, key: null, value: null, headers: [] },
    ]);
  });

  it('splits concatenated batches and stops at an incomplete one', () => {
    const a = buildBatch([{ value: 'a' }]);
    const b = buildBatch([{ value: 'bb' }]);
    const joined = Buffer.concat([a, b, b.subarray(0, 20)]);
    expect([...batchesIn(joined)]).toEqual([
      { pos: 0, size: a.length },
      { pos: a.length, size: b.length },
    ]);
  });
});
