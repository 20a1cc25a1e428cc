/**
 * What survives a restart (local broker only): records with their offsets, timestamps, keys,
 * values and headers; topics with their ids and partition counts; the next offset. And recovery
 * from a torn tail: bytes after the last complete batch of the active segment are cut off.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompressionTypes, Kafka, Partitioners } from 'kafkajs';
import {
  ConsumedRecord,
  Target,
  byPartition,
  describeIfLocal,
  kafkaClient,
  kcatConsume,
  kcatOk,
  kcatProduce,
  startTarget,
  uniqueTopic,
} from './harness';
import { metadataV12 } from './rawMetadata';
import { lastOffsetOf } from '../wire/records';

/** Runs fn with a connected kafkajs admin and producer, disconnecting both whatever happens. */
async function withKafka<T>(
  brokers: string[],
  fn: (c: { kafka: Kafka; admin: ReturnType<Kafka['admin']>; producer: ReturnType<Kafka['producer']> }) => Promise<T>,
): Promise<T> {
  const kafka = kafkaClient(brokers);
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
  try {
    await admin.connect();
    await producer.connect();
    return await fn({ kafka, admin, producer });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

function sortByPartitionThenOffset(records: ConsumedRecord[]): ConsumedRecord[] {
  return [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

async function topicIds(broker: string, topics: string[]): Promise<Record<string, string>> {
  const md = await metadataV12(broker, topics);
  const ids: Record<string, string> = {};
  for (const t of md.topics) {
    expect(t.errorCode).toBe(0);
    ids[t.name!] = t.topicId;
  }
  return ids;
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

describeIfLocal('durability (local broker)', () => {
  let target: Target;

  beforeEach(async () => {
    target = await startTarget();
  });

  afterEach(async () => {
    await target?.dispose();
  });

  it('a clean restart keeps records, offsets, topics and ids; producing continues at the next offset', async () => {
    const single = uniqueTopic('dur-single');
    const multi = uniqueTopic('dur-multi');
    const t0 = Date.now() - 10_000;

    await withKafka(target.brokers, async ({ admin, producer }) => {
      expect(await admin.createTopics({ topics: [{ topic: multi, numPartitions: 3 }] })).toBe(true);
      await producer.send({
        topic: single,
        acks: -1,
        messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: `plain-${i}`, timestamp: String(t0 + i) })),
      });
      await producer.send({
        topic: single,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: [3, 4, 5, 6].map((i) => ({ key: null, value: `gzip-${i}`, headers: { i: String(i) }, timestamp: String(t0 + i) })),
      });
      await producer.send({ topic: single, acks: 1, messages: [{ key: 'last', value: 'plain-7', timestamp: String(t0 + 7) }] });
    });
    await kcatProduce(target.brokers, multi, ['a:p0-0', 'b:p0-1'], ['-K', ':', '-p', '0', '-z', 'zstd']);
    await kcatProduce(target.brokers, multi, ['p2-0', 'p2-1', 'p2-2'], ['-p', '2', '-z', 'snappy']);

    const beforeSingle = await kcatConsume(target.brokers, single);
    const beforeMulti = sortByPartitionThenOffset(await kcatConsume(target.brokers, multi));
    expect(beforeSingle.map((r) => [r.offset, r.value])).toEqual(
      ['plain-0', 'plain-1', 'plain-2', 'gzip-3', 'gzip-4', 'gzip-5', 'gzip-6', 'plain-7'].map((v, i) => [i, v]),
    );
    expect(beforeMulti.map((r) => [r.partition, r.offset, r.key, r.value])).toEqual([
      [0, 0, 'a', 'p0-0'],
      [0, 1, 'b', 'p0-1'],
      [2, 0, null, 'p2-0'],
      [2, 1, null, 'p2-1'],
      [2, 2, null, 'p2-2'],
    ]);
    const idsBefore = await topicIds(target.brokers[0]!, [single, multi]);
    expect(Object.keys(idsBefore).sort()).toEqual([single, multi].sort());
    for (const id of Object.values(idsBefore)) expect(id).not.toBe(ZERO_UUID);

    await target.restart();

    // Everything as it was: records (offsets, keys, values, headers, timestamps), ids, partitions.
    expect(await kcatConsume(target.brokers, single)).toEqual(beforeSingle);
    expect(sortByPartitionThenOffset(await kcatConsume(target.brokers, multi))).toEqual(beforeMulti);
    expect(await topicIds(target.brokers[0]!, [single, multi])).toEqual(idsBefore);
    const listing = JSON.parse((await kcatOk(target.brokers, ['-L', '-J'])).stdout) as {
      topics: { topic: string; partitions: { partition: number }[] }[];
    };
    const counts = Object.fromEntries(listing.topics.map((t) => [t.topic, t.partitions.length]));
    expect([counts[single], counts[multi]]).toEqual([1, 3]);

    // Producing continues where it left off.
    await withKafka(target.brokers, async ({ admin, producer }) => {
      const offsets = (await admin.fetchTopicOffsets(multi)).sort((a, b) => a.partition - b.partition);
      expect(offsets).toEqual([
        { partition: 0, offset: '2', high: '2', low: '0' },
        { partition: 1, offset: '0', high: '0', low: '0' },
        { partition: 2, offset: '3', high: '3', low: '0' },
      ]);
      expect(await admin.fetchTopicOffsets(single)).toEqual([{ partition: 0, offset: '8', high: '8', low: '0' }]);
      const r = await producer.send({ topic: single, acks: -1, messages: [{ key: 'new', value: 'after-restart' }] });
      expect(r).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '8' })]);
    });
    await kcatProduce(target.brokers, multi, ['p2-3'], ['-p', '2']);

    const afterSingle = await kcatConsume(target.brokers, single);
    expect(afterSingle.slice(0, 8)).toEqual(beforeSingle);
    expect(afterSingle.slice(8).map((r) => [r.offset, r.key, r.value])).toEqual([[8, 'new', 'after-restart']]);
    const afterMulti = byPartition(await kcatConsume(target.brokers, multi));
    expect(afterMulti.get(2)!.map((r) => [r.offset, r.value])).toEqual([
      [0, 'p2-0'],
      [1, 'p2-1'],
      [2, 'p2-2'],
      [3, 'p2-3'],
    ]);

    // And a second restart still has all of it.
    await target.restart();
    expect(await kcatConsume(target.brokers, single)).toEqual(afterSingle);
  });

  it('a log of many segments is read across segment boundaries, before and after a restart', async () => {
    const topic = uniqueTopic('dur-segments');
    await withKafka(target.brokers, async ({ admin }) => {
      const configEntries = [
        { name: 'segment.bytes', value: '2048' },
        { name: 'index.interval.bytes', value: '256' },
      ];
      expect(await admin.createTopics({ topics: [{ topic, configEntries }] })).toBe(true);
    });
    const values = Array.from({ length: 90 }, (_, i) => `record-${String(i).padStart(3, '0')}-` + 'x'.repeat(80 + (i % 13)));
    // Batches of at most 4 records (~400 bytes): about 5 per segment.
    await kcatProduce(target.brokers, topic, values.slice(0, 60), ['-X', 'batch.num.messages=4']);
    await kcatProduce(target.brokers, topic, values.slice(60), ['-X', 'batch.num.messages=4', '-z', 'gzip']);

    const dir = path.join(target.dataDir!, `${topic}-0`);
    const segments = () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .sort()
        .map((f) => Number(f.slice(0, 20)));
    const bases = segments();
    expect(bases.length).toBeGreaterThanOrEqual(4);
    expect(bases[0]).toBe(0);

    const expected = values.map((value, offset) => ({ offset, value }));
    const check = async () => {
      const all = await kcatConsume(target.brokers, topic);
      expect(all.map(({ offset, value }) => ({ offset, value }))).toEqual(expected);
      // From the first offset of each segment, the one before it, and one inside it.
      for (const base of bases.slice(1)) {
        for (const start of [base - 1, base, base + 1]) {
          const got = await kcatConsume(target.brokers, topic, ['-o', String(start), '-c', '3'], { exitAtEnd: false });
          expect(got.map(({ offset, value }) => ({ offset, value }))).toEqual(expected.slice(start, start + 3));
        }
      }
      const tail = await kcatConsume(target.brokers, topic, ['-o', '-25']);
      expect(tail.map(({ offset, value }) => ({ offset, value }))).toEqual(expected.slice(65));
      return all;
    };
    const before = await check();
    await target.restart();
    expect(segments()).toEqual(bases);
    expect(await kcatConsume(target.brokers, topic)).toEqual(before);
    await check();

    // A torn tail in the last segment of several.
    await target.stop();
    const last = path.join(dir, `${String(bases[bases.length - 1]).padStart(20, '0')}.log`);
    const cleanSize = fs.statSync(last).size;
    fs.appendFileSync(last, randomBytes(37));
    await target.restart();
    expect(fs.statSync(last).size).toBe(cleanSize);
    expect(segments()).toEqual(bases);
    expect(await kcatConsume(target.brokers, topic)).toEqual(before);

    // Appends continue in the last segment (or a new one), at offset 90.
    await kcatProduce(target.brokers, topic, ['after-restart']);
    const after = await kcatConsume(target.brokers, topic, ['-o', '88']);
    expect(after.map((r) => [r.offset, r.value])).toEqual([
      [88, values[88]],
      [89, values[89]],
      [90, 'after-restart'],
    ]);
  });

  it('a deleted topic stays deleted after a restart, and its name can be used again', async () => {
    const gone = uniqueTopic('dur-deleted');
    const kept = uniqueTopic('dur-kept');
    let oldId = '';
    await withKafka(target.brokers, async ({ admin, producer }) => {
      expect(await admin.createTopics({ topics: [{ topic: gone, numPartitions: 2 }, { topic: kept }] })).toBe(true);
      await producer.send({ topic: gone, acks: -1, messages: [{ partition: 0, value: 'g0' }, { partition: 1, value: 'g1' }] });
      await producer.send({ topic: kept, acks: -1, messages: [{ value: 'k0' }] });
      oldId = (await topicIds(target.brokers[0]!, [gone]))[gone]!;
      await admin.deleteTopics({ topics: [gone] });
    });
    await target.restart();
    const dirs = fs.readdirSync(target.dataDir!);
    expect(dirs.filter((d) => d.startsWith(gone))).toEqual([]);
    expect(dirs).toContain(`${kept}-0`);

    await withKafka(target.brokers, async ({ admin, producer }) => {
      const names = await admin.listTopics();
      expect(names).toContain(kept);
      expect(names).not.toContain(gone);
      expect(await admin.createTopics({ topics: [{ topic: gone, numPartitions: 1 }] })).toBe(true);
      const r = await producer.send({ topic: gone, acks: -1, messages: [{ value: 'new' }] });
      expect(r).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '0' })]);
    });
    const newId = (await topicIds(target.brokers[0]!, [gone]))[gone]!;
    expect(newId).not.toBe(oldId);
    expect((await kcatConsume(target.brokers, gone)).map((r) => [r.partition, r.offset, r.value])).toEqual([[0, 0, 'new']]);
    expect((await kcatConsume(target.brokers, kept)).map((r) => [r.offset, r.value])).toEqual([[0, 'k0']]);
  });

  /** Batches of a segment file: [start, size) of each, by the length field. */
  function batchesOf(file: Buffer): { start: number; size: number }[] {
    const batches = [];
    let pos = 0;
    while (pos + 12 <= file.length) {
      const size = 12 + file.readInt32BE(pos + 8);
      if (size < 61 || pos + size > file.length) throw new Error(`segment not clean at ${pos}`);
      batches.push({ start: pos, size });
      pos += size;
    }
    if (pos !== file.length) throw new Error(`segment has ${file.length - pos} trailing bytes`);
    return batches;
  }

  /** A copy of the segment's last batch, renumbered to start at nextOffset. */
  function lastBatchAt(segment: Buffer, nextOffset: number): Buffer {
    const batches = batchesOf(segment);
    const last = batches[batches.length - 1]!;
    const copy = Buffer.from(segment.subarray(last.start, last.start + last.size));
    copy.writeBigInt64BE(BigInt(nextOffset), 0);
    return copy;
  }

  const tornTails: [string, (segment: Buffer, nextOffset: number) => Buffer][] = [
    ['37 random bytes', () => randomBytes(37)],
    ['half of a batch', (segment, next) => {
      const batch = lastBatchAt(segment, next);
      return batch.subarray(0, Math.floor(batch.length / 2));
    }],
    ['a whole batch whose CRC does not match', (segment, next) => {
      const batch = lastBatchAt(segment, next);
      batch[batch.length - 1] ^= 0xff; // a record byte: covered by the CRC
      return batch;
    }],
    ['4 KiB of zeros', () => Buffer.alloc(4096)],
    ['a 12-byte batch prefix only', (segment, next) => lastBatchAt(segment, next).subarray(0, 12)],
  ];

  it.each(tornTails)('a torn tail (%s) is truncated at restart; acknowledged records stay, appends continue', async (_name, garbage) => {
    const topic = uniqueTopic('dur-torn');
    await withKafka(target.brokers, async ({ producer }) => {
      await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }] });
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: [{ value: 'three', headers: { h: 'x' } }, { value: 'four' }, { value: 'five' }],
      });
    });
    await kcatProduce(target.brokers, topic, ['six', 'seven'], ['-z', 'lz4']);
    const before = await kcatConsume(target.brokers, topic);
    expect(before.map((r) => [r.offset, r.value])).toEqual(
      ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].map((v, i) => [i, v]),
    );

    await target.stop();
    const segmentPath = path.join(target.dataDir!, `${topic}-0`, '00000000000000000000.log');
    const clean = fs.readFileSync(segmentPath);
    // Whole batches only, ending with offset 6 (kcat may send its two lines as one batch or two).
    const batches = batchesOf(clean);
    const last = batches[batches.length - 1];
    expect(last.start + last.size).toBe(clean.length);
    expect(lastOffsetOf(clean, last.start)).toBe(6);
    const tail = garbage(clean, 7);
    fs.appendFileSync(segmentPath, tail);
    expect(fs.statSync(segmentPath).size).toBe(clean.length + tail.length);

    await target.restart();
    expect(fs.statSync(segmentPath).size).toBe(clean.length); // truncated back to the last whole batch
    expect(await kcatConsume(target.brokers, topic)).toEqual(before);

    await withKafka(target.brokers, async ({ admin, producer }) => {
      expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '7', high: '7', low: '0' }]);
      const r = await producer.send({ topic, acks: -1, messages: [{ key: 'c', value: 'eight' }, { value: 'nine' }] });
      expect(r).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '7' })]);
    });
    const after = await kcatConsume(target.brokers, topic);
    expect(after.slice(0, 7)).toEqual(before);
    expect(after.slice(7).map((r) => [r.offset, r.key, r.value])).toEqual([
      [7, 'c', 'eight'],
      [8, null, 'nine'],
    ]);
    // The new batch went right after the old ones, and all of it survives another restart.
    await target.restart();
    expect(batchesOf(fs.readFileSync(segmentPath))).toHaveLength(batches.length + 1);
    expect(await kcatConsume(target.brokers, topic)).toEqual(after);
  });
});
