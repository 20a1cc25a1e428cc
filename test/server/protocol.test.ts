/**
 * The broker over real TCP: framing, headers, ordering, and each implemented API's behaviour
 * as Apache Kafka shows it on the wire.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { HANDLERS } from '../../src/handlers';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { ApiKeys } from '../../wire/apis/index';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { DeleteTopics, DeleteTopicsResponse } from '../../wire/apis/DeleteTopics';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { Produce, ProduceResponse } from '../../wire/apis/Produce';
import { decodeMessage, encodeMessage } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { buildBatch, NewRecord, readRecords } from '../../wire/records';
import { ApiDefinition } from '../../wire/schema';
import {
  ClientPool,
  createTopic,
  decodeResponse,
  fetchBody,
  frameWithBody,
  listOffset,
  logEndOffset,
  produce,
  produceBody,
  requestFrame,
  splitBatches,
  TestClient,
} from './client';

const DEFAULT_PARTITIONS = 2;
let broker: Broker;
let dataDir: string;
const pool = new ClientPool();
let c: TestClient;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-protocol-'));
  broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', numPartitions: DEFAULT_PARTITIONS });
});

afterAll(async () => {
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  c = await pool.connect(broker.port);
});

afterEach(() => pool.closeAll());

const records = (n: number, prefix = 'v'): NewRecord[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}-${i}`, headers: [{ key: 'h', value: `${i}` }] }));

const metadataBody = (names: string[] | null, allowAutoTopicCreation = true) => ({
  topics: names === null ? null : names.map((name) => ({ topicId: ZERO_UUID, name })),
  allowAutoTopicCreation,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
});

/** Metadata v4 without auto-creation: the topic's error code (0 if it exists). */
async function topicState(name: string): Promise<{ errorCode: number; partitions: number }> {
  const res: MetadataResponse = await c.request(Metadata, 4, metadataBody([name], false));
  return { errorCode: res.topics[0].errorCode, partitions: res.topics[0].partitions.length };
}

async function allTopicNames(): Promise<string[]> {
  const res: MetadataResponse = await c.request(Metadata, 1, metadataBody(null));
  return res.topics.map((t) => t.name!).sort();
}

const createBody = (topics: object[], validateOnly = false) => ({
  topics: topics.map((t) => ({ numPartitions: 1, replicationFactor: 1, assignments: [], configs: [], ...t })),
  timeoutMs: 5000,
  validateOnly,
});

/** A fetched batch equals the produced one except for baseOffset and partitionLeaderEpoch. */
function expectSameBatch(fetched: Buffer, produced: Buffer, baseOffset: number): void {
  expect(fetched.length).toBe(produced.length);
  expect(Number(fetched.readBigInt64BE(0))).toBe(baseOffset);
  expect(fetched.subarray(8, 12)).toEqual(produced.subarray(8, 12)); // batchLength
  expect(fetched.readInt32BE(12)).toBe(0); // partitionLeaderEpoch assigned by the broker
  expect(fetched.subarray(16)).toEqual(produced.subarray(16)); // magic, CRC and everything it covers
  const want = readRecords(produced).map((r) => ({ ...r, offset: r.offset + baseOffset }));
  expect(readRecords(fetched)).toEqual(want);
}

