/**
 * Hostile and broken input over real TCP. After each, a second, healthy connection must still get
 * correct answers, and where a write was refused, nothing may have been appended.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker, BrokerOptions } from '../../src/broker';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { Produce, ProduceResponse } from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import { Writer } from '../../wire/io';
import { ATTRIBUTES, buildBatch, Compression, computeCrc, CRC, MAGIC, NewRecord } from '../../wire/records';
import {
  ClientPool,
  createTopic,
  decodeResponse,
  logEndOffset,
  produce,
  produceBody,
  requestFrame,
  TestClient,
} from './client';

const MiB = 1024 * 1024;
const dirs: string[] = [];

async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-badinput-'));
  dirs.push(dataDir);
  return Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', ...options });
}

let broker: Broker;
const pool = new ClientPool();
let c: TestClient;

/** Topic 'victim' (2 partitions) holds 3 records in partition 0 throughout; nothing bad may land there. */
const VICTIM_LEO = 3;

beforeAll(async () => {
  broker = await startBroker();
  const setup = await TestClient.connect(broker.port);
  await createTopic(setup, 'victim', 2);
  expect((await produce(setup, 'victim', 0, buildBatch(recs(3)))).baseOffset).toBe(0);
  await setup.close();
});

afterAll(async () => {
  await broker?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

beforeEach(async () => {
  c = await pool.connect(broker.port);
});

afterEach(() => pool.closeAll());

function recs(n: number): NewRecord[] {
  return Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `value-${i}` }));
}

