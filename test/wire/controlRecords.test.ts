/**
 * Transaction marker control batches, written out by hand from Kafka's RecordBatch v2 layout,
 * ControlRecordType (key: version int16, type int16; ABORT = 0, COMMIT = 1) and
 * EndTransactionMarker (value: version int16, coordinatorEpoch int32). The CRC-32C values were
 * computed by an independent bitwise implementation of the Castagnoli polynomial.
 */
import { buildControlBatch, readControlRecord } from '../../wire/controlRecords';
import { batchInfo, batchProblem, buildBatch, readRecords } from '../../wire/records';
import { hex } from './fixtureHelpers';

/** The marker batch for producer 1000, epoch 2, coordinator epoch 5, timestamp 1000. */
function markerBatch(crc: string, type: string): string {
  return (
    '0000000000000000' + // baseOffset 0
    '00000042' + // batchLength 66
    'ffffffff' + // partitionLeaderEpoch -1 (set by the leader on append)
    '02' + // magic 2
    crc + // crc
    '0030' + // attributes: control (0x20) | transactional (0x10), no compression, CreateTime
    '00000000' + // lastOffsetDelta 0
    '00000000000003e8' + // baseTimestamp 1000
    '00000000000003e8' + // maxTimestamp 1000
    '00000000000003e8' + // producerId 1000
    '0002' + // producerEpoch 2
    'ffffffff' + // baseSequence -1
    '00000001' + // 1 record
    '20' + // record length 16 (zigzag varint)
    '00' + // record attributes
    '00' + // timestampDelta 0
    '00' + // offsetDelta 0
    '08' + // key length 4
    '0000' + //   key version 0
    type + //   type
    '0c' + // value length 6
    '0000' + //   value version 0
    '00000005' + //   coordinatorEpoch 5
    '00' // no headers
  );
}

const COMMIT_BATCH = markerBatch('b5ffabb3', '0001'); // type 1 = COMMIT
const ABORT_BATCH = markerBatch('41c17dfb', '0000'); // type 0 = ABORT

const options = { producerId: 1000, producerEpoch: 2, coordinatorEpoch: 5, timestamp: 1000 };

describe('transaction marker control batches', () => {
  test('COMMIT builds the exact bytes', () => {
    expect(buildControlBatch({ ...options, commit: true }).toString('hex')).toBe(hex(COMMIT_BATCH).toString('hex'));
  });

  test('ABORT builds the exact bytes', () => {
    expect(buildControlBatch({ ...options, commit: false }).toString('hex')).toBe(hex(ABORT_BATCH).toString('hex'));
  });

  test('the hand-written batches are intact and carry the header fields', () => {
    for (const b of [COMMIT_BATCH, ABORT_BATCH]) {
      const buf = hex(b);
      expect(batchProblem(buf, 0, buf.length)).toBeNull();
      expect(batchInfo(buf)).toMatchObject({
        control: true,
        transactional: true,
        producerId: 1000,
        producerEpoch: 2,
        baseSequence: -1,
        recordCount: 1,
        lastOffsetDelta: 0,
      });
    }
  });

  test('reads the hand-written markers', () => {
    expect(readControlRecord(hex(COMMIT_BATCH))).toEqual({ commit: true, coordinatorEpoch: 5 });
    expect(readControlRecord(hex(ABORT_BATCH))).toEqual({ commit: false, coordinatorEpoch: 5 });
  });

  test('reads a marker at a position inside a larger buffer', () => {
    const data = buildBatch([{ value: 'x', timestamp: 1 }]);
    const buf = Buffer.concat([data, hex(ABORT_BATCH)]);
    expect(readControlRecord(buf, data.length)).toEqual({ commit: false, coordinatorEpoch: 5 });
  });

  test('the largest coordinator epoch round-trips', () => {
    const batch = buildControlBatch({ ...options, commit: true, coordinatorEpoch: 2147483647 });
    expect(readControlRecord(batch)).toEqual({ commit: true, coordinatorEpoch: 2147483647 });
  });

  test('a data batch is not a marker', () => {
    expect(readControlRecord(buildBatch([{ value: 'x' }], { transactional: true, producerId: 1 }))).toBeNull();
  });

  test('other control types (KRaft LEADER_CHANGE = 2) are not transaction markers', () => {
    const batch = buildBatch([{ key: hex('0000 0002'), value: hex('0000 00000000'), timestamp: 1000 }], {
      control: true,
    });
    expect(readControlRecord(batch)).toBeNull();
  });

  test('newer key and value versions are read as version 0 (Kafka only appends fields)', () => {
    const batch = buildBatch(
      [{ key: hex('0001 0001 ff'), value: hex('0001 00000009 abcd'), timestamp: 1000 }],
      { control: true, transactional: true },
    );
    expect(readControlRecord(batch)).toEqual({ commit: true, coordinatorEpoch: 9 });
  });

  test('a short key or value is rejected', () => {
    const shortKey = buildBatch([{ key: hex('0000'), value: hex('0000 00000005') }], { control: true });
    expect(() => readControlRecord(shortKey)).toThrow(/key/);
    const shortValue = buildBatch([{ key: hex('0000 0001'), value: hex('0000 0000') }], { control: true });
    expect(() => readControlRecord(shortValue)).toThrow(/value/);
  });

  test('records of a marker batch decode as one keyed record', () => {
    const [record] = readRecords(hex(COMMIT_BATCH));
    expect(record).toEqual({
      offset: 0,
      timestamp: 1000,
      key: hex('0000 0001'),
      value: hex('0000 00000005'),
      headers: [],
    });
  });
});
