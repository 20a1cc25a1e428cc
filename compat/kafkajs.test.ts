/**
 * kafkajs 2.2.4 (admin and producer; no consumer: it needs groups) against the broker, with every
 * record read back by kcat: exact offsets, keys, values, headers and order per partition.
 */
import { Admin, CompressionTypes, Message, PartitionMetadata, Partitioners, Producer } from 'kafkajs';
import {
  ConsumedRecord,
  Target,
  byPartition,
  isLocal,
  kafkaClient,
  kcatConsume,
  okv,
  startTarget,
  uniqueTopic,
  waitFor,
} from './harness';

let target: Target;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  target = await startTarget();
  const kafka = kafkaClient(target.brokers);
  admin = kafka.admin();
  producer = kafka.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await target?.dispose();
});

async function highWatermarks(topic: string): Promise<string[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.sort((a, b) => a.partition - b.partition).map((o) => o.high);
}

/** What a kafkajs message should look like through kcat's %h (name=value, comma separated). */
function headerString(m: Message): string {
  if (!m.headers) return '';
  const parts: string[] = [];
  for (const [name, v] of Object.entries(m.headers)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) parts.push(`${name}=${x === undefined ? '' : x.toString()}`);
  }
  return parts.join(',');
}

function str(b: Buffer | string | null | undefined): string | null {
  return b === null || b === undefined ? null : b.toString();
}

describe('kafkajs admin', () => {
  it('createTopics creates once, then reports false for an existing topic', async () => {
    const topic = uniqueTopic('kjs-create');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(false);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 5 }] })).toBe(false);

    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics).toHaveLength(1);
    expect(md.topics[0]!.name).toBe(topic);
    const partitions = [...md.topics[0]!.partitions].sort((a, b) => a.partitionId - b.partitionId);
    expect(partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);

    const cluster = await admin.describeCluster();
    const nodeIds = cluster.brokers.map((b) => b.nodeId);
    if (isLocal) {
      const [host, port] = target.brokers[0]!.split(':');
      expect(cluster.brokers).toEqual([{ nodeId: 1, host, port: Number(port) }]);
      expect(cluster.controller).toBe(1);
    }
    for (const p of partitions) {
      expect(p.partitionErrorCode).toBe(0);
      expect(nodeIds).toContain(p.leader);
      expect(p.replicas).toContain(p.leader);
      expect(p.isr).toContain(p.leader);
      if (isLocal) {
        expect(p.replicas).toEqual([1]);
        expect(p.isr).toEqual([1]);
      }
    }

    expect(await admin.listTopics()).toContain(topic);
    expect(await admin.fetchTopicOffsets(topic)).toEqual(
      expect.arrayContaining([
        { partition: 0, offset: '0', high: '0', low: '0' },
        { partition: 1, offset: '0', high: '0', low: '0' },
        { partition: 2, offset: '0', high: '0', low: '0' },
      ]),
    );
  });

  it('fetchTopicOffsets gives low and high watermarks per partition after producing', async () => {
    const topic = uniqueTopic('kjs-offsets');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(true);
    const messages: Message[] = [
      { partition: 0, value: 'a' },
      { partition: 2, value: 'b' },
      { partition: 2, value: 'c' },
      { partition: 0, value: 'd' },
      { partition: 2, value: 'e' },
    ];
    await producer.send({ topic, messages, acks: -1 });
    const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    expect(offsets).toEqual([
      { partition: 0, offset: '2', high: '2', low: '0' },
      { partition: 1, offset: '0', high: '0', low: '0' },
      { partition: 2, offset: '3', high: '3', low: '0' },
    ]);
  });

  it('fetchTopicOffsetsByTimestamp finds the first offset at or after a timestamp', async () => {
    const topic = uniqueTopic('kjs-ts');
    const t0 = Date.now() - 60_000;
    // Two batches: offsets 0-3 at t0, t0+1s, t0+2s, t0+3s; offsets 4-5 at t0+4s, t0+5s.
    await producer.send({
      topic,
      acks: -1,
      messages: [0, 1, 2, 3].map((i) => ({ value: `v${i}`, timestamp: String(t0 + i * 1000) })),
    });
    await producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: [4, 5].map((i) => ({ value: `v${i}`, timestamp: String(t0 + i * 1000) })),
    });
    const cases: [number, string][] = [
      [t0 - 5000, '0'],
      [t0, '0'],
      [t0 + 1, '1'],
      [t0 + 1000, '1'],
      [t0 + 2500, '3'],
      [t0 + 3001, '4'],
      [t0 + 4000, '4'],
      [t0 + 5000, '5'],
      [t0 + 5001, '6'], // none: kafkajs falls back to the high watermark
    ];
    for (const [ts, offset] of cases) {
      expect([ts - t0, await admin.fetchTopicOffsetsByTimestamp(topic, ts)]).toEqual([ts - t0, [{ partition: 0, offset }]]);
    }
    const got = await kcatConsume(target.brokers, topic);
    expect(got.map((r) => [r.offset, r.value, r.timestamp])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [i, `v${i}`, t0 + i * 1000]),
    );
  });

  it('deleteTopics removes the topic from the listing and the metadata', async () => {
    const topic = uniqueTopic('kjs-delete');
    const keep = uniqueTopic('kjs-keep');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: keep }] })).toBe(true);
    await producer.send({ topic, messages: [{ value: 'x' }], acks: -1 });
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([topic, keep]));

    await admin.deleteTopics({ topics: [topic] });
    const listed = await waitFor('the topic to disappear', async () => {
      const names = await admin.listTopics();
      return names.includes(topic) ? undefined : names;
    });
    expect(listed).toContain(keep);
    const all = await admin.fetchTopicMetadata();
    expect(all.topics.map((t) => t.name)).not.toContain(topic);
    expect(all.topics.map((t) => t.name)).toContain(keep);
  });
});