describe('ApiVersions', () => {
  const advertised = HANDLERS.map((h) => ({ apiKey: h.api.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }));

  test('the advertised list is sane and covers the implemented APIs', () => {
    const keys = advertised.map((a) => a.apiKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const h of HANDLERS) {
      expect(h.minVersion).toBeGreaterThanOrEqual(0);
      expect(h.minVersion).toBeLessThanOrEqual(h.maxVersion);
      expect(h.minVersion).toBeGreaterThanOrEqual(h.api.request.validVersions.min);
      expect(h.maxVersion).toBeLessThanOrEqual(h.api.request.validVersions.max);
    }
    expect(advertised).toEqual(
      expect.arrayContaining([
        { apiKey: 0, minVersion: 0, maxVersion: 11 }, // v0-2 advertised but refused (KAFKA-18659)
        { apiKey: 1, minVersion: 4, maxVersion: 17 },
        { apiKey: 2, minVersion: 0, maxVersion: 10 },
        { apiKey: 3, minVersion: 0, maxVersion: 12 },
        { apiKey: 18, minVersion: 0, maxVersion: 4 },
        { apiKey: 19, minVersion: 0, maxVersion: 7 },
        { apiKey: 20, minVersion: 0, maxVersion: 6 },
      ]),
    );
  });

  test.each([0, 1, 2, 3, 4])('v%i answers with every handler, response header v0', async (version) => {
    const id = c.send(ApiVersions, version, { clientSoftwareName: 'minikafka-test', clientSoftwareVersion: '1.0.0' });
    const frame = await c.nextFrame();
    expect(frame.readInt32BE(0)).toBe(id);
    // Header v0: the body starts right after the correlation id, even for flexible v3+.
    const body: ApiVersionsResponse = decodeMessage(ApiVersions.response, version, frame.subarray(4));
    expect(body.errorCode).toBe(0);
    expect(body.apiKeys).toEqual(advertised);
    expect(encodeMessage(ApiVersions.response, version, body)).toEqual(frame.subarray(4));
  });

  test('v5 (unsupported) → 35 in the v0 layout listing ApiVersions\' own range, as Kafka does; the connection stays open', async () => {
    // The request body of a future version is unknown to us; send a v3-shaped body with header v2.
    const v3Body = encodeMessage(ApiVersions.request, 3, { clientSoftwareName: 'future', clientSoftwareVersion: '9' });
    c.sendRaw(frameWithBody(18, 5, 77, true, v3Body));
    const frame = await c.nextFrame();
    expect(frame.readInt32BE(0)).toBe(77);
    const body: ApiVersionsResponse = decodeMessage(ApiVersions.response, 0, frame.subarray(4));
    expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(body.apiKeys).toEqual(advertised.filter((k) => k.apiKey === 18));
    expect(body.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 4 }]);
    expect(frame.length).toBe(4 + 2 + 4 + 6);

    const again: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'future', clientSoftwareVersion: '9' });
    expect(again.errorCode).toBe(0);
    expect(await c.waitClosed(100)).toBe(false);
  });

  test('v3 with an invalid client software name → 42 INVALID_REQUEST', async () => {
    const bad: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: '-bad', clientSoftwareVersion: '1.0' });
    expect(bad.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(bad.apiKeys).toEqual([]);
    const badVersion: ApiVersionsResponse = await c.request(ApiVersions, 4, { clientSoftwareName: 'ok', clientSoftwareVersion: '1.0 beta' });
    expect(badVersion.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const good: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'apache-kafka-java', clientSoftwareVersion: '3.7.0' });
    expect(good.errorCode).toBe(0);
  });
});

