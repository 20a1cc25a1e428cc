/**
 * kcat (librdkafka 2.0.2) against the broker: metadata listing, producing with every codec,
 * consuming from the beginning, from an offset, the last N, up to the high watermark, a count,
 * one partition; a large message; and kafkajs seeing what kcat produced.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Admin, CompressionTypes, Partitioners } from 'kafkajs';
import { ATTR_COMPRESSION_MASK, Compression, attributesOf, batchesIn } from '../wire/records';
import {
  ConsumedRecord,
  Target,
  byPartition,
  isLocal,
  kafkaClient,
  kcatConsume,
  kcatOk,
  kcatProduce,
  okv,
  startTarget,
  uniqueTopic,
} from './harness';

let target: Target;
let admin: Admin;

beforeAll(async () => {
  target = await startTarget();
  admin = kafkaClient(target.brokers).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await target?.dispose();
});

/** Lines `key:value` for kcat -K: and the records they should come back as. */
function keyedLines(n: number, tag: string): { lines: string[]; expected: { offset: number; key: string | null; value: string | null; headers: string }[] } {
  const lines: string[] = [];
  const expected = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      // no delimiter: a null key
      lines.push(`${tag}-value-${i}`);
      expected.push({ offset: i, key: null, value: `${tag}-value-${i}`, headers: '' });
    } else {
      lines.push(`${tag}-key-${i % 3}:${tag}-value-${i}`);
      expected.push({ offset: i, key: `${tag}-key-${i % 3}`, value: `${tag}-value-${i}`, headers: '' });
    }
  }
  return { lines, expected };
}

function onlyPartition(records: ConsumedRecord[], partition: number): ConsumedRecord[] {
  for (const r of records) expect(r.partition).toBe(partition);
  return records;
}

