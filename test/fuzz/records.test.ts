/**
 * Regression for a crash the fuzzer found in wire/records.ts: readRecords trusted a batch's
 * record count and each record's length. A record whose length is -1 sends the reader back to
 * that same length byte, so a 68-byte batch claiming 2^31-1 records decoded the same record over
 * and over (5 million records and 850 MB of heap in 4.5 s, then out of memory). The client
 * computes the CRC, so Produce stores such a batch as sent, and ListOffsets by timestamp, which
 * decodes stored batches, took the broker down.
 */
import { Broker } from '../../src/broker';
import { DecodeError } from '../../wire/io';
import { BATCH_HEADER_SIZE, buildBatch, computeCrc, CRC, LAST_OFFSET_DELTA, readRecords, RECORD_COUNT } from '../../wire/records';
import { createTopic, listOffset, produce, TestClient } from '../server/client';

/** One record (null key and value) whose length varint says `length`, in a batch claiming `count` records; the CRC is valid. */
function hostileBatch(count: number, length = -1): Buffer {
  const batch = buildBatch([{ key: null, value: null, timestamp: 1000 }]);
  batch[BATCH_HEADER_SIZE] = length < 0 ? -2 * length - 1 : 2 * length; // zigzag, one byte
  batch.writeInt32BE(count - 1, LAST_OFFSET_DELTA);
  batch.writeInt32BE(count, RECORD_COUNT);
  batch.writeUInt32BE(computeCrc(batch, 0, batch.length), CRC);
  return batch;
}

test.each([
  ['a negative record length', hostileBatch(3, -2), /invalid record size -2/],
  ['a record length of -1 (which re-read the same record forever)', hostileBatch(3), /invalid record size -1/],
  ['a huge record count', hostileBatch(0x7fffffff), /record count 2147483647/],
  ['a record count beyond what the bytes hold', (() => {
    const b = buildBatch([{ key: 'k', value: 'v' }]);
    b.writeInt32BE(1_000_000, RECORD_COUNT);
    return b;
  })(), /record count 1000000/],
  ['a negative record count', (() => {
    const b = buildBatch([{ key: 'k', value: 'v' }]);
    b.writeInt32BE(-5, RECORD_COUNT);
    return b;
  })(), /invalid record count -5/],
])('readRecords rejects %s with DecodeError, at once', (_title, batch, message) => {
  const started = performance.now();
  expect(() => readRecords(batch)).toThrow(DecodeError);
  expect(() => readRecords(batch)).toThrow(message);
  expect(performance.now() - started).toBeLessThan(100);
});

test('a stored batch with a hostile record length does not take the broker down on ListOffsets by timestamp', async () => {
  const broker = await Broker.start({ port: 0, host: '127.0.0.1', inMemory: true, logLevel: 'silent' });
  const c = await TestClient.connect(broker.port);
  try {
    await createTopic(c, 'odd', 1);
    const stored = await produce(c, 'odd', 0, hostileBatch(0x7fffffff));
    expect(stored.errorCode).toBe(0); // the CRC is right: Kafka would decompress and refuse it, we store it as sent
    const started = Date.now();
    const found = await listOffset(c, 'odd', 0, 500);
    // The batch cannot be decoded record by record, so it is the grain: its first offset.
    expect([found.errorCode, found.offset, found.timestamp]).toEqual([0, 0, 1000]);
    expect(Date.now() - started).toBeLessThan(1000);
  } finally {
    await c.close();
    await broker.stop();
  }
});
