/**
 * Connection limits, backpressure and the idle timeout, over real TCP: max.connections (new
 * connections wait for a slot), max.connections.per.ip (closed at once), socket.request.max.bytes
 * when configured, connections.max.idle.ms, and hundreds of stalled clients that must neither
 * starve a kafkajs producer and consumer nor make the broker buffer without bound.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pino from 'pino';
import { Broker, BrokerOptions } from '../../src/broker';
import { ConnectionConfig, DEFAULT_CONFIG } from '../../src/config';
import { parsePerIpOverrides } from '../../src/server/ConnectionQuotas';
import { RateLimitedLog } from '../../src/server/RateLimitedLog';
import { MAX_UNSENT_BYTES } from '../../src/server/backpressure';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { Metadata } from '../../wire/apis/Metadata';
import { Writer } from '../../wire/io';
import { buildBatch } from '../../wire/records';
import { ClientPool, createTopic, decodeResponse, fetchBody, produce, requestFrame, splitBatches, TestClient } from './client';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const brokers: Broker[] = [];
const pool = new ClientPool();

async function startBroker(connections: Partial<ConnectionConfig> = {}, options: BrokerOptions = {}): Promise<Broker> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-limits-'));
  dirs.push(dataDir);
  const broker = await Broker.start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    connections: { ...DEFAULT_CONFIG.connections, ...connections },
    ...options,
  });
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  await pool.closeAll();
  for (const b of brokers.splice(0)) await b.stop();
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A pino logger that keeps what it writes, to check the warnings. */
function capturingLogger(): { logger: pino.Logger; lines: () => { level: number; msg: string; [k: string]: unknown }[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines: () => out.map((l) => JSON.parse(l)) };
}

async function apiVersionsOk(c: TestClient): Promise<void> {
  const res: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'limits', clientSoftwareVersion: '1' });
  expect(res.errorCode).toBe(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw socket that connects and never reads what the broker sends (its receive buffer fills up). */
function rawSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.pause();
    s.on('error', () => {});
    s.once('error', reject);
  });
}

describe('max.connections.per.ip', () => {
  test('over the limit a new connection is closed at once and a warning logged; the others keep working; a freed slot is reusable', async () => {
    const { logger, lines } = capturingLogger();
    const broker = await startBroker({ maxConnectionsPerIp: 3 }, { logger });
    const admitted = [await pool.connect(broker.port), await pool.connect(broker.port), await pool.connect(broker.port)];
    for (const c of admitted) await apiVersionsOk(c);

    const refused = await pool.connect(broker.port);
    expect(await refused.waitClosed(1000)).toBe(true);
    expect(refused.closedByServer).toBe(true);
    const refusedAgain = await pool.connect(broker.port); // a reconnect loop: refused each time, warned once
    expect(await refusedAgain.waitClosed(1000)).toBe(true);
    for (const c of admitted) await apiVersionsOk(c);

    const warnings = lines().filter((l) => l.msg.includes('max.connections.per.ip'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, ip: '127.0.0.1', max: 3 });

    await admitted[0].close();
    await sleep(50); // the broker sees the close
    const next = await pool.connect(broker.port);
    await apiVersionsOk(next);
  });

  test('max.connections.per.ip.overrides raises the limit for one address', async () => {
    const broker = await startBroker({ maxConnectionsPerIp: 0, maxConnectionsPerIpOverrides: { '127.0.0.1': 2 } });
    const a = await pool.connect(broker.port);
    const b = await pool.connect(broker.port);
    await apiVersionsOk(a);
    await apiVersionsOk(b);
    const c = await pool.connect(broker.port);
    expect(await c.waitClosed(1000)).toBe(true);
    await apiVersionsOk(a);
  });

  test('overrides are parsed as Kafka writes them; a bad entry is named', () => {
    expect(parsePerIpOverrides('127.0.0.1:5, ::1:7,10.0.0.2:0')).toEqual({ '127.0.0.1': 5, '::1': 7, '10.0.0.2': 0 });
    expect(parsePerIpOverrides('')).toEqual({});
    expect(() => parsePerIpOverrides('127.0.0.1:5,nohost')).toThrow('"nohost" is not host:count');
    expect(() => parsePerIpOverrides('h:-1')).toThrow('"h:-1" is not host:count');
  });
});

