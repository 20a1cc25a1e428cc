/**
 * What the request fuzzer found outside the decoder, over real TCP against a real broker: each
 * case answered with Kafka's error instead of exhausting the broker or closing the connection.
 * After each, the connection (or a fresh one) still gets right answers.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { storedRecords } from '../../src/log/cleaner/storedRecords';
import { CreatePartitions, CreatePartitionsResponse } from '../../wire/apis/CreatePartitions';
import { CreatableTopic, CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { JoinGroup, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { ErrorCode } from '../../wire/errors';
import { DecodeError, ZERO_UUID } from '../../wire/io';
import { BATCH_HEADER_SIZE, BATCH_LENGTH, buildBatch, computeCrc, CRC, LAST_OFFSET_DELTA, RECORD_COUNT } from '../../wire/records';
import { ClientPool, createTopic, logEndOffset, produce, TestClient } from './client';
import { joinBody } from './groupClient';

const dirs: string[] = [];
const pool = new ClientPool();
let broker: Broker;
let c: TestClient;

beforeAll(async () => {
  broker = await Broker.start({ port: 0, host: '127.0.0.1', inMemory: true, logLevel: 'silent' });
});

afterAll(async () => {
  await broker?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

beforeEach(async () => {
  c = await pool.connect(broker.port);
});

afterEach(() => pool.closeAll());

const MESSAGE = 'Excessively large number of partitions per request.';

function topic(name: string, numPartitions: number, overrides: Partial<CreatableTopic> = {}): CreatableTopic {
  return { name, numPartitions, replicationFactor: 1, assignments: [], configs: [], ...overrides };
}

async function createTopics(topics: CreatableTopic[], validateOnly = false): Promise<CreateTopicsResponse> {
  return c.request(CreateTopics, 7, { topics, timeoutMs: 5000, validateOnly });
}

async function topicNames(): Promise<string[]> {
  const meta: MetadataResponse = await c.request(Metadata, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  return meta.topics.map((t) => t.name!);
}

/** One record (null key and value) whose length varint says `length`, in a batch claiming `count` records; the CRC is valid. */
function hostileBatch(count: number, length = -1): Buffer {
  const batch = buildBatch([{ key: null, value: null, timestamp: 1000 }]);
  batch[BATCH_HEADER_SIZE] = length < 0 ? -2 * length - 1 : 2 * length; // zigzag, one byte
  batch.writeInt32BE(count - 1, LAST_OFFSET_DELTA);
  batch.writeInt32BE(count, RECORD_COUNT);
  batch.writeUInt32BE(computeCrc(batch, 0, batch.length), CRC);
  return batch;
}