describe('kcat -L', () => {
  it('lists the broker (node id, host:port) and the topics with their partitions', async () => {
    const topic = uniqueTopic('kcat-L');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);

    const r = await kcatOk(target.brokers, ['-L', '-J']);
    const md = JSON.parse(r.stdout) as {
      controllerid: number;
      brokers: { id: number; name: string }[];
      topics: { topic: string; error?: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
    };
    const ids = md.brokers.map((b) => b.id);
    if (isLocal) {
      expect(md.brokers).toEqual([{ id: 1, name: target.brokers[0] }]);
      expect(md.controllerid).toBe(1);
    }
    const t = md.topics.find((x) => x.topic === topic);
    expect(t).toBeDefined();
    expect(t!.error).toBeUndefined();
    expect(t!.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
    for (const p of t!.partitions) {
      expect(ids).toContain(p.leader);
      expect(p.replicas.map((x) => x.id)).toContain(p.leader);
      expect(p.isrs.map((x) => x.id)).toContain(p.leader);
    }

    // The plain text form, for one topic.
    const text = (await kcatOk(target.brokers, ['-L', '-t', topic])).stdout;
    if (isLocal) expect(text).toContain(`broker 1 at ${target.brokers[0]} (controller)`);
    expect(text).toContain(`topic "${topic}" with 2 partitions:`);
    expect(text).toMatch(/partition 0, leader \d+, replicas: [\d,]+, isrs: [\d,]+/);
    expect(text).toMatch(/partition 1, leader \d+, replicas: [\d,]+, isrs: [\d,]+/);
  });
});

describe.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('kcat -P -z %s', (codec) => {
  const N = 23;
  let topic: string;
  let expected: ReturnType<typeof keyedLines>['expected'];

  beforeAll(async () => {
    topic = uniqueTopic(`kcat-${codec}`);
    const made = keyedLines(N, codec);
    expected = made.expected;
    // batch.num.messages=5: several batches, so offsets fall inside compressed batches.
    await kcatProduce(target.brokers, topic, made.lines, ['-K', ':', '-z', codec, '-X', 'batch.num.messages=5']);
  });

  it('-C -o beginning -e returns exactly the produced records, in order', async () => {
    const got = onlyPartition(await kcatConsume(target.brokers, topic), 0);
    expect(okv(got)).toEqual(expected);
  });

  it('-o <offset> starts at that offset (also inside a batch)', async () => {
    for (const start of [0, 5, 7, 22]) {
      const got = await kcatConsume(target.brokers, topic, ['-o', String(start)]);
      expect(okv(got)).toEqual(expected.slice(start));
    }
  });

  it('-o -N returns the last N records', async () => {
    for (const n of [1, 3, 9]) {
      const got = await kcatConsume(target.brokers, topic, ['-o', `-${n}`]);
      expect(okv(got)).toEqual(expected.slice(N - n));
    }
  });

  it('-o end -e returns nothing', async () => {
    expect(await kcatConsume(target.brokers, topic, ['-o', 'end'])).toEqual([]);
  });
});

describe('kcat compression', () => {
  // librdkafka before 2.8 compresses gzip, snappy and lz4 only if the broker lists Produce v0
  // (KAFKA-18659); otherwise it logs "Broker does not support compression type" and sends plain.
  const testLocal = isLocal ? it : it.skip;
  testLocal.each([
    ['gzip', Compression.Gzip],
    ['snappy', Compression.Snappy],
    ['lz4', Compression.Lz4],
    ['zstd', Compression.Zstd],
  ])('-z %s batches are stored compressed, as sent', async (codec, expected) => {
    const topic = uniqueTopic(`kcat-stored-${codec}`);
    const lines = Array.from({ length: 50 }, (_, i) => `${codec} record ${i} with a repetitive value`);
    // One batch: librdkafka sends a batch uncompressed when compressing would not shrink it, as a
    // lone record split off by the default 5 ms linger would be.
    await kcatProduce(target.brokers, topic, lines, ['-z', codec, '-X', 'linger.ms=500']);
    const dir = path.join(target.dataDir!, `${topic}-0`);
    const log = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.log'))!));
    const codecs = [...batchesIn(log)].map(({ pos }) => attributesOf(log, pos) & ATTR_COMPRESSION_MASK);
    expect(codecs.length).toBeGreaterThan(0);
    expect(new Set(codecs)).toEqual(new Set([expected]));
    expect(okv(await kcatConsume(target.brokers, topic)).map((r) => r.value)).toEqual(lines);
  });
});

describe('kcat consuming', () => {
  it('-e stops exactly at the high watermark, and sees later records on the next run', async () => {
    const topic = uniqueTopic('kcat-hw');
    await kcatProduce(target.brokers, topic, ['a0', 'a1', 'a2', 'a3', 'a4']);
    let got = await kcatConsume(target.brokers, topic);
    expect(got.map((r) => [r.offset, r.value])).toEqual([
      [0, 'a0'],
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a3'],
      [4, 'a4'],
    ]);

    await kcatProduce(target.brokers, topic, ['b5', 'b6', 'b7'], ['-z', 'gzip']);
    got = await kcatConsume(target.brokers, topic);
    expect(got.map((r) => [r.offset, r.value])).toEqual([
      [0, 'a0'],
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a3'],
      [4, 'a4'],
      [5, 'b5'],
      [6, 'b6'],
      [7, 'b7'],
    ]);
    // kafkajs agrees on the watermarks.
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '8', high: '8', low: '0' }]);
  });

  it('-c <count> stops after that many records', async () => {
    const topic = uniqueTopic('kcat-count');
    const values = Array.from({ length: 10 }, (_, i) => `v${i}`);
    await kcatProduce(target.brokers, topic, values);
    // Without -e: -c alone must end the run.
    let got = await kcatConsume(target.brokers, topic, ['-o', 'beginning', '-c', '3'], { exitAtEnd: false });
    expect(got.map((r) => [r.offset, r.value])).toEqual([
      [0, 'v0'],
      [1, 'v1'],
      [2, 'v2'],
    ]);
    got = await kcatConsume(target.brokers, topic, ['-o', '4', '-c', '2'], { exitAtEnd: false });
    expect(got.map((r) => [r.offset, r.value])).toEqual([
      [4, 'v4'],
      [5, 'v5'],
    ]);
  });

  it('-p consumes one partition only', async () => {
    const topic = uniqueTopic('kcat-p');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(true);
    await kcatProduce(target.brokers, topic, ['p0-a', 'p0-b'], ['-p', '0']);
    await kcatProduce(target.brokers, topic, ['p2-a', 'p2-b', 'p2-c'], ['-p', '2', '-z', 'lz4']);
    await kcatProduce(target.brokers, topic, ['p2-d'], ['-p', '2']);

    const p2 = await kcatConsume(target.brokers, topic, ['-p', '2', '-o', 'beginning']);
    expect(p2.map((r) => [r.partition, r.offset, r.value])).toEqual([
      [2, 0, 'p2-a'],
      [2, 1, 'p2-b'],
      [2, 2, 'p2-c'],
      [2, 3, 'p2-d'],
    ]);
    const p0 = await kcatConsume(target.brokers, topic, ['-p', '0', '-o', 'beginning']);
    expect(p0.map((r) => [r.partition, r.offset, r.value])).toEqual([
      [0, 0, 'p0-a'],
      [0, 1, 'p0-b'],
    ]);
    expect(await kcatConsume(target.brokers, topic, ['-p', '1', '-o', 'beginning'])).toEqual([]);
    const p2from = await kcatConsume(target.brokers, topic, ['-p', '2', '-o', '2']);
    expect(p2from.map((r) => [r.partition, r.offset, r.value])).toEqual([
      [2, 2, 'p2-c'],
      [2, 3, 'p2-d'],
    ]);

    // All partitions at once: the same records, per partition in order.
    const all = byPartition(await kcatConsume(target.brokers, topic));
    expect([...all.keys()].sort()).toEqual([0, 2]);
    expect(okv(all.get(0)!)).toEqual(okv(p0));
    expect(okv(all.get(2)!)).toEqual(okv(p2));

    const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    expect(offsets).toEqual([
      { partition: 0, offset: '2', high: '2', low: '0' },
      { partition: 1, offset: '0', high: '0', low: '0' },
      { partition: 2, offset: '4', high: '4', low: '0' },
    ]);
  });

  it('an offset past the end is reset (OFFSET_OUT_OF_RANGE) by auto.offset.reset', async () => {
    const topic = uniqueTopic('kcat-oor');
    await kcatProduce(target.brokers, topic, ['r0', 'r1', 'r2']);
    // The default reset for kcat's simple consumer is "end": nothing to print.
    expect(await kcatConsume(target.brokers, topic, ['-o', '100'])).toEqual([]);
    const fromStart = await kcatConsume(target.brokers, topic, ['-o', '100', '-X', 'auto.offset.reset=earliest']);
    expect(fromStart.map((r) => [r.offset, r.value])).toEqual([
      [0, 'r0'],
      [1, 'r1'],
      [2, 'r2'],
    ]);
    // Exactly the end is not out of range: nothing, and no reset.
    expect(await kcatConsume(target.brokers, topic, ['-o', '3', '-X', 'auto.offset.reset=earliest'])).toEqual([]);
  });

  it('-k gives a fixed key; with -K, -Z makes empty keys and values null', async () => {
    const topic = uniqueTopic('kcat-null');
    await kcatProduce(target.brokers, topic, ['one', 'two'], ['-k', 'fixed']);
    await kcatProduce(target.brokers, topic, ['a:', ':b', 'c:d'], ['-K', ':', '-Z']);
    await kcatProduce(target.brokers, topic, ['x:', ':y'], ['-K', ':']);
    const got = await kcatConsume(target.brokers, topic);
    expect(okv(got)).toEqual([
      { offset: 0, key: 'fixed', value: 'one', headers: '' },
      { offset: 1, key: 'fixed', value: 'two', headers: '' },
      { offset: 2, key: 'a', value: null, headers: '' },
      { offset: 3, key: null, value: 'b', headers: '' },
      { offset: 4, key: 'c', value: 'd', headers: '' },
      { offset: 5, key: 'x', value: '', headers: '' },
      { offset: 6, key: '', value: 'y', headers: '' },
    ]);
  });

  it('headers set with -H come back with %h', async () => {
    const topic = uniqueTopic('kcat-headers');
    await kcatProduce(target.brokers, topic, ['k1:one', 'k2:two'], ['-K', ':', '-H', 'h1=x', '-H', 'h2=y=z', '-H', 'h1=again']);
    const got = await kcatConsume(target.brokers, topic);
    expect(okv(got)).toEqual([
      { offset: 0, key: 'k1', value: 'one', headers: 'h1=x,h2=y=z,h1=again' },
      { offset: 1, key: 'k2', value: 'two', headers: 'h1=x,h2=y=z,h1=again' },
    ]);
  });
});