describe('max.connections', () => {
  test('over the limit a new connection waits unanswered (Kafka blocks its acceptor) until another closes', async () => {
    const broker = await startBroker({ maxConnections: 2 });
    const a = await pool.connect(broker.port);
    const b = await pool.connect(broker.port);
    await apiVersionsOk(a);
    await apiVersionsOk(b);

    const waiting = await pool.connect(broker.port); // the TCP handshake completes, as in Kafka's backlog
    const id = waiting.send(ApiVersions, 3, { clientSoftwareName: 'waiting', clientSoftwareVersion: '1' });
    await sleep(300);
    expect(waiting.queued).toBe(0);
    expect(waiting.closed).toBe(false);
    await apiVersionsOk(a); // the admitted ones keep working
    await apiVersionsOk(b);

    await a.close();
    const res: ApiVersionsResponse = await waiting.receive(ApiVersions, 3, id, 2000);
    expect(res.errorCode).toBe(0);
    await apiVersionsOk(b);
  });

  test('when the backlog of waiting connections is full (50, Kafka\'s socket.listen.backlog.size), further ones are closed', async () => {
    const broker = await startBroker({ maxConnections: 1 });
    const admitted = await pool.connect(broker.port);
    const waiting: TestClient[] = [];
    for (let i = 0; i < 50; i++) waiting.push(await pool.connect(broker.port));
    const over = await pool.connect(broker.port);
    expect(await over.waitClosed(1000)).toBe(true);
    expect(waiting.some((c) => c.closed)).toBe(false);
    await apiVersionsOk(admitted);

    // A waiting client that gives up leaves the queue; the next one in line gets the slot.
    await waiting[0].close();
    await admitted.close();
    await apiVersionsOk(waiting[1]);
  });
});

describe('connections.max.idle.ms', () => {
  test('an idle connection is closed; a busy one and one waiting for a long poll are not', async () => {
    const broker = await startBroker({ idleMs: 400 });
    const setup = await pool.connect(broker.port);
    await createTopic(setup, 'idle', 1);

    const idle = await pool.connect(broker.port);
    const busy = await pool.connect(broker.port);
    const polling = await pool.connect(broker.port);
    const started = Date.now();
    // A long poll at the log end, longer than the idle time: the connection is waiting, not idle.
    const pollId = polling.send(Fetch, 12, fetchBody([{ topic: 'idle', partition: 0, fetchOffset: 0 }], { maxWaitMs: 1500, minBytes: 1 }));
    const ticking = (async () => {
      while (Date.now() - started < 1500) {
        await apiVersionsOk(busy);
        await sleep(150);
      }
    })();

    expect(await idle.waitClosed(3000)).toBe(true);
    expect(idle.closedByServer).toBe(true);
    const idleFor = Date.now() - started;
    expect(idleFor).toBeGreaterThanOrEqual(350);
    await ticking;
    expect(busy.closed).toBe(false);
    const polled: FetchResponse = await polling.receive(Fetch, 12, pollId, 3000);
    expect(polled.responses[0].partitions[0].errorCode).toBe(0);
    expect(polling.closed).toBe(false);
    // After its answer the polling connection is idle too.
    expect(await polling.waitClosed(3000)).toBe(true);
    expect(await busy.waitClosed(3000)).toBe(true);
  });

  test('-1 turns the idle timeout off', async () => {
    const broker = await startBroker({ idleMs: -1 });
    const c = await pool.connect(broker.port);
    expect(await c.waitClosed(600)).toBe(false);
    await apiVersionsOk(c);
  });
});

describe('socket.request.max.bytes when set', () => {
  test('a frame above it closes the connection; one of exactly that size is answered', async () => {
    const broker = await startBroker({}, { socketRequestMaxBytes: 1000 });
    // A Metadata v0 request padded to exactly 1000 bytes: Kafka ignores bytes after the body.
    const body = requestFrame(Metadata, 0, { topics: [] }, 7).subarray(4);
    const exact = Buffer.concat([body, Buffer.alloc(1000 - body.length)]);
    const ok = await pool.connect(broker.port);
    ok.sendRaw(Buffer.concat([new Writer().int32(1000).toBuffer(), exact]));
    const frame = await ok.nextFrame(2000);
    expect(decodeResponse(Metadata, 0, frame).correlationId).toBe(7);

    const big = await pool.connect(broker.port);
    big.sendRaw(new Writer().int32(1001).toBuffer());
    expect(await big.waitClosed(1000)).toBe(true);
    await apiVersionsOk(ok);
  });
});