/** A fresh connection still gets right answers and the victim's partitions are unchanged. */
async function expectHealthy(): Promise<void> {
  const h = await pool.connect(broker.port);
  const versions: ApiVersionsResponse = await h.request(ApiVersions, 3, { clientSoftwareName: 'healthy', clientSoftwareVersion: '1' });
  expect(versions.errorCode).toBe(0);
  const meta: MetadataResponse = await h.request(Metadata, 1, { topics: [{ name: 'victim' }] });
  expect(meta.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([['victim', 0, 2]]);
  expect(await logEndOffset(h, 'victim', 0)).toBe(VICTIM_LEO);
  expect(await logEndOffset(h, 'victim', 1)).toBe(0);
}

/** External memory (Buffers) grows by less than this while the broker handles a hostile frame. */
function memoryProbe(): () => number {
  const before = process.memoryUsage().arrayBuffers;
  return () => process.memoryUsage().arrayBuffers - before;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** Deterministic pseudo-random bytes (mulberry32), so a failure can be replayed. */
function pseudoRandomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let a = seed;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** The request header (v1) of a request, without size prefix or body. */
function header(apiKey: number, version: number, correlationId = 9): Buffer {
  return new Writer().int16(apiKey).int16(version).int32(correlationId).nullableString('bad').toBuffer();
}

function sized(frame: Buffer): Buffer {
  return Buffer.concat([int32(frame.length), frame]);
}

describe('framing', () => {
  test('a negative frame size closes the connection', async () => {
    c.sendRaw(int32(-1));
    expect(await c.waitClosed(1000)).toBe(true);
    expect(c.closedByServer).toBe(true);
    const d = await pool.connect(broker.port);
    d.sendRaw(Buffer.concat([int32(-2147483648), Buffer.alloc(16)]));
    expect(await d.waitClosed(1000)).toBe(true);
    await expectHealthy();
  });

  test('a frame size above 100 MiB closes the connection before the body is sent, without allocating it', async () => {
    const grown = memoryProbe();
    c.sendRaw(int32(100 * MiB + 1));
    expect(await c.waitClosed(1000)).toBe(true);
    expect(grown()).toBeLessThan(16 * MiB);
    await expectHealthy();
  });

  test('a frame of exactly socket.request.max.bytes is not rejected by its size alone', async () => {
    // The broker must wait for the body, not close; we never send it.
    c.sendRaw(int32(100 * MiB));
    expect(await c.waitClosed(300)).toBe(false);
  });

  test('frames shorter than a request header close the connection', async () => {
    c.sendRaw(int32(0));
    expect(await c.waitClosed(1000)).toBe(true);
    const d = await pool.connect(broker.port);
    d.sendRaw(sized(Buffer.from('00120000', 'hex')));
    expect(await d.waitClosed(1000)).toBe(true);
    await expectHealthy();
  });

  test('a truncated frame, then a client half-close: the connection is closed, no response', async () => {
    const frame = requestFrame(ApiVersions, 0, {}, 5);
    c.sendRaw(frame.subarray(0, frame.length - 2));
    c.end();
    expect(await c.waitClosed(2000)).toBe(true);
    expect(c.queued).toBe(0);
    await expectHealthy();
  });

  test('a frame split into single bytes is reassembled', async () => {
    const frame = requestFrame(ApiVersions, 3, { clientSoftwareName: 'slow', clientSoftwareVersion: '1' }, 6);
    for (const byte of frame) {
      c.sendRaw(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const res: ApiVersionsResponse = await c.receive(ApiVersions, 3, 6);
    expect(res.errorCode).toBe(0);
  });
});

describe('undecodable requests close the connection', () => {
  test('1 KiB of garbage after a plausible size → closed', async () => {
    const garbage = pseudoRandomBytes(1020, 0x5eed);
    c.sendRaw(Buffer.concat([int32(1020), garbage]));
    expect(await c.waitClosed(1000)).toBe(true);
    expect(c.queued).toBe(0);
    await expectHealthy();
  });

  test('garbage bodies behind valid headers of every API → closed, nothing appended', async () => {
    const apis: [number, number][] = [[0, 3], [0, 9], [1, 11], [1, 12], [2, 1], [3, 1], [3, 12], [18, 3], [19, 7], [20, 6]];
    for (const [i, [key, version]] of apis.entries()) {
      const d = await pool.connect(broker.port);
      const body = Buffer.concat([Buffer.from('7fff7fff', 'hex'), pseudoRandomBytes(1000, i + 1)]);
      d.sendRaw(sized(Buffer.concat([header(key, version), body])));
      expect([key, version, await d.waitClosed(1000)]).toEqual([key, version, true]);
      expect(d.queued).toBe(0);
    }
    await expectHealthy();
  });

  test('a string length running past the end of the frame → closed', async () => {
    // Metadata v1: topics array of 1, then a name claiming 1000 bytes with 3 present.
    const body = new Writer().int32(1).int16(1000).raw(Buffer.from('abc')).toBuffer();
    c.sendRaw(sized(Buffer.concat([header(3, 1), body])));
    expect(await c.waitClosed(1000)).toBe(true);
    // The same in a flexible version: compact string length 1000+1.
    const d = await pool.connect(broker.port);
    const flex = new Writer().uvarint(2).raw(Buffer.alloc(16)).uvarint(1001).raw(Buffer.from('abc')).toBuffer();
    d.sendRaw(sized(Buffer.concat([header(3, 12), Buffer.from([0]), flex])));
    expect(await d.waitClosed(1000)).toBe(true);
    // And in the header: a client id of 30000 bytes in a 20-byte frame.
    const e = await pool.connect(broker.port);
    e.sendRaw(sized(new Writer().int16(18).int16(0).int32(1).int16(30000).raw(Buffer.alloc(10)).toBuffer()));
    expect(await e.waitClosed(1000)).toBe(true);
    await expectHealthy();
  });

  test('an array length of 2^31-1 in a tiny frame → closed quickly, no big allocation', async () => {
    const grown = memoryProbe();
    const started = Date.now();
    c.sendRaw(sized(Buffer.concat([header(3, 1), int32(0x7fffffff)])));
    expect(await c.waitClosed(1000)).toBe(true);
    // Compact arrays too: uvarint 0xffffffff means 2^32-2 elements.
    const d = await pool.connect(broker.port);
    const flex = new Writer().uvarint(0xffffffff).toBuffer();
    d.sendRaw(sized(Buffer.concat([header(3, 12), Buffer.from([0]), flex])));
    expect(await d.waitClosed(1000)).toBe(true);
    // Nested: Produce v3 with one topic whose partition array claims 2^31-1 entries.
    const e = await pool.connect(broker.port);
    const produceBodyBytes = new Writer().int16(-1).int16(1).int32(1000).int32(1).string('victim').int32(0x7fffffff).int32(0).toBuffer();
    e.sendRaw(sized(Buffer.concat([header(0, 3), produceBodyBytes])));
    expect(await e.waitClosed(1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(grown()).toBeLessThan(16 * MiB);
    await expectHealthy();
  });
});

describe('Produce refuses bad batches and appends nothing', () => {
  const good = () => buildBatch(recs(2));

  async function expectRefused(records: Buffer | null, code: ErrorCode, version = 3): Promise<void> {
    const p = await produce(c, 'victim', 0, records, { version });
    expect(p).toMatchObject({ index: 0, errorCode: code, baseOffset: -1 });
    expect(await logEndOffset(c, 'victim', 0)).toBe(VICTIM_LEO);
  }

  afterEach(() => expectHealthy());

  test('a flipped CRC → 2 CORRUPT_MESSAGE', async () => {
    const batch = good();
    batch[CRC + 3] ^= 0x01;
    await expectRefused(batch, ErrorCode.CORRUPT_MESSAGE);
  });

  test('a flipped byte under the CRC (in a record value) → 2 CORRUPT_MESSAGE', async () => {
    const batch = good();
    batch[batch.length - 3] ^= 0x40;
    await expectRefused(batch, ErrorCode.CORRUPT_MESSAGE, 9);
  });

  test('a truncated batch → 87 INVALID_RECORD', async () => {
    const batch = good();
    await expectRefused(batch.subarray(0, batch.length - 7), ErrorCode.INVALID_RECORD);
    await expectRefused(batch.subarray(0, 40), ErrorCode.INVALID_RECORD);
    await expectRefused(batch.subarray(0, 5), ErrorCode.INVALID_RECORD);
    await expectRefused(Buffer.alloc(0), ErrorCode.INVALID_RECORD);
  });

  test('two batches in one partition → 87 INVALID_RECORD', async () => {
    await expectRefused(Buffer.concat([good(), good()]), ErrorCode.INVALID_RECORD);
  });

  test('magic 1 (and 0) → 87 INVALID_RECORD', async () => {
    for (const magic of [1, 0]) {
      const batch = good();
      batch[MAGIC] = magic;
      await expectRefused(batch, ErrorCode.INVALID_RECORD);
    }
  });

  test('a control batch from a client → 87 INVALID_RECORD', async () => {
    await expectRefused(buildBatch(recs(1), { control: true }), ErrorCode.INVALID_RECORD);
  });

  test('zstd before Produce v7 → 76 UNSUPPORTED_COMPRESSION_TYPE', async () => {
    const batch = good();
    batch.writeInt16BE(Compression.Zstd, ATTRIBUTES);
    batch.writeUInt32BE(computeCrc(batch, 0, batch.length), CRC);
    await expectRefused(batch, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 3);
    await expectRefused(batch, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 6);
  });

  test('null records → 87 INVALID_RECORD', async () => {
    await expectRefused(null, ErrorCode.INVALID_RECORD);
    await expectRefused(null, ErrorCode.INVALID_RECORD, 9);
  });

  test('acks=2 → 21 INVALID_REQUIRED_ACKS for every partition', async () => {
    const res: ProduceResponse = await c.request(Produce, 3, {
      transactionalId: null,
      acks: 2,
      timeoutMs: 1000,
      topicData: [{ name: 'victim', partitionData: [{ index: 0, records: good() }, { index: 1, records: good() }] }],
    });
    expect(res.responses[0].partitionResponses.map((p) => [p.index, p.errorCode])).toEqual([
      [0, ErrorCode.INVALID_REQUIRED_ACKS],
      [1, ErrorCode.INVALID_REQUIRED_ACKS],
    ]);
  });

  test('an unknown topic → 3 and the topic is not auto-created; an unknown partition → 3', async () => {
    const p = await produce(c, 'never-created', 0, good());
    expect(p.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const meta: MetadataResponse = await c.request(Metadata, 4, { topics: [{ name: 'never-created' }], allowAutoTopicCreation: false });
    expect(meta.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const all: MetadataResponse = await c.request(Metadata, 1, { topics: null });
    expect(all.topics.map((t) => t.name)).toContain('victim');
    expect(all.topics.map((t) => t.name)).not.toContain('never-created');
    expect((await produce(c, 'victim', 2, good())).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  test('one bad partition does not spoil a good one in the same request', async () => {
    await createTopic(c, 'mixed', 1);
    const corrupt = good();
    corrupt[CRC] ^= 0xff;
    const res: ProduceResponse = await c.request(Produce, 3, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 1000,
      topicData: [
        { name: 'victim', partitionData: [{ index: 0, records: corrupt }] },
        { name: 'mixed', partitionData: [{ index: 0, records: good() }] },
      ],
    });
    expect(res.responses.map((t) => [t.name, t.partitionResponses[0].errorCode])).toEqual([
      ['victim', ErrorCode.CORRUPT_MESSAGE],
      ['mixed', 0],
    ]);
    expect(res.responses[1].partitionResponses[0].baseOffset).toBe(0);
    expect(await logEndOffset(c, 'mixed')).toBe(2);
  });
});

describe('message.max.bytes', () => {
  let small: Broker;
  beforeAll(async () => {
    small = await startBroker({ messageMaxBytes: 1000 });
  });
  afterAll(() => small.stop());

  /** A one-record batch of exactly `size` bytes. */
  function batchOfSize(size: number): Buffer {
    for (let n = 0; n < size; n++) {
      const b = buildBatch([{ value: 'x'.repeat(n) }]);
      if (b.length === size) return b;
    }
    throw new Error(`no batch of ${size} bytes`);
  }

  test('a batch larger than message.max.bytes → 10 MESSAGE_TOO_LARGE; one of exactly that size is accepted', async () => {
    const s = await pool.connect(small.port);
    await createTopic(s, 'limited', 1);
    expect(await produce(s, 'limited', 0, batchOfSize(1001))).toMatchObject({ errorCode: ErrorCode.MESSAGE_TOO_LARGE, baseOffset: -1 });
    expect(await logEndOffset(s, 'limited')).toBe(0);
    expect(await produce(s, 'limited', 0, batchOfSize(1000))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await logEndOffset(s, 'limited')).toBe(1);
  });
});

describe('many connections', () => {
  test('300 idle connections: a normal client is still served, and broker.stop() closes them all', async () => {
    const crowded = await startBroker();
    const idle = await Promise.all(Array.from({ length: 300 }, () => TestClient.connect(crowded.port)));
    try {
      const normal = await TestClient.connect(crowded.port);
      const res: ApiVersionsResponse = await normal.request(ApiVersions, 3, { clientSoftwareName: 'normal', clientSoftwareVersion: '1' });
      expect(res.errorCode).toBe(0);
      idle.push(normal);
      const started = Date.now();
      await crowded.stop();
      expect(Date.now() - started).toBeLessThan(3000);
      const closed = await Promise.all(idle.map((t) => t.waitClosed(2000)));
      expect(closed.filter((x) => !x)).toHaveLength(0);
      expect(idle.every((t) => t.closedByServer)).toBe(true);
    } finally {
      await Promise.all(idle.map((t) => t.close()));
      await crowded.stop();
    }
  });

  test('300 pipelined Produce requests on one connection: acknowledged in order, contiguous offsets', async () => {
    await createTopic(c, 'pipelined', 1);
    const counts = Array.from({ length: 300 }, (_, i) => (i % 3) + 1);
    const frames = counts.map((n, i) => requestFrame(Produce, 3 + (i % 9), produceBody('pipelined', 0, buildBatch(recs(n))), 10000 + i));
    c.sendRaw(Buffer.concat(frames));
    let expected = 0;
    for (let i = 0; i < counts.length; i++) {
      const { correlationId, body } = decodeResponse<ProduceResponse>(Produce, 3 + (i % 9), await c.nextFrame());
      expect(correlationId).toBe(10000 + i);
      expect(body.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: expected });
      expected += counts[i];
    }
    expect(expected).toBe(600);
    expect(await logEndOffset(c, 'pipelined')).toBe(600);
  });
});