describe('CreateTopics and CreatePartitions: at most 10,000 new partitions per request (Kafka ReplicationControlManager)', () => {
  test('10,001 partitions across topics: POLICY_VIOLATION for every topic, nothing created, validateOnly or not', async () => {
    for (const validateOnly of [true, false]) {
      const res = await createTopics([topic('cap-a', 5000), topic('cap-b', 5001)], validateOnly);
      expect(res.topics.map((t) => [t.name, t.errorCode, t.errorMessage])).toEqual([
        ['cap-a', ErrorCode.POLICY_VIOLATION, MESSAGE],
        ['cap-b', ErrorCode.POLICY_VIOLATION, MESSAGE],
      ]);
    }
    expect(await topicNames()).not.toContain('cap-a');
  });

  test('exactly 10,000 is accepted (validateOnly)', async () => {
    const res = await createTopics([topic('cap-c', 5000), topic('cap-d', 5000)], true);
    expect(res.topics.map((t) => t.errorCode)).toEqual([0, 0]);
  });

  test('numPartitions 2^31-1 is refused at once instead of exhausting memory; the broker still creates topics', async () => {
    const started = Date.now();
    const res = await createTopics([topic('huge', 0x7fffffff)]);
    expect([res.topics[0].errorCode, res.topics[0].errorMessage]).toEqual([ErrorCode.POLICY_VIOLATION, MESSAGE]);
    expect(Date.now() - started).toBeLessThan(1000);
    await createTopic(c, 'after-huge', 2);
    expect(await topicNames()).toEqual(expect.arrayContaining(['after-huge']));
    expect(await topicNames()).not.toContain('huge');
  });

  test('counted as Kafka counts: assignments by their number, -1 as the default, invalid counts as 0, duplicates not at all', async () => {
    // 9,999 + 1 assignment + 1 (default) = 10,001
    const over = await createTopics([topic('cnt-a', 9999), topic('cnt-b', -1, { replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }] }), topic('cnt-c', -1)], true);
    expect(over.topics.map((t) => t.errorCode)).toEqual([44, 44, 44]);
    // A duplicated name is left out of the total (and refused on its own); -5 counts nothing.
    const dup = await createTopics([topic('cnt-d', 9999), topic('cnt-e', 6000), topic('cnt-e', 6000), topic('cnt-f', -5)], true);
    expect(dup.topics.map((t) => t.errorCode)).toEqual([0, ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_PARTITIONS]);
  });

  test('CreatePartitions adding more than 10,000 partitions in one request is refused for every topic; 10,000 is accepted', async () => {
    await createTopic(c, 'grow-a', 1);
    await createTopic(c, 'grow-b', 1);
    const grow = (counts: Record<string, number>, validateOnly: boolean): Promise<CreatePartitionsResponse> =>
      c.request(CreatePartitions, 3, { topics: Object.entries(counts).map(([name, count]) => ({ name, count, assignments: null })), timeoutMs: 5000, validateOnly });
    const over = await grow({ 'grow-a': 5001, 'grow-b': 5002 }, false);
    expect(over.results.map((r) => [r.name, r.errorCode, r.errorMessage])).toEqual([
      ['grow-a', ErrorCode.POLICY_VIOLATION, MESSAGE],
      ['grow-b', ErrorCode.POLICY_VIOLATION, MESSAGE],
    ]);
    const single = await grow({ 'grow-a': 0x7fffffff }, false);
    expect(single.results[0].errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    const meta: MetadataResponse = await c.request(Metadata, 12, { topics: [{ topicId: ZERO_UUID, name: 'grow-a' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(meta.topics[0].partitions).toHaveLength(1);
    const atCap = await grow({ 'grow-a': 5001, 'grow-b': 5001 }, true);
    expect(atCap.results.map((r) => r.errorCode)).toEqual([0, 0]);
  });

  test('Metadata auto-creation is held to the same cap per request: LEADER_NOT_AVAILABLE, nothing created', async () => {
    const names = Array.from({ length: 10_001 }, (_, i) => `auto-${i}`);
    const meta: MetadataResponse = await c.request(Metadata, 12, {
      topics: names.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation: true,
      includeTopicAuthorizedOperations: false,
    });
    expect(new Set(meta.topics.map((t) => t.errorCode))).toEqual(new Set([ErrorCode.LEADER_NOT_AVAILABLE]));
    expect((await topicNames()).filter((n) => n.startsWith('auto-'))).toEqual([]);
    // A modest request still auto-creates.
    const one: MetadataResponse = await c.request(Metadata, 12, { topics: [{ topicId: ZERO_UUID, name: 'auto-one' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
    expect(one.topics[0].errorCode).toBe(0);
  });
});

describe('records of a compacted topic are decoded with checked lengths (storedRecords)', () => {
  test.each([
    ['a negative record length', hostileBatch(3, -2), /invalid record size -2/],
    ['a record length of -1 (which re-read the same record forever)', hostileBatch(3), /invalid record size -1/],
    ['a huge record count', hostileBatch(0x7fffffff), /record count 2147483647/],
  ])('storedRecords rejects %s with DecodeError, at once', (_title, batch, message) => {
    const started = performance.now();
    expect(() => storedRecords(batch)).toThrow(DecodeError);
    expect(() => storedRecords(batch)).toThrow(message);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('a valid batch still yields every record with its bytes', () => {
    const batch = buildBatch([{ key: 'a', value: '1', headers: [{ key: 'h', value: 'x' }] }, { key: 'b', value: null }], { baseOffset: 7 });
    expect(storedRecords(batch).map((r) => [r.offset, r.key?.toString(), r.tombstone])).toEqual([
      [7, 'a', false],
      [8, 'b', true],
    ]);
  });

  test('Produce of a hostile batch to a compacted topic answers CORRUPT_MESSAGE at once and appends nothing', async () => {
    const res: CreateTopicsResponse = await createTopics([topic('compacted', 1, { configs: [{ name: 'cleanup.policy', value: 'compact' }] })]);
    expect(res.topics[0].errorCode).toBe(0);
    for (const batch of [hostileBatch(3), hostileBatch(0x7fffffff)]) {
      const started = Date.now();
      const answer = await produce(c, 'compacted', 0, batch, { version: 9 });
      expect(answer.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
      expect(answer.errorMessage).toMatch(/invalid record (size -1|count)|record count 2147483647/);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(await logEndOffset(c, 'compacted', 0)).toBe(0);
    // Keyed records still go in; keyless ones are still refused as Kafka does.
    expect((await produce(c, 'compacted', 0, buildBatch([{ key: 'k', value: 'v' }]))).baseOffset).toBe(0);
    expect((await produce(c, 'compacted', 0, buildBatch([{ key: null, value: 'v' }]))).errorCode).toBe(ErrorCode.INVALID_RECORD);
  });
});

describe('Metadata v10/v11 naming a topic by id (Kafka: INVALID_REQUEST, "Topic name can not be null for version ...")', () => {
  test.each([10, 11])('v%d: a null name with an unknown or a known topic id is INVALID_REQUEST, name "", and the connection stays open', async (version) => {
    const known = await createTopic(c, `by-id-v${version}`, 1);
    const unknown = randomBytes(16).toString('base64url');
    const meta: MetadataResponse = await c.request(Metadata, version, {
      topics: [{ topicId: unknown, name: null }, { topicId: known, name: null }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(meta.topics.map((t) => [t.name, t.topicId, t.errorCode, t.partitions.length])).toEqual([
      ['', unknown, ErrorCode.INVALID_REQUEST, 0],
      ['', known, ErrorCode.INVALID_REQUEST, 0],
    ]);
    expect(meta.brokers).toEqual([]);
    // The same connection still answers.
    const ok: MetadataResponse = await c.request(Metadata, version, { topics: [{ topicId: ZERO_UUID, name: `by-id-v${version}` }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect([ok.topics[0].errorCode, ok.topics[0].topicId]).toEqual([0, known]);
  });

  test('v11: a name with a non-zero topic id is INVALID_REQUEST too (topic ids are not supported before v12)', async () => {
    const known = await createTopic(c, 'named-with-id', 1);
    const meta: MetadataResponse = await c.request(Metadata, 11, { topics: [{ topicId: known, name: 'named-with-id' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(meta.topics.map((t) => [t.name, t.errorCode])).toEqual([['named-with-id', ErrorCode.INVALID_REQUEST]]);
  });

  test('v12 looks topics up by id: unknown is UNKNOWN_TOPIC_ID with a null name, known is described', async () => {
    const known = await createTopic(c, 'by-id-v12', 2);
    const unknown = randomBytes(16).toString('base64url');
    const meta: MetadataResponse = await c.request(Metadata, 12, {
      topics: [{ topicId: unknown, name: null }, { topicId: known, name: null }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(meta.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      [null, ErrorCode.UNKNOWN_TOPIC_ID, 0],
      ['by-id-v12', 0, 2],
    ]);
  });
});

describe('Produce with a negative batch length (Kafka ByteBufferLogInputStream: CorruptRecordException)', () => {
  test.each([-1, -100, 0, 13])('batch length %d: CORRUPT_MESSAGE for the partition, the connection stays open', async (length) => {
    await createTopic(c, `neg-${length + 200}`, 1);
    const batch = buildBatch([{ key: 'k', value: 'v' }]);
    batch.writeInt32BE(length, BATCH_LENGTH);
    const answer = await produce(c, `neg-${length + 200}`, 0, batch, { version: 9 });
    expect([answer.errorCode, answer.errorMessage]).toEqual([ErrorCode.CORRUPT_MESSAGE, `Record size ${length} is less than the minimum record overhead (14)`]);
    expect(await logEndOffset(c, `neg-${length + 200}`, 0)).toBe(0);
  });

  test('a negative length in bytes after the batch (read as a second batch) is CORRUPT_MESSAGE, not a RangeError', async () => {
    await createTopic(c, 'neg-trailing', 1);
    const trailing = Buffer.alloc(12);
    trailing.writeInt32BE(-1000, BATCH_LENGTH);
    const answer = await produce(c, 'neg-trailing', 0, Buffer.concat([buildBatch([{ key: 'k', value: 'v' }]), trailing]), { version: 9 });
    expect([answer.errorCode, answer.errorMessage]).toEqual([ErrorCode.CORRUPT_MESSAGE, 'Record size -1000 is less than the minimum record overhead (14)']);
    expect(await logEndOffset(c, 'neg-trailing', 0)).toBe(0);
    expect((await produce(c, 'neg-trailing', 0, buildBatch([{ key: 'k', value: 'v' }]))).baseOffset).toBe(0);
  });
});

describe('stop() with a JoinGroup waiting', () => {
  test('the pending JoinGroup is answered NOT_COORDINATOR at once, before the connection closes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-fuzzfindings-'));
    dirs.push(dataDir);
    // The initial rebalance delay (3 s) keeps the first join of a new group waiting.
    const own = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' });
    const member = await TestClient.connect(own.port);
    try {
      const first: JoinGroupResponse = await member.request(JoinGroup, 5, joinBody('waiting'));
      expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
      const id = member.send(JoinGroup, 5, joinBody('waiting', { memberId: first.memberId }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(member.queued).toBe(0); // still waiting
      const started = Date.now();
      const stopped = own.stop();
      const answer: JoinGroupResponse = await member.receive(JoinGroup, 5, id, 1500);
      expect(answer.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
      expect(Date.now() - started).toBeLessThan(1000);
      await stopped;
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await member.close();
      await own.stop();
    }
  });
});