describe('requests the broker does not serve close the connection', () => {
  const implemented = new Set(HANDLERS.map((h) => h.api.apiKey));
  // Real Kafka keys without a handler here (JoinGroup until the group coordinator lands, etc.).
  const unimplemented = Object.entries(ApiKeys).filter(([, key]) => !implemented.has(key));
  // Just outside each implemented range: today Produce v2, Fetch v3, Metadata v13, Produce v12, ...
  const outside = HANDLERS.filter((h) => h.api.apiKey !== ApiKeys.ApiVersions).flatMap((h): [string, number, number][] => [
    ...(h.minVersion > 0 ? [[`${h.api.name} v${h.minVersion - 1}`, h.api.apiKey, h.minVersion - 1] as [string, number, number]] : []),
    [`${h.api.name} v${h.maxVersion + 1}`, h.api.apiKey, h.maxVersion + 1],
  ]);
  const cases: [string, number, number][] = [['unknown key 999', 999, 0], ['key -1', -1, 0], ...outside];

  test.each(cases)('%s', async (_title, apiKey, version) => {
    // The body is whatever a plausible client would send; the broker must not even look at it.
    c.sendRaw(frameWithBody(apiKey, version, 5, false, Buffer.from('00000000ffffffff', 'hex')));
    expect(await c.waitClosed(2000)).toBe(true);
    expect(c.closedByServer).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('every real but unimplemented API key', async () => {
    expect(unimplemented.length).toBeGreaterThan(0);
    const closed = await Promise.all(
      unimplemented.map(async ([name, key]) => {
        const d = await pool.connect(broker.port);
        d.sendRaw(frameWithBody(key, 0, 5, false, Buffer.alloc(8)));
        return [name, await d.waitClosed(2000), d.queued];
      }),
    );
    expect(closed).toEqual(unimplemented.map(([name]) => [name, true, 0]));
  });

  test('a codec-encoded body of an unsupported version closes too (Fetch v3)', async () => {
    c.send(Fetch, 3, fetchBody([{ topic: 't', partition: 0, fetchOffset: 0 }]));
    expect(await c.waitClosed(2000)).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('Produce v0-2 are advertised, as Kafka 4 does for librdkafka, but refused with UNSUPPORTED_VERSION', async () => {
    await createTopic(c, 'old-produce', 1);
    for (const version of [0, 1, 2]) {
      const res: ProduceResponse = await c.request(Produce, version, produceBody('old-produce', 0, buildBatch(records(1))));
      expect(res.responses).toEqual([
        { name: 'old-produce', partitionResponses: [expect.objectContaining({ index: 0, errorCode: ErrorCode.UNSUPPORTED_VERSION, baseOffset: -1 })] },
      ]);
    }
    const list: ListOffsetsResponse = await c.request(ListOffsets, 1, {
      replicaId: -1,
      topics: [{ name: 'old-produce', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
    });
    expect(list.topics[0].partitions[0].offset).toBe(0); // nothing was appended
  });

  test('a request answered before the bad one is still delivered, in order', async () => {
    const ok = requestFrame(ApiVersions, 0, {}, 41);
    const bad = frameWithBody(999, 0, 42, false, Buffer.alloc(0));
    c.sendRaw(Buffer.concat([ok, bad]));
    const frame = await c.nextFrame();
    expect(frame.readInt32BE(0)).toBe(41);
    expect(await c.waitClosed(2000)).toBe(true);
    expect(c.queued).toBe(0);
  });
});

describe('ordering', () => {
  test('200 pipelined requests of mixed APIs in one write → 200 responses in request order', async () => {
    await createTopic(c, 'pipeline', 1);
    expect((await produce(c, 'pipeline', 0, buildBatch(records(3)))).errorCode).toBe(0);
    const plan: [ApiDefinition, number, object][] = [];
    for (let i = 0; plan.length < 200; i++) {
      plan.push([ApiVersions, i % 5, { clientSoftwareName: 'pipe', clientSoftwareVersion: '1' }]);
      plan.push([Metadata, i % 13, metadataBody(['pipeline'])]);
      plan.push([ListOffsets, i % 11, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'pipeline', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
        timeoutMs: 1000,
      }]);
      plan.push([Fetch, 4 + (i % 9), fetchBody([{ topic: 'pipeline', partition: 0, fetchOffset: i % 4 }])]);
    }
    plan.length = 200;
    // Correlation ids that are not monotonic, so order is checked against sending order only.
    const ids = plan.map((_, i) => ((i * 7919) % 100003) + 1000);
    c.sendRaw(Buffer.concat(plan.map(([api, v, body], i) => requestFrame(api, v, body, ids[i]))));
    for (let i = 0; i < plan.length; i++) {
      const [api, version] = plan[i];
      const { correlationId, body } = decodeResponse<any>(api, version, await c.nextFrame()); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(correlationId).toBe(ids[i]);
      if (api === ListOffsets) {
        const p = (body as ListOffsetsResponse).topics[0].partitions[0];
        expect(version === 0 ? p.oldStyleOffsets : [p.offset]).toEqual([3]);
      }
      if (api === Fetch) expect((body as FetchResponse).responses[0].partitions[0].highWatermark).toBe(3);
    }
  });

  test('a long-polling Fetch holds back the Metadata response that follows it', async () => {
    await createTopic(c, 'longpoll-order', 1);
    const fetch = requestFrame(Fetch, 11, fetchBody([{ topic: 'longpoll-order', partition: 0, fetchOffset: 0 }], { maxWaitMs: 500, minBytes: 1 }), 1);
    const meta = requestFrame(Metadata, 1, metadataBody(['longpoll-order']), 2);
    const started = Date.now();
    c.sendRaw(Buffer.concat([fetch, meta]));
    const first = decodeResponse<FetchResponse>(Fetch, 11, await c.nextFrame(3000));
    const waited = Date.now() - started;
    expect(first.correlationId).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(480);
    expect(waited).toBeLessThan(1500);
    expect(first.body.responses[0].partitions[0].errorCode).toBe(0);
    expect(splitBatches(first.body.responses[0].partitions[0].records)).toEqual([]);
    const second = decodeResponse<MetadataResponse>(Metadata, 1, await c.nextFrame(1000));
    expect(second.correlationId).toBe(2);
    expect(second.body.topics[0].name).toBe('longpoll-order');
  });

  test('a long-poll Fetch returns early when another connection produces', async () => {
    await createTopic(c, 'longpoll-wake', 1);
    const started = Date.now();
    const id = c.send(Fetch, 11, fetchBody([{ topic: 'longpoll-wake', partition: 0, fetchOffset: 0 }], { maxWaitMs: 10000, minBytes: 1 }));
    const producer = await pool.connect(broker.port);
    await new Promise((r) => setTimeout(r, 150));
    const batch = buildBatch(records(2));
    expect((await produce(producer, 'longpoll-wake', 0, batch)).baseOffset).toBe(0);
    const res: FetchResponse = await c.receive(Fetch, 11, id, 3000);
    expect(Date.now() - started).toBeLessThan(2000);
    const p = res.responses[0].partitions[0];
    expect(p.highWatermark).toBe(2);
    const batches = splitBatches(p.records);
    expect(batches).toHaveLength(1);
    expectSameBatch(batches[0], batch, 0);
  });
});

describe('Produce', () => {
  test('acks=0 gets no response, but the data is appended', async () => {
    await createTopic(c, 'acks0', 1);
    const batch = buildBatch(records(4));
    c.send(Produce, 3, produceBody('acks0', 0, batch, 0));
    const id = c.send(ListOffsets, 1, {
      replicaId: -1,
      topics: [{ name: 'acks0', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
    });
    const frame = await c.nextFrame();
    const res = decodeResponse<ListOffsetsResponse>(ListOffsets, 1, frame);
    expect(res.correlationId).toBe(id);
    expect(res.body.topics[0].partitions[0].offset).toBe(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.queued).toBe(0);
  });

  test('acks=1 and acks=-1 return baseOffset 0, then the running record count', async () => {
    await createTopic(c, 'acks', 1);
    expect(await produce(c, 'acks', 0, buildBatch(records(3)), { acks: 1 })).toMatchObject({ index: 0, errorCode: 0, baseOffset: 0 });
    expect(await produce(c, 'acks', 0, buildBatch(records(2)), { acks: -1 })).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(await produce(c, 'acks', 0, buildBatch(records(1)), { acks: 1, version: 8 })).toMatchObject({
      errorCode: 0,
      baseOffset: 5,
      logAppendTimeMs: -1,
      logStartOffset: 0,
      recordErrors: [],
      errorMessage: null,
    });
    expect(await logEndOffset(c, 'acks')).toBe(6);
  });
});

describe('Fetch', () => {
  test('v4 and v17 return the produced batches byte for byte (but baseOffset and leader epoch)', async () => {
    const topicId = await createTopic(c, 'fetch-bytes', 1);
    const produced = [buildBatch(records(3, 'a')), buildBatch(records(1, 'b')), buildBatch(records(5, 'c'))];
    const bases = [0, 3, 4];
    for (let i = 0; i < produced.length; i++) {
      expect((await produce(c, 'fetch-bytes', 0, Buffer.from(produced[i]))).baseOffset).toBe(bases[i]);
    }

    const v4: FetchResponse = await c.request(Fetch, 4, fetchBody([{ topic: 'fetch-bytes', partition: 0, fetchOffset: 0 }]));
    const meta: MetadataResponse = await c.request(Metadata, 12, metadataBody(['fetch-bytes']));
    expect(meta.topics[0].topicId).toBe(topicId);
    const v17: FetchResponse = await c.request(Fetch, 17, fetchBody([{ topic: '', topicId, partition: 0, fetchOffset: 0 }]));
    expect(v17.responses[0].topicId).toBe(topicId);

    for (const res of [v4, v17]) {
      const p = res.responses[0].partitions[0];
      expect(p).toMatchObject({ partitionIndex: 0, errorCode: 0, highWatermark: 9, lastStableOffset: 9 });
      const batches = splitBatches(p.records);
      expect(batches).toHaveLength(3);
      expect(p.records!.length).toBe(produced.reduce((n, b) => n + b.length, 0));
      batches.forEach((b, i) => expectSameBatch(b, produced[i], bases[i]));
    }

    // READ_UNCOMMITTED: abortedTransactions is null; READ_COMMITTED: an empty list (no transactions).
    expect(v4.responses[0].partitions[0].abortedTransactions).toBeNull();
    const committed: FetchResponse = await c.request(Fetch, 11, fetchBody([{ topic: 'fetch-bytes', partition: 0, fetchOffset: 0 }], { isolationLevel: 1 }));
    expect(committed.responses[0].partitions[0]).toMatchObject({ errorCode: 0, abortedTransactions: [], lastStableOffset: 9, preferredReadReplica: -1 });
    expect(splitBatches(committed.responses[0].partitions[0].records)).toHaveLength(3);

    // From the middle of a batch: the whole batch containing the offset comes back.
    const mid: FetchResponse = await c.request(Fetch, 4, fetchBody([{ topic: 'fetch-bytes', partition: 0, fetchOffset: 5 }]));
    const midBatches = splitBatches(mid.responses[0].partitions[0].records);
    expect(midBatches).toHaveLength(1);
    expectSameBatch(midBatches[0], produced[2], 4);

    // At the end: no records, no error.
    const end: FetchResponse = await c.request(Fetch, 4, fetchBody([{ topic: 'fetch-bytes', partition: 0, fetchOffset: 9 }]));
    expect(end.responses[0].partitions[0].errorCode).toBe(0);
    expect(splitBatches(end.responses[0].partitions[0].records)).toEqual([]);
  });

  test('v13+ with an unknown topic id → 100 UNKNOWN_TOPIC_ID; v12 with an unknown name → 3', async () => {
    const byId: FetchResponse = await c.request(Fetch, 13, fetchBody([{ topic: '', topicId: 'AAECAwQFBgcICQoLDA0ODw', partition: 0, fetchOffset: 0 }]));
    expect(byId.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    const byName: FetchResponse = await c.request(Fetch, 12, fetchBody([{ topic: 'no-such-topic', partition: 0, fetchOffset: 0 }]));
    expect(byName.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  test('KIP-74: partitionMaxBytes smaller than the first batch still returns that whole batch (and only it)', async () => {
    await createTopic(c, 'kip74', 1);
    const b0 = buildBatch(records(10, 'big'));
    const b1 = buildBatch(records(1));
    await produce(c, 'kip74', 0, Buffer.from(b0));
    await produce(c, 'kip74', 0, Buffer.from(b1));
    for (const version of [4, 11]) {
      const res: FetchResponse = await c.request(Fetch, version, fetchBody([{ topic: 'kip74', partition: 0, fetchOffset: 0, partitionMaxBytes: 10 }]));
      const batches = splitBatches(res.responses[0].partitions[0].records);
      expect(batches).toHaveLength(1);
      expectSameBatch(batches[0], b0, 0);
      expect(res.responses[0].partitions[0].records!.length).toBe(b0.length);
    }
    // A limit that covers the first batch exactly does not let the second one in.
    const exact: FetchResponse = await c.request(Fetch, 11, fetchBody([{ topic: 'kip74', partition: 0, fetchOffset: 0, partitionMaxBytes: b0.length }]));
    expect(splitBatches(exact.responses[0].partitions[0].records)).toHaveLength(1);
    const both: FetchResponse = await c.request(Fetch, 11, fetchBody([{ topic: 'kip74', partition: 0, fetchOffset: 0, partitionMaxBytes: b0.length + b1.length }]));
    expect(splitBatches(both.responses[0].partitions[0].records)).toHaveLength(2);
  });

  test('maxBytes across two partitions: the first gets its batch, the second nothing past the limit', async () => {
    await createTopic(c, 'maxbytes', 2);
    const p0 = buildBatch(records(4, 'p0'));
    const p1 = buildBatch(records(4, 'p1'));
    await produce(c, 'maxbytes', 0, Buffer.from(p0));
    await produce(c, 'maxbytes', 1, Buffer.from(p1));
    const wants = [
      { topic: 'maxbytes', partition: 0, fetchOffset: 0 },
      { topic: 'maxbytes', partition: 1, fetchOffset: 0 },
    ];
    const sizes = async (maxBytes: number) => {
      const res: FetchResponse = await c.request(Fetch, 11, fetchBody(wants, { maxBytes }));
      return res.responses.map((t) => {
        expect(t.partitions[0].errorCode).toBe(0);
        expect(t.partitions[0].highWatermark).toBe(4);
        return (t.partitions[0].records ?? Buffer.alloc(0)).length;
      });
    };
    expect(await sizes(1)).toEqual([p0.length, 0]); // KIP-74: the first batch anyway
    expect(await sizes(p0.length + p1.length - 1)).toEqual([p0.length, 0]);
    expect(await sizes(p0.length + p1.length)).toEqual([p0.length, p1.length]);
  });

  test('fetchOffset beyond the log end → 1 OFFSET_OUT_OF_RANGE', async () => {
    await createTopic(c, 'oor', 1);
    await produce(c, 'oor', 0, buildBatch(records(2)));
    for (const version of [4, 11, 12]) {
      const res: FetchResponse = await c.request(Fetch, version, fetchBody([{ topic: 'oor', partition: 0, fetchOffset: 3 }]));
      const p = res.responses[0].partitions[0];
      expect(p.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      expect(splitBatches(p.records)).toEqual([]);
    }
    const negative: FetchResponse = await c.request(Fetch, 11, fetchBody([{ topic: 'oor', partition: 0, fetchOffset: -5 }]));
    expect(negative.responses[0].partitions[0].errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  test('a non-zero sessionId → top-level 70 FETCH_SESSION_ID_NOT_FOUND', async () => {
    await createTopic(c, 'session', 1);
    const res: FetchResponse = await c.request(Fetch, 7, fetchBody([{ topic: 'session', partition: 0, fetchOffset: 0 }], { sessionId: 12345, sessionEpoch: 1 }));
    expect(res.errorCode).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
    expect(res.responses).toEqual([]);
    // Opening a session (id 0, epoch 0) is answered as a full fetch without a session.
    const open: FetchResponse = await c.request(Fetch, 7, fetchBody([{ topic: 'session', partition: 0, fetchOffset: 0 }], { sessionId: 0, sessionEpoch: 0 }));
    expect(open.errorCode).toBe(0);
    expect(open.sessionId).toBe(0);
    expect(open.responses[0].partitions[0].errorCode).toBe(0);
  });
});

describe('ListOffsets', () => {
  // Partition 0: offsets 0-2 at 1000, 5000, 2000 and offsets 3-4 at 3000, 4000.
  // Partition 1: offsets 0-2 at 1000, 2000, 1500 and offsets 3-4 at 3000, 4000.
  const stamped = (timestamps: number[]): Buffer => buildBatch(timestamps.map((timestamp, i) => ({ value: `t${i}`, timestamp })));

  beforeEach(async () => {
    if ((await topicState('lo')).errorCode === 0) return;
    await createTopic(c, 'lo', 2);
    await produce(c, 'lo', 0, stamped([1000, 5000, 2000]));
    await produce(c, 'lo', 0, stamped([3000, 4000]));
    await produce(c, 'lo', 1, stamped([1000, 2000, 1500]));
    await produce(c, 'lo', 1, stamped([3000, 4000]));
  });

  test('earliest and latest', async () => {
    expect(await listOffset(c, 'lo', 0, -2)).toMatchObject({ errorCode: 0, offset: 0, timestamp: -1, leaderEpoch: 0 });
    expect(await listOffset(c, 'lo', 0, -1)).toMatchObject({ errorCode: 0, offset: 5, timestamp: -1, leaderEpoch: 0 });
    expect(await listOffset(c, 'lo', 1, -1, 1)).toMatchObject({ errorCode: 0, offset: 5, timestamp: -1 });
  });

  test.each([
    [0, 0, 0, 1000],
    [0, 1000, 0, 1000],
    [0, 1001, 1, 5000], // the first offset whose timestamp is >= the target, not the closest timestamp
    [0, 4500, 1, 5000],
    [0, 5000, 1, 5000],
    [0, 5001, -1, -1],
    [1, 1600, 1, 2000],
    [1, 2001, 3, 3000],
    [1, 4000, 4, 4000],
  ])('partition %i, by timestamp %i → offset %i (timestamp %i)', async (partition, target, offset, timestamp) => {
    const p = await listOffset(c, 'lo', partition, target);
    expect(p).toMatchObject({ errorCode: 0, offset, timestamp, leaderEpoch: offset >= 0 ? 0 : -1 });
  });

  test('max timestamp (-3, v7+) is the record with the largest timestamp, inside its batch', async () => {
    expect(await listOffset(c, 'lo', 0, -3)).toMatchObject({ errorCode: 0, offset: 1, timestamp: 5000 });
    expect(await listOffset(c, 'lo', 1, -3, 8)).toMatchObject({ errorCode: 0, offset: 4, timestamp: 4000 });
  });

  test('v0 answers with oldStyleOffsets', async () => {
    const ask = async (timestamp: number) => {
      const res: ListOffsetsResponse = await c.request(ListOffsets, 0, {
        replicaId: -1,
        topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, timestamp, maxNumOffsets: 1 }] }],
      });
      return res.topics[0].partitions[0];
    };
    expect(await ask(-1)).toEqual({ partitionIndex: 0, errorCode: 0, oldStyleOffsets: [5], timestamp: -1, offset: -1, leaderEpoch: -1 });
    expect((await ask(-2)).oldStyleOffsets).toEqual([0]);
  });

  test('unknown topic or partition → 3', async () => {
    expect((await listOffset(c, 'no-such-topic', 0, -1)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await listOffset(c, 'lo', 2, -1)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

describe('Metadata', () => {
  test('v0 with [] and v1 with null list all topics; v1 with [] lists none', async () => {
    await createTopic(c, 'all-a', 1);
    await createTopic(c, 'all-b', 3);
    const v0: MetadataResponse = await c.request(Metadata, 0, { topics: [] });
    const v1: MetadataResponse = await c.request(Metadata, 1, metadataBody(null));
    const names0 = v0.topics.map((t) => t.name).sort();
    expect(names0).toEqual(v1.topics.map((t) => t.name).sort());
    expect(names0).toEqual(expect.arrayContaining(['all-a', 'all-b']));
    const b = v1.topics.find((t) => t.name === 'all-b')!;
    expect(b.errorCode).toBe(0);
    expect(b.partitions.map((p) => [p.partitionIndex, p.leaderId, p.replicaNodes, p.isrNodes])).toEqual([
      [0, 1, [1], [1]],
      [1, 1, [1], [1]],
      [2, 1, [1], [1]],
    ]);
    expect(v1.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port, rack: null }]);
    expect(v1.controllerId).toBe(1);
    const none: MetadataResponse = await c.request(Metadata, 1, metadataBody([]));
    expect(none.topics).toEqual([]);
  });

  test('v4 with allowAutoTopicCreation false on an unknown topic → 3, nothing created', async () => {
    const res: MetadataResponse = await c.request(Metadata, 4, metadataBody(['no-auto'], false));
    expect(res.topics).toEqual([{ errorCode: 3, name: 'no-auto', topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 }]);
    expect(await allTopicNames()).not.toContain('no-auto');
  });

  test('v4 with auto-creation on → created with num.partitions and answered normally', async () => {
    const res: MetadataResponse = await c.request(Metadata, 4, metadataBody(['auto-made'], true));
    expect(res.topics).toHaveLength(1);
    expect(res.topics[0].errorCode).toBe(0);
    expect(res.topics[0].partitions.map((p) => p.partitionIndex)).toEqual([0, 1]);
    expect(await topicState('auto-made')).toEqual({ errorCode: 0, partitions: DEFAULT_PARTITIONS });
    // v0-3 have no flag and always allow it.
    const v1: MetadataResponse = await c.request(Metadata, 1, metadataBody(['auto-made-v1']));
    expect(v1.topics[0].errorCode).toBe(0);
    expect(await topicState('auto-made-v1')).toEqual({ errorCode: 0, partitions: DEFAULT_PARTITIONS });
  });

  const invalidNames = ['a b', '..', '.', 'x'.repeat(250), 'ümlaut'];

  test.each(invalidNames.map((n) => [n.length > 20 ? `${n.length} chars` : n, n]))(
    'invalid topic name %s → 17 in Metadata auto-create and in CreateTopics',
    async (_title, name) => {
      const meta: MetadataResponse = await c.request(Metadata, 4, metadataBody([name], true));
      expect(meta.topics.map((t) => [t.name, t.errorCode])).toEqual([[name, ErrorCode.INVALID_TOPIC_EXCEPTION]]);
      const created: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name }]));
      expect(created.topics.map((t) => [t.name, t.errorCode])).toEqual([[name, ErrorCode.INVALID_TOPIC_EXCEPTION]]);
      expect(await allTopicNames()).not.toContain(name);
    },
  );

  test('249 characters is still a valid name', async () => {
    const name = 'y'.repeat(249);
    const created: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name }]));
    expect(created.topics[0].errorCode).toBe(0);
  });
});

describe('CreateTopics', () => {
  test('an existing topic → 36', async () => {
    await createTopic(c, 'exists', 1);
    const res: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name: 'exists' }]));
    expect(res.topics.map((t) => [t.name, t.errorCode])).toEqual([['exists', ErrorCode.TOPIC_ALREADY_EXISTS]]);
  });

  test('validateOnly checks but creates nothing', async () => {
    const res: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name: 'validate-only', numPartitions: 3 }], true));
    expect(res.topics[0]).toMatchObject({ name: 'validate-only', errorCode: 0, numPartitions: 3, replicationFactor: 1 });
    expect(await topicState('validate-only')).toEqual({ errorCode: 3, partitions: 0 });
    const bad: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name: 'validate-only', numPartitions: 0 }], true));
    expect(bad.topics[0].errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
  });

  test.each([
    ['replication factor 3', { replicationFactor: 3 }, ErrorCode.INVALID_REPLICATION_FACTOR],
    ['replication factor 0', { replicationFactor: 0 }, ErrorCode.INVALID_REPLICATION_FACTOR],
    ['numPartitions 0', { numPartitions: 0 }, ErrorCode.INVALID_PARTITIONS],
    ['numPartitions -2', { numPartitions: -2 }, ErrorCode.INVALID_PARTITIONS],
    ['an unknown config name', { configs: [{ name: 'no.such.config', value: '1' }] }, ErrorCode.INVALID_CONFIG],
    ['a bad config value', { configs: [{ name: 'retention.ms', value: 'soon' }] }, ErrorCode.INVALID_CONFIG],
  ])('%s → its error code, nothing created', async (title, fields, code) => {
    const name = `bad-${title.replace(/[^a-z0-9]+/gi, '-')}`;
    const res: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name, ...fields }]));
    expect(res.topics).toHaveLength(1);
    expect(res.topics[0]).toMatchObject({ name, errorCode: code, topicId: ZERO_UUID, numPartitions: -1, replicationFactor: -1, configs: [] });
    expect(typeof res.topics[0].errorMessage).toBe('string');
    expect(await topicState(name)).toEqual({ errorCode: 3, partitions: 0 });
  });

  test('-1/-1 (v4+) → the broker default partitions, replication 1', async () => {
    const res: CreateTopicsResponse = await c.request(CreateTopics, 5, createBody([{ name: 'defaults', numPartitions: -1, replicationFactor: -1 }]));
    expect(res.topics[0]).toMatchObject({ name: 'defaults', errorCode: 0, numPartitions: DEFAULT_PARTITIONS, replicationFactor: 1 });
    expect(await topicState('defaults')).toEqual({ errorCode: 0, partitions: DEFAULT_PARTITIONS });
  });

  test('duplicate names in one request → 42 for that name; other topics in the request are created', async () => {
    const res: CreateTopicsResponse = await c.request(CreateTopics, 7, createBody([{ name: 'dup' }, { name: 'not-dup' }, { name: 'dup' }]));
    // One result per request entry, as ZooKeeper-mode Kafka answers (KRaft's ControllerApis lists the name once).
    expect(res.topics.filter((t) => t.name === 'dup').map((t) => t.errorCode)).toEqual([ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST]);
    expect(res.topics.find((t) => t.name === 'not-dup')!.errorCode).toBe(0);
    expect(await topicState('dup')).toEqual({ errorCode: 3, partitions: 0 });
    expect(await topicState('not-dup')).toEqual({ errorCode: 0, partitions: 1 });
  });
});

