/**
 * The background cleaner of a running broker (in memory here; the disk engine is covered by the
 * other cleaner tests): it runs by itself every log.cleaner.backoff.ms, and a Fetch at an offset
 * cleaning removed answers with the batch that follows, as Kafka's does.
 */
import { Broker } from '../../src/broker';
import { DEFAULT_TOPIC_DEFAULTS } from '../../src/topics/topicConfig';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { baseOffsetOf, buildBatch, readRecords } from '../../wire/records';
import { ClientPool, fetchBody, produce, splitBatches, TestClient } from '../server/client';

const pool = new ClientPool();
let broker: Broker;

beforeAll(async () => {
  broker = await Broker.start({
    port: 0,
    host: '127.0.0.1',
    inMemory: true,
    logLevel: 'silent',
    topicDefaults: { ...DEFAULT_TOPIC_DEFAULTS, cleanerBackoffMs: 100 },
  });
  broker.ensureTopic('compacted', 1, { 'cleanup.policy': 'compact', 'segment.bytes': '14' });
});

afterAll(async () => {
  await pool.closeAll();
  await broker?.stop();
});

async function fetchFrom(c: TestClient, offset: number): Promise<Buffer[]> {
  const res: FetchResponse = await c.request(Fetch, 12, fetchBody([{ topic: 'compacted', partition: 0, fetchOffset: offset }]));
  const partition = res.responses[0].partitions[0];
  expect(partition.errorCode).toBe(0);
  return splitBatches(partition.records);
}

test('compacts on its own timer; fetches at removed offsets start at the next batch', async () => {
  const c = await pool.connect(broker.port);
  for (const value of ['v0', 'v1', 'v2']) await produce(c, 'compacted', 0, buildBatch([{ key: 'k', value }, { key: `only-${value}`, value }]), { version: 9 });

  const deadline = Date.now() + 5000;
  let batches = await fetchFrom(c, 0);
  while (batches.flatMap((b) => readRecords(b)).length === 6 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    batches = await fetchFrom(c, 0);
  }
  const seen = batches.flatMap((b) => readRecords(b).map((r) => `${r.offset}:${r.key}=${r.value}`));
  expect(seen).toEqual(['1:only-v0=v0', '2:k=v1', '3:only-v1=v1', '4:k=v2', '5:only-v2=v2']);
  // Offset 0 is gone: a fetch there gets the batch holding offset 1.
  expect(baseOffsetOf((await fetchFrom(c, 0))[0])).toBe(0);
  expect(readRecords((await fetchFrom(c, 0))[0])[0].offset).toBe(1);
});
