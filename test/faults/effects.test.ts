/**
 * The other fault effects over real TCP: delayed responses (in order: later responses wait behind),
 * reported throttle times, connections dropped before or after the request runs, rules for one
 * node of a cluster, and the info-level log of every rule added, applied, used up and removed.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { Produce, ProduceResponse } from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import { buildBatch } from '../../wire/records';
import { Broker } from '../../src/broker';
import { startCluster } from '../../src/cluster/startCluster';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { ClientPool, decodeResponse, logEndOffset, produceBody, TestClient } from '../server/client';

let broker: EmbeddedBroker;
const pool = new ClientPool();
let c: TestClient;

beforeAll(async () => {
  broker = await startBroker({ inMemory: true, topics: ['slow', 'drop-before', 'drop-after', 'throttled'] });
});
afterAll(() => broker.stop());
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(async () => {
  broker.faults.clear();
  await pool.closeAll();
});

const produceOne = (topic: string) => produceBody(topic, 0, buildBatch([{ value: 'v' }]));

test('delay: the response is held back (the write is already done) and later responses wait behind it', async () => {
  broker.faults.add({ api: 'Produce', topic: 'slow', delayMs: 300 });
  const watcher = await pool.connect(broker.port);
  const started = Date.now();
  const produceId = c.send(Produce, 9, produceOne('slow'));
  const versionsId = c.send(ApiVersions, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' });

  // The append happened at once, as a slow acknowledgement would have it.
  expect(await logEndOffset(watcher, 'slow')).toBe(1);
  const first = decodeResponse<ProduceResponse>(Produce, 9, await c.nextFrame());
  const elapsed = Date.now() - started;
  expect(first.correlationId).toBe(produceId);
  expect(first.body.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });
  expect(elapsed).toBeGreaterThanOrEqual(290);
  const second = decodeResponse<ApiVersionsResponse>(ApiVersions, 3, await c.nextFrame());
  expect(second.correlationId).toBe(versionsId);
});

test('delay with an error: the error arrives late, nothing is written', async () => {
  broker.faults.add({ api: 'Produce', topic: 'slow', delayMs: 200, errorCode: 'REQUEST_TIMED_OUT' });
  const before = await logEndOffset(c, 'slow');
  const started = Date.now();
  const res: ProduceResponse = await c.request(Produce, 9, produceOne('slow'));
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  expect(res.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.REQUEST_TIMED_OUT);
  expect(await logEndOffset(c, 'slow')).toBe(before);
});

test('throttle: throttleTimeMs in an otherwise normal, immediate response', async () => {
  broker.faults.add({ api: 'Produce', throttleMs: 1500 });
  const started = Date.now();
  const res: ProduceResponse = await c.request(Produce, 9, produceOne('throttled'));
  expect(Date.now() - started).toBeLessThan(1000);
  expect(res.throttleTimeMs).toBe(1500);
  expect(res.responses[0].partitionResponses[0].errorCode).toBe(0);
  const next: ProduceResponse = await c.request(Produce, 9, produceOne('throttled'));
  expect(next.throttleTimeMs).toBe(0);
});

test('drop before: earlier responses arrive, then the connection closes; the request never ran and later ones are not read', async () => {
  const check = await pool.connect(broker.port);
  const before = await logEndOffset(check, 'slow');
  broker.faults.add({ api: 'Produce', topic: 'drop-before', dropConnection: 'before' });
  const first = c.send(ApiVersions, 0, {});
  c.send(Produce, 9, produceOne('drop-before'));
  c.send(Produce, 9, produceOne('slow')); // pipelined behind the dropped one

  expect(decodeResponse(ApiVersions, 0, await c.nextFrame()).correlationId).toBe(first);
  expect(await c.waitClosed()).toBe(true);
  expect(c.closedByServer).toBe(true);
  expect(c.queued).toBe(0);
  expect(await logEndOffset(check, 'drop-before')).toBe(0);
  expect(await logEndOffset(check, 'slow')).toBe(before);
});

test('drop after: the request runs (the record is written) but its response never comes', async () => {
  broker.faults.add({ api: 'Produce', topic: 'drop-after', dropConnection: 'after', delayMs: 100 });
  const started = Date.now();
  c.send(Produce, 9, produceOne('drop-after'));
  expect(await c.waitClosed()).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  expect(c.queued).toBe(0);
  expect(await logEndOffset(await pool.connect(broker.port), 'drop-after')).toBe(1);
});

test('nodeId: in a cluster, a rule applies only to requests received by that node', async () => {
  const cluster = await startCluster({ brokers: 2, inMemory: true });
  try {
    cluster.faults.add({ api: 'ApiVersions', nodeId: 2, errorCode: 'UNSUPPORTED_VERSION', count: Infinity });
    const [node1, node2] = cluster.nodes;
    const c1 = await pool.connect(node1.port);
    const c2 = await pool.connect(node2.port);
    expect((await c1.request<ApiVersionsResponse>(ApiVersions, 0, {})).errorCode).toBe(0);
    expect((await c2.request<ApiVersionsResponse>(ApiVersions, 0, {})).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(cluster.faults.list()[0]).toMatchObject({ nodeId: 2, fired: 1 });
  } finally {
    await cluster.stop();
  }
});

test('every rule added, applied, used up, removed and cleared is logged at info level', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  const logged = await Broker.start({ port: 0, host: '127.0.0.1', inMemory: true, dev: true, logger: pino({ level: 'info' }, sink) });
  try {
    const once = logged.faults.add({ api: 'ApiVersions', errorCode: 'UNKNOWN_SERVER_ERROR' });
    const kept = logged.faults.add({ api: 'Heartbeat', errorCode: 'REBALANCE_IN_PROGRESS', count: 5 });
    logged.faults.add({ api: 'Fetch', delayMs: 10 });
    const client = await pool.connect(logged.port);
    await client.request(ApiVersions, 0, {});
    logged.faults.remove(kept);
    logged.faults.clear();

    const faultLines = lines.filter((l) => 'faultRule' in l || 'removed' in l).map((l) => ({ msg: l.msg, level: l.level, rule: (l.faultRule as { id?: number })?.id }));
    expect(faultLines).toEqual([
      { msg: `fault rule ${once} added`, level: 30, rule: once },
      { msg: `fault rule ${kept} added`, level: 30, rule: kept },
      { msg: `fault rule ${kept + 1} added`, level: 30, rule: kept + 1 },
      { msg: `fault rule ${once} applied to ApiVersions`, level: 30, rule: once },
      { msg: `fault rule ${once} used up and removed`, level: 30, rule: once },
      { msg: `fault rule ${kept} removed`, level: 30, rule: kept },
      { msg: 'fault rules cleared', level: 30, rule: undefined },
    ]);
    const applied = lines.find((l) => l.msg === `fault rule ${once} applied to ApiVersions`)!;
    expect(applied).toMatchObject({ api: 'ApiVersions', apiVersion: 0, clientId: 'test', nodeId: 1, faultRule: { id: once, api: 'ApiVersions', errorCode: -1, error: 'UNKNOWN_SERVER_ERROR', remaining: 0, fired: 1 } });
  } finally {
    await logged.stop();
  }
});