describe('backpressure', () => {
  /** 'big' holds 8 batches of 64 KiB: each Fetch of it from offset 0 answers about half a MiB. */
  async function fillBigTopic(broker: Broker): Promise<number> {
    const setup = await pool.connect(broker.port);
    await createTopic(setup, 'big', 1);
    const value = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 8; i++) expect((await produce(setup, 'big', 0, buildBatch([{ key: `k${i}`, value }]))).errorCode).toBe(0);
    const res: FetchResponse = await setup.request(Fetch, 12, fetchBody([{ topic: 'big', partition: 0, fetchOffset: 0 }]));
    return res.responses[0].partitions[0].records!.length;
  }

  function fetchFrames(count: number, firstId: number): Buffer {
    const frames: Buffer[] = [];
    for (let i = 0; i < count; i++) frames.push(requestFrame(Fetch, 12, fetchBody([{ topic: 'big', partition: 0, fetchOffset: 0 }]), firstId + i));
    return Buffer.concat(frames);
  }

  function heldBytes(): number {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  }

  test('a client that sends 200 Fetches and reads nothing is muted; when it reads at last, all 200 answers come in order', async () => {
    const broker = await startBroker();
    const responseBytes = await fillBigTopic(broker);
    expect(responseBytes).toBeGreaterThan(500 * 1024);

    global.gc?.();
    const before = heldBytes();
    const s = await rawSocket(broker.port);
    s.write(fetchFrames(200, 1));
    await sleep(500);
    // Had all 200 been answered into the socket, ~100 MiB would sit in its write buffer.
    global.gc?.();
    expect(heldBytes() - before).toBeLessThan(MAX_UNSENT_BYTES + 16 * MiB);
    const c = await pool.connect(broker.port);
    await apiVersionsOk(c);

    // Now read: every answer arrives, in request order, each with the whole partition.
    const ids: number[] = [];
    let pending = Buffer.alloc(0);
    const all = new Promise<void>((resolve) => {
      s.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
          const size = pending.readInt32BE(0);
          const { correlationId, body } = decodeResponse<FetchResponse>(Fetch, 12, pending.subarray(4, 4 + size));
          expect(splitBatches(body.responses[0].partitions[0].records)).toHaveLength(8);
          ids.push(correlationId);
          pending = pending.subarray(4 + size);
        }
        if (ids.length === 200) resolve();
      });
    });
    s.resume();
    await all;
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    s.destroy();
  });

  test('300 stalled clients (silent, half a frame, Fetches never read) neither starve kafkajs nor grow memory without bound', async () => {
    const broker = await startBroker();
    await fillBigTopic(broker);
    await createTopic(await pool.connect(broker.port), 'healthy', 1);
    global.gc?.();
    const before = heldBytes();

    const stalled: net.Socket[] = [];
    const halfFrame = requestFrame(ApiVersions, 3, { clientSoftwareName: 'half', clientSoftwareVersion: '1' }, 1);
    for (let i = 0; i < 100; i++) {
      stalled.push(await rawSocket(broker.port)); // connects and says nothing
      const half = await rawSocket(broker.port);
      half.write(halfFrame.subarray(0, Math.floor(halfFrame.length / 2)));
      stalled.push(half);
      const reader = await rawSocket(broker.port);
      reader.write(fetchFrames(100, 1)); // ~50 MiB of answers each, never read
      stalled.push(reader);
    }

    const kafka = new Kafka({ clientId: 'limits-test', brokers: [`127.0.0.1:${broker.port}`], logLevel: logLevel.NOTHING, retry: { retries: 5 } });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: 'limits-healthy', maxWaitTimeInMs: 100 });
    const started = Date.now();
    try {
      await producer.connect();
      for (let i = 0; i < 20; i++) {
        await producer.send({ topic: 'healthy', acks: -1, messages: Array.from({ length: 50 }, (_, j) => ({ key: `k${i}`, value: `v${i * 50 + j}` })) });
      }
      await consumer.connect();
      await consumer.subscribe({ topic: 'healthy', fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ message }) => {
              values.push(message.value!.toString());
              if (values.length === 1000) resolve();
            },
          })
          .catch(reject);
      });
      expect(values).toEqual(Array.from({ length: 1000 }, (_, i) => `v${i}`));
      expect(Date.now() - started).toBeLessThan(30000);

      // Each muted reader holds about one MiB of unsent answers, not its ~50 MiB.
      global.gc?.();
      const grown = heldBytes() - before;
      expect(grown).toBeLessThan(100 * (MAX_UNSENT_BYTES + 2 * MiB));
    } finally {
      await consumer.disconnect().catch(() => {});
      await producer.disconnect().catch(() => {});
      for (const s of stalled) s.destroy();
    }
  }, 60000);
});

describe('RateLimitedLog', () => {
  test('logs a key once per interval, then says how many were left out', () => {
    const { logger, lines } = capturingLogger();
    let now = 0;
    const log = new RateLimitedLog(logger, 10000, () => now);
    expect(log.warn('a', { n: 1 }, 'm')).toBe(true);
    expect(log.warn('a', { n: 2 }, 'm')).toBe(false);
    expect(log.warn('b', { n: 3 }, 'm')).toBe(true);
    now = 10000;
    expect(log.warn('a', { n: 4 }, 'm')).toBe(true);
    expect(lines().map((l) => [l.n, l.suppressed])).toEqual([[1, undefined], [3, undefined], [4, 1]]);
  });
});