describe('kafkajs admin, delete and create again', () => {
  it('a topic deleted and created again under the same name starts empty at offset 0', async () => {
    const topic = uniqueTopic('kjs-recreate');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'old-0' }, { partition: 1, value: 'old-1' }] });
    await admin.deleteTopics({ topics: [topic] });
    await waitFor('the topic to disappear', async () => ((await admin.listTopics()).includes(topic) ? undefined : true));

    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })).toBe(true);
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '0', high: '0', low: '0' }]);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0]!.partitions.map((p) => p.partitionId)).toEqual([0]);

    const fresh = kafkaClient(target.brokers).producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
    await fresh.connect();
    try {
      const r = await fresh.send({ topic, acks: -1, messages: [{ value: 'new-0' }] });
      expect(r).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '0' })]);
    } finally {
      await fresh.disconnect();
    }
    expect((await kcatConsume(target.brokers, topic)).map((r) => [r.partition, r.offset, r.value])).toEqual([[0, 0, 'new-0']]);
  });
});

describe('kafkajs producer', () => {
  it('acks -1, 1 and 0 all append, in order, at consecutive offsets', async () => {
    const topic = uniqueTopic('kjs-acks');
    const all: string[] = [];
    const send = async (acks: number, values: string[]) => {
      all.push(...values);
      return producer.send({ topic, acks, messages: values.map((value) => ({ value })) });
    };

    const r1 = await send(-1, ['all-0', 'all-1', 'all-2']);
    expect(r1).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' })]);
    const r2 = await send(1, ['one-3', 'one-4']);
    expect(r2).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '3' })]);

    // acks=0: no response at all; wait for the records to show in the high watermark.
    await send(0, ['zero-5', 'zero-6']);
    await waitFor('acks=0 records', async () => ((await highWatermarks(topic))[0] === '7' ? true : undefined));
    await send(0, ['zero-7']);
    await waitFor('acks=0 record', async () => ((await highWatermarks(topic))[0] === '8' ? true : undefined));

    const r4 = await send(-1, ['all-8']);
    expect(r4).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '8' })]);

    const got = await kcatConsume(target.brokers, topic);
    expect(got.map((r) => [r.partition, r.offset, r.key, r.value])).toEqual(all.map((v, i) => [0, i, null, v]));
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '9', high: '9', low: '0' }]);
  });

  it('keys (null, empty, string, binary-safe) and headers (repeated names) come back exactly', async () => {
    const topic = uniqueTopic('kjs-headers');
    const messages: Message[] = [
      { key: 'k1', value: 'plain' },
      { key: null, value: 'null key' },
      { key: '', value: 'empty key' },
      { key: Buffer.from('buffer-key'), value: Buffer.from('buffer value') },
      { key: 'k2', value: 'one header', headers: { h1: 'v1' } },
      { key: 'k3', value: 'two headers', headers: { a: 'x', b: Buffer.from('y') } },
      { key: 'k4', value: 'repeated', headers: { dup: ['first', 'second'], other: 'z' } },
      { key: 'k5', value: '' },
      { key: 'k6', value: null },
    ];
    await producer.send({ topic, messages, acks: -1 });
    const got = await kcatConsume(target.brokers, topic);
    expect(okv(got)).toEqual(
      messages.map((m, offset) => ({ offset, key: str(m.key), value: str(m.value), headers: headerString(m) })),
    );
  });

  it('gzip-compressed batches come back exactly', async () => {
    const topic = uniqueTopic('kjs-gzip');
    const first: Message[] = Array.from({ length: 50 }, (_, i) => ({
      key: `key-${i % 7}`,
      value: `gzip value ${i} `.repeat(1 + (i % 5)),
      headers: i % 10 === 0 ? { n: String(i) } : undefined,
    }));
    const second: Message[] = Array.from({ length: 5 }, (_, i) => ({ key: null, value: `second batch ${i}` }));
    const r1 = await producer.send({ topic, compression: CompressionTypes.GZIP, acks: -1, messages: first });
    expect(r1).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '0' })]);
    const r2 = await producer.send({ topic, compression: CompressionTypes.GZIP, acks: 1, messages: second });
    expect(r2).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '50' })]);

    const expected = [...first, ...second].map((m, offset) => ({
      offset,
      key: str(m.key),
      value: str(m.value),
      headers: headerString(m),
    }));
    expect(okv(await kcatConsume(target.brokers, topic))).toEqual(expected);
    // Starting inside the first compressed batch: kcat skips the records before the offset.
    expect(okv(await kcatConsume(target.brokers, topic, ['-o', '37']))).toEqual(expected.slice(37));
  });

  it('keyed messages go to the partition kafkajs picks, in order per partition', async () => {
    const topic = uniqueTopic('kjs-keyed');
    const numPartitions = 3;
    expect(await admin.createTopics({ topics: [{ topic, numPartitions }] })).toBe(true);
    const messages: Message[] = Array.from({ length: 30 }, (_, i) => ({ key: `key-${i % 8}`, value: `value-${i}` }));

    // Where kafkajs' default (Java-compatible murmur2) partitioner puts each key.
    const partitionMetadata: PartitionMetadata[] = Array.from({ length: numPartitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
      offlineReplicas: [],
    }));
    const partitioner = Partitioners.DefaultPartitioner();
    const expected = new Map<number, { offset: number; key: string | null; value: string | null; headers: string }[]>();
    for (const m of messages) {
      const p = partitioner({ topic, partitionMetadata, message: m });
      let list = expected.get(p);
      if (!list) expected.set(p, (list = []));
      list.push({ offset: list.length, key: str(m.key), value: str(m.value), headers: '' });
    }
    expect(expected.size).toBeGreaterThan(1); // the test means something only if keys spread

    await producer.send({ topic, messages, acks: -1 });
    // A second send: offsets continue per partition.
    const more: Message[] = [{ key: 'key-0', value: 'late-0' }, { key: 'key-5', value: 'late-5' }];
    await producer.send({ topic, messages: more, acks: -1, compression: CompressionTypes.GZIP });
    for (const m of more) {
      const p = partitioner({ topic, partitionMetadata, message: m });
      const list = expected.get(p)!;
      list.push({ offset: list.length, key: str(m.key), value: str(m.value), headers: '' });
    }

    const got = byPartition(await kcatConsume(target.brokers, topic));
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [p, records] of expected) {
      expect([p, okv(got.get(p)!)]).toEqual([p, records]);
    }
    const hw = await highWatermarks(topic);
    expect(hw).toEqual([0, 1, 2].map((p) => String(expected.get(p)?.length ?? 0)));
  });

  it('sendBatch writes to two topics in one request', async () => {
    const a = uniqueTopic('kjs-batch-a');
    const b = uniqueTopic('kjs-batch-b');
    const aMessages: Message[] = [
      { key: 'a0', value: 'A zero' },
      { key: 'a1', value: 'A one', headers: { from: 'a' } },
    ];
    const bMessages: Message[] = [
      { key: 'b0', value: 'B zero' },
      { key: 'b1', value: 'B one' },
      { key: 'b2', value: 'B two' },
    ];
    // Make the topics exist first (auto-creation by Metadata), then both in one Produce.
    await producer.send({ topic: a, messages: [{ value: 'pre-a' }], acks: -1 });
    await producer.send({ topic: b, messages: [{ value: 'pre-b' }], acks: -1 });
    const result = await producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: a, messages: aMessages },
        { topic: b, messages: bMessages },
      ],
    });
    const byTopic = Object.fromEntries(result.map((r) => [r.topicName, r]));
    expect(byTopic[a]).toEqual(expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '1' }));
    expect(byTopic[b]).toEqual(expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '1' }));
    expect(result).toHaveLength(2);

    const expectFor = (pre: string, ms: Message[]) =>
      [{ value: pre } as Message, ...ms].map((m, offset) => ({ offset, key: str(m.key), value: str(m.value), headers: headerString(m) }));
    const [gotA, gotB] = await Promise.all([kcatConsume(target.brokers, a), kcatConsume(target.brokers, b)]);
    expect(okv(gotA)).toEqual(expectFor('pre-a', aMessages));
    expect(okv(gotB)).toEqual(expectFor('pre-b', bMessages));
  });

  it('a 200 KB value round-trips', async () => {
    const topic = uniqueTopic('kjs-big');
    const big = Array.from({ length: 200 * 1024 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    await producer.send({ topic, acks: -1, messages: [{ key: 'big', value: big }, { key: 'after', value: 'small' }] });
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: [{ key: 'big-gz', value: big }] });
    const got: ConsumedRecord[] = await kcatConsume(target.brokers, topic);
    expect(got.map((r) => [r.offset, r.key, r.value === big ? 'BIG' : r.value])).toEqual([
      [0, 'big', 'BIG'],
      [1, 'after', 'small'],
      [2, 'big-gz', 'BIG'],
    ]);
  });
});
