/**
 * Retention on a real broker, on disk and in memory: retention.ms by each segment's largest
 * timestamp, retention.bytes by Kafka's rule, never the active segment, nothing for compact-only
 * topics or −1; what clients then see (ListOffsets earliest, Fetch OFFSET_OUT_OF_RANGE), the start
 * surviving a restart, and the background pass running by itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker, BrokerOptions } from '../../src/broker';
import { MemoryVolume } from '../../src/storage/MemoryVolume';
import { DEFAULT_TOPIC_DEFAULTS } from '../../src/topics/topicConfig';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { ClientPool, fetchBody, listOffset, produce, TestClient } from '../server/client';

const pool = new ClientPool();
afterEach(() => pool.closeAll());

/** Where a broker keeps its data, so a second start finds it again. */
const PLACES: [string, () => { options: BrokerOptions; cleanup(): void }][] = [
  [
    'on disk',
    () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-retention-'));
      return { options: { dataDir }, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    },
  ],
  ['in memory', () => ({ options: { inMemory: true, memory: new MemoryVolume() }, cleanup() {} })],
];

const MINUTE = 60_000;
/** One ~240-byte batch: four fit in a 1024-byte segment. */
const stamped = (timestamp: number, i: number) => buildBatch([{ value: `record-${i}`.padEnd(170, '.'), timestamp }]);

async function earliest(c: TestClient, topic: string): Promise<number> {
  const p = await listOffset(c, topic, 0, -2);
  expect(p.errorCode).toBe(0);
  return p.offset;
}

async function fetchError(c: TestClient, topic: string, fetchOffset: number): Promise<number> {
  const res: FetchResponse = await c.request(Fetch, 12, fetchBody([{ topic, partition: 0, fetchOffset }]));
  return res.responses[0].partitions[0].errorCode;
}

describe.each(PLACES)('retention %s', (_name, makePlace) => {
  let place: ReturnType<typeof makePlace>;
  let broker: Broker;
  const start = (extra: BrokerOptions = {}) => Broker.start({ port: 0, logLevel: 'silent', dev: true, ...place.options, ...extra });

  beforeEach(async () => {
    place = makePlace();
    // A slow timer: the tests run passes themselves.
    broker = await start({ topicDefaults: { ...DEFAULT_TOPIC_DEFAULTS, retentionCheckIntervalMs: 3_600_000 } });
  });
  afterEach(async () => {
    await broker.stop();
    place.cleanup();
  });

  test('retention.ms deletes closed segments whose newest record is too old, never the active one; the start survives a restart', async () => {
    broker.ensureTopic('aged', 1, { 'segment.bytes': '1024', 'retention.ms': String(10 * MINUTE) });
    const c = await pool.connect(broker.port);
    const old = Date.now() - 60 * MINUTE;
    for (let i = 0; i < 12; i++) await produce(c, 'aged', 0, stamped(old + i, i)); // offsets 0..11, 3 segments
    for (let i = 12; i < 14; i++) await produce(c, 'aged', 0, stamped(Date.now(), i)); // a 4th segment, recent
    const deletions = broker.runRetention();
    expect(deletions).toEqual([
      { topic: 'aged', partition: 0, reason: 'retention.ms', segments: 3, bytes: expect.any(Number), logStartOffset: 12 },
    ]);
    expect(await earliest(c, 'aged')).toBe(12);
    expect(await fetchError(c, 'aged', 11)).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(await fetchError(c, 'aged', 12)).toBe(ErrorCode.NONE);
    // Nothing more to do; and an old active segment stays too.
    expect(broker.runRetention()).toEqual([]);

    await broker.stop();
    broker = await start();
    const again = await pool.connect(broker.port);
    expect(await earliest(again, 'aged')).toBe(12);
    expect(await listOffset(again, 'aged', 0, -1)).toMatchObject({ offset: 14 });
    expect(await produce(again, 'aged', 0, stamped(Date.now(), 14))).toMatchObject({ errorCode: 0, baseOffset: 14 });
  });

  test('retention.bytes deletes the oldest segments while the rest still holds at least that much', async () => {
    broker.ensureTopic('sized', 1, { 'segment.bytes': '1024', 'retention.bytes': '2000' });
    const c = await pool.connect(broker.port);
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const b = stamped(Date.now(), i);
      total += b.length;
      await produce(c, 'sized', 0, b);
    } // 5 segments of 4 batches
    const [deletion] = broker.runRetention();
    expect(deletion).toMatchObject({ topic: 'sized', reason: 'retention.bytes', segments: 2, logStartOffset: 8 });
    const kept = total - deletion.bytes;
    expect(kept).toBeGreaterThanOrEqual(2000);
    expect(kept - deletion.bytes / 2).toBeLessThan(2000); // one segment more would go below
    expect(await earliest(c, 'sized')).toBe(8);
  });

  test('nothing goes with retention −1, or from a compact-only topic', async () => {
    broker.ensureTopic('forever', 1, { 'segment.bytes': '1024', 'retention.ms': '-1', 'retention.bytes': '-1' });
    broker.ensureTopic('compacted', 1, { 'segment.bytes': '1024', 'retention.ms': '1', 'cleanup.policy': 'compact' });
    const c = await pool.connect(broker.port);
    const old = Date.now() - 60 * MINUTE;
    for (let i = 0; i < 10; i++) {
      await produce(c, 'forever', 0, stamped(old, i));
      await produce(c, 'compacted', 0, buildBatch([{ key: `k${i}`, value: `v${i}`.padEnd(200, '.'), timestamp: old }]));
    }
    expect(broker.runRetention()).toEqual([]);
    expect(await earliest(c, 'forever')).toBe(0);
    expect(await earliest(c, 'compacted')).toBe(0);
  });

  test('the background pass runs every log.retention.check.interval.ms', async () => {
    await broker.stop();
    broker = await start({ topicDefaults: { ...DEFAULT_TOPIC_DEFAULTS, retentionCheckIntervalMs: 50 } });
    broker.ensureTopic('timed', 1, { 'segment.bytes': '1024', 'retention.ms': String(MINUTE) });
    const c = await pool.connect(broker.port);
    const old = Date.now() - 10 * MINUTE;
    for (let i = 0; i < 5; i++) await produce(c, 'timed', 0, stamped(old, i)); // offsets 0..3, then 4 in a new segment
    const deadline = Date.now() + 5000;
    while ((await earliest(c, 'timed')) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await earliest(c, 'timed')).toBe(4);
  });
});