describe('timestamps', () => {
  it('-Q, -o s@<ts> and -o e@<ts> find offsets by record timestamp', async () => {
    const topic = uniqueTopic('kcat-ts');
    const t0 = Date.now() - 3_600_000;
    const producer = kafkaClient(target.brokers).producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      // Two batches, the second compressed: offsets 0-2 at t0, t0+1s, t0+2s; 3-4 at t0+3s, t0+4s.
      await producer.send({ topic, acks: -1, messages: [0, 1, 2].map((i) => ({ value: `v${i}`, timestamp: String(t0 + i * 1000) })) });
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: [3, 4].map((i) => ({ value: `v${i}`, timestamp: String(t0 + i * 1000) })),
      });
    } finally {
      await producer.disconnect();
    }
    const query = async (ts: number) => (await kcatOk(target.brokers, ['-Q', '-t', `${topic}:0:${ts}`])).stdout.trim();
    expect(await query(t0 - 1)).toBe(`${topic} [0] offset 0`);
    expect(await query(t0 + 1500)).toBe(`${topic} [0] offset 2`);
    expect(await query(t0 + 3000)).toBe(`${topic} [0] offset 3`);
    expect(await query(t0 + 3001)).toBe(`${topic} [0] offset 4`);
    expect(await query(t0 + 4001)).toBe(`${topic} [0] offset -1`); // no such record
    expect(await query(-1)).toBe(`${topic} [0] offset 5`); // latest
    expect(await query(-2)).toBe(`${topic} [0] offset 0`); // earliest

    const from = await kcatConsume(target.brokers, topic, ['-o', `s@${t0 + 1500}`]);
    expect(from.map((r) => [r.offset, r.value, r.timestamp])).toEqual([2, 3, 4].map((i) => [i, `v${i}`, t0 + i * 1000]));
    const until = await kcatConsume(target.brokers, topic, ['-o', `s@${t0 + 1000}`, '-o', `e@${t0 + 3500}`]);
    expect(until.map((r) => [r.offset, r.value])).toEqual([
      [1, 'v1'],
      [2, 'v2'],
      [3, 'v3'],
    ]);
  });
});