describe('DeleteTopics', () => {
  test('by name (v1); unknown name → 3', async () => {
    await createTopic(c, 'del-by-name', 2);
    await produce(c, 'del-by-name', 1, buildBatch(records(2)));
    const res: DeleteTopicsResponse = await c.request(DeleteTopics, 1, { topicNames: ['del-by-name', 'never-was'], timeoutMs: 5000 });
    expect(res.responses.map((r) => [r.name, r.errorCode])).toEqual([
      ['del-by-name', 0],
      ['never-was', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(await topicState('del-by-name')).toEqual({ errorCode: 3, partitions: 0 });
    // The name can be used again, and the new topic starts empty.
    await createTopic(c, 'del-by-name', 2);
    expect(await logEndOffset(c, 'del-by-name', 1)).toBe(0);
  });

  test('by id (v6); unknown id → 100', async () => {
    const topicId = await createTopic(c, 'del-by-id', 1);
    const res: DeleteTopicsResponse = await c.request(DeleteTopics, 6, {
      topics: [
        { name: null, topicId },
        { name: null, topicId: 'AAECAwQFBgcICQoLDA0ODw' },
      ],
      timeoutMs: 5000,
    });
    expect(res.responses).toEqual([
      { name: 'del-by-id', topicId, errorCode: 0, errorMessage: null },
      expect.objectContaining({ name: null, topicId: 'AAECAwQFBgcICQoLDA0ODw', errorCode: ErrorCode.UNKNOWN_TOPIC_ID }),
    ]);
    expect(await topicState('del-by-id')).toEqual({ errorCode: 3, partitions: 0 });
  });
});

describe('flexible versions end to end (request header v2, response header v1)', () => {
  /** Response header v1: correlation id, then an empty tagged-field section (one 0 byte). */
  async function flexibleRequest<T>(api: ApiDefinition, version: number, body: object, headerTags?: Buffer): Promise<T> {
    const id = c.send(api, version, body, headerTags ? { headerTags } : {});
    const frame = await c.nextFrame();
    expect(frame.readInt32BE(0)).toBe(id);
    expect(frame[4]).toBe(0);
    return decodeMessage(api.response, version, frame.subarray(5)) as T;
  }

  test('Metadata v9-v12, CreateTopics v5-v7, Produce v9-v11, Fetch v12-v17, ListOffsets v6-v10, DeleteTopics v4-v6', async () => {
    // One unknown tagged field in the request header (tag 7, 3 bytes) must be skipped.
    const oddTags = Buffer.from('010703616263', 'hex'); // count 1, tag 7, size 3, "abc"
    for (const v of [9, 10, 11, 12]) {
      const res = await flexibleRequest<MetadataResponse>(Metadata, v, metadataBody(['flex']), v === 12 ? oddTags : undefined);
      expect(res.topics[0]).toMatchObject({ name: 'flex', errorCode: 0 });
    }
    const ids: Record<string, string> = {};
    for (const v of [5, 6, 7]) {
      const res = await flexibleRequest<CreateTopicsResponse>(CreateTopics, v, createBody([{ name: `flex-${v}`, numPartitions: 1 }]));
      expect(res.topics[0]).toMatchObject({ name: `flex-${v}`, errorCode: 0, numPartitions: 1 });
      ids[`flex-${v}`] = res.topics[0].topicId;
    }
    const meta = await flexibleRequest<MetadataResponse>(Metadata, 12, metadataBody(['flex']));
    const flexId = meta.topics[0].topicId;
    const produced: Buffer[] = [];
    for (const v of [9, 10, 11]) {
      const batch = buildBatch(records(2, `flex${v}`));
      produced.push(Buffer.from(batch));
      const res = await flexibleRequest<ProduceResponse>(Produce, v, produceBody('flex', 0, batch));
      expect(res.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: (v - 9) * 2 });
    }
    for (const v of [12, 13, 14, 15, 16, 17]) {
      const want = v >= 13 ? { topic: '', topicId: flexId, partition: 0, fetchOffset: 0 } : { topic: 'flex', partition: 0, fetchOffset: 0 };
      const res = await flexibleRequest<FetchResponse>(Fetch, v, fetchBody([want]));
      const batches = splitBatches(res.responses[0].partitions[0].records);
      expect(batches).toHaveLength(3);
      batches.forEach((b, i) => expectSameBatch(b, produced[i], i * 2));
    }
    for (const v of [6, 7, 8, 9, 10]) {
      const res = await flexibleRequest<ListOffsetsResponse>(ListOffsets, v, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'flex', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }],
        timeoutMs: 1000,
      });
      expect(res.topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: 6 });
    }
    const d4 = await flexibleRequest<DeleteTopicsResponse>(DeleteTopics, 4, { topicNames: ['flex-5'], timeoutMs: 1000 });
    expect(d4.responses).toEqual([{ name: 'flex-5', topicId: ZERO_UUID, errorCode: 0, errorMessage: null }]);
    const d5 = await flexibleRequest<DeleteTopicsResponse>(DeleteTopics, 5, { topicNames: ['flex-6'], timeoutMs: 1000 });
    expect(d5.responses).toEqual([{ name: 'flex-6', topicId: ZERO_UUID, errorCode: 0, errorMessage: null }]);
    const d6 = await flexibleRequest<DeleteTopicsResponse>(DeleteTopics, 6, { topics: [{ name: 'flex-7', topicId: ZERO_UUID }], timeoutMs: 1000 });
    expect(d6.responses).toEqual([{ name: 'flex-7', topicId: ids['flex-7'], errorCode: 0, errorMessage: null }]);
  });
});