describe('large messages', () => {
  it('with fetch limits far below the batch size, every batch still comes (KIP-74)', async () => {
    const topic = uniqueTopic('kcat-kip74');
    const values = ['a', 'b', 'c', 'd'].map((ch, i) => ch.repeat(20_000 + i));
    // One batch per message.
    await kcatProduce(target.brokers, topic, values, ['-X', 'batch.num.messages=1', '-X', 'linger.ms=0']);
    const limits = ['fetch.max.bytes=1000', 'fetch.message.max.bytes=1000', 'message.max.bytes=1000', 'receive.message.max.bytes=100000'];
    const got = await kcatConsume(target.brokers, topic, ['-o', 'beginning', ...limits.flatMap((l) => ['-X', l])]);
    expect(got.map((r) => [r.offset, r.value?.length, r.value === values[r.offset]])).toEqual([
      [0, 20_000, true],
      [1, 20_001, true],
      [2, 20_002, true],
      [3, 20_003, true],
    ]);
  });

  it.each(['none', 'gzip', 'zstd'])('a 200 KB value round-trips byte for byte (-z %s)', async (codec) => {
    const topic = uniqueTopic(`kcat-big-${codec}`);
    // Printable, not trivially compressible: a simple LCG over a 64-letter alphabet.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let x = 12345;
    let big = '';
    for (let i = 0; i < 200 * 1024; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      big += alphabet[(x >> 16) & 63];
    }
    await kcatProduce(target.brokers, topic, ['small-before', big, 'small-after'], ['-z', codec]);
    const got = await kcatConsume(target.brokers, topic);
    expect(got.length).toBe(3);
    expect(got.map((r) => [r.offset, r.value?.length])).toEqual([
      [0, 'small-before'.length],
      [1, big.length],
      [2, 'small-after'.length],
    ]);
    expect(got[0]!.value).toBe('small-before');
    expect(got[1]!.value === big).toBe(true);
    expect(got[2]!.value).toBe('small-after');

    // Starting right at the big record, and right after it.
    expect((await kcatConsume(target.brokers, topic, ['-o', '1'])).map((r) => [r.offset, r.value === big])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await kcatConsume(target.brokers, topic, ['-o', '2'])).map((r) => [r.offset, r.value])).toEqual([[2, 'small-after']]);
  });
});

describe('cross-client', () => {
  it('kafkajs admin sees the high watermark of what kcat produced', async () => {
    const topic = uniqueTopic('kcat-xclient');
    await kcatProduce(target.brokers, topic, ['1', '2', '3', '4'], ['-z', 'snappy']);
    await kcatProduce(target.brokers, topic, ['5', '6', '7']);
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '7', high: '7', low: '0' }]);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics.map((t) => [t.name, t.partitions.length])).toEqual([[topic, 1]]);
  });
});
