/**
 * Topic configs that Produce applies, seen through stock clients, on both engines:
 * - max.message.bytes: a topic's own limit replaces the broker's message.max.bytes, so a batch one
 *   topic refuses with 10 MESSAGE_TOO_LARGE another topic accepts (kafkajs and kcat).
 * - message.timestamp.type=LogAppendTime: the broker stamps each batch with its own clock (the
 *   producer's old timestamps are replaced), the Produce response says when, kafkajs and kcat
 *   (CRC checks on) read the append time, and ListOffsets by timestamp finds records by it.
 * Local only: it starts its own brokers, one on disk and one in memory.
 */
import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../src/index';
import { describeIfLocal, kafkaClient, kcat, kcatConsume, uniqueTopic } from './harness';

/** A timestamp from 2001: a producer with a badly wrong clock. */
const OLD_TIMESTAMP = 1_000_000_000_000;

async function consumeAll(kafka: Kafka, topic: string, count: number): Promise<{ value: string; timestamp: number }[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100 });
  const got: { value: string; timestamp: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${got.length} of ${count} records`)), 15_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            got.push({ value: message.value!.toString(), timestamp: Number(message.timestamp) });
            if (got.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return got;
}

describeIfLocal('topic configs applied by Produce', () => {
  describe.each([
    ['on disk', false],
    ['in memory', true],
  ])('%s', (_engine, inMemory) => {
    let broker: EmbeddedBroker;
    let kafka: Kafka;
    let producer: Producer;

    beforeAll(async () => {
      broker = await startBroker({ inMemory });
      kafka = kafkaClient(broker.brokers);
      producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
    });

    afterAll(async () => {
      await producer?.disconnect();
      await broker?.stop();
    });

    async function createTopic(topic: string, configEntries: { name: string; value: string }[]): Promise<void> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] })).toBe(true);
      } finally {
        await admin.disconnect();
      }
    }

    it("a topic's max.message.bytes refuses with MESSAGE_TOO_LARGE a batch that another topic accepts", async () => {
      const limited = uniqueTopic('limited');
      const open = uniqueTopic('open');
      await createTopic(limited, [{ name: 'max.message.bytes', value: '300' }]);
      await createTopic(open, []);
      const big = { value: 'x'.repeat(400) };

      await expect(producer.send({ topic: open, messages: [big] })).resolves.toMatchObject([{ errorCode: 0, baseOffset: '0' }]);
      await expect(producer.send({ topic: limited, messages: [{ value: 'small' }] })).resolves.toMatchObject([{ errorCode: 0, baseOffset: '0' }]);
      const refused = await producer.send({ topic: limited, messages: [big] }).then(
        () => null,
        (err: { type?: string; cause?: { type?: string } }) => err,
      );
      expect(refused?.type ?? refused?.cause?.type).toBe('MESSAGE_TOO_LARGE');

      // librdkafka reports the broker's answer as a failed delivery.
      const r = await kcat(broker.brokers, ['-P', '-t', limited, '-X', 'message.timeout.ms=10000'], { input: 'y'.repeat(400) + '\n' });
      expect(r.stderr).toMatch(/Message size too large|MSG_SIZE_TOO_LARGE/);

      // Nothing of the refused batches was stored: only the small record.
      const records = await kcatConsume(broker.brokers, limited);
      expect(records.map((rec) => rec.value)).toEqual(['small']);
    }, 30_000);

    it('LogAppendTime: records carry the broker\'s append time, seen by kafkajs, kcat and ListOffsets', async () => {
      const stamped = uniqueTopic('append-time');
      const created = uniqueTopic('create-time');
      await createTopic(stamped, [{ name: 'message.timestamp.type', value: 'LogAppendTime' }]);
      await createTopic(created, []);
      const messages = [0, 1, 2].map((i) => ({ value: `v${i}`, timestamp: String(OLD_TIMESTAMP + i) }));

      const before = Date.now();
      const plain = await producer.send({ topic: stamped, messages });
      const gzipped = await producer.send({ topic: stamped, messages, compression: CompressionTypes.GZIP });
      const control = await producer.send({ topic: created, messages });
      const after = Date.now();

      // The Produce response carries the append time; −1 under CreateTime.
      for (const res of [plain, gzipped]) {
        const at = Number(res[0].logAppendTime);
        expect(at).toBeGreaterThanOrEqual(before);
        expect(at).toBeLessThanOrEqual(after);
      }
      expect(control[0].logAppendTime).toBe('-1');

      const read = await consumeAll(kafka, stamped, 6);
      expect(read.map((r) => r.value)).toEqual(['v0', 'v1', 'v2', 'v0', 'v1', 'v2']);
      for (const r of read) {
        expect(r.timestamp).toBeGreaterThanOrEqual(before);
        expect(r.timestamp).toBeLessThanOrEqual(after);
      }
      // Every record of a batch shows the batch's append time.
      expect(read[1].timestamp).toBe(read[0].timestamp);
      expect(read[0].timestamp).toBe(Number(plain[0].logAppendTime));

      // librdkafka checks the recomputed CRCs and reports the append time as %T.
      const viaKcat = await kcatConsume(broker.brokers, stamped, ['-o', 'beginning', '-X', 'check.crcs=true']);
      expect(viaKcat.map((r) => [r.value, r.timestamp])).toEqual(read.map((r) => [r.value, r.timestamp]));

      // Under CreateTime the producer's timestamps stay.
      expect((await kcatConsume(broker.brokers, created)).map((r) => r.timestamp)).toEqual([OLD_TIMESTAMP, OLD_TIMESTAMP + 1, OLD_TIMESTAMP + 2]);

      // ListOffsets by timestamp looks at the append time, not the producer's.
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(await admin.fetchTopicOffsetsByTimestamp(stamped, before)).toEqual([{ partition: 0, offset: '0' }]);
        expect(await admin.fetchTopicOffsetsByTimestamp(stamped, Number(gzipped[0].logAppendTime))).toEqual([
          { partition: 0, offset: Number(gzipped[0].logAppendTime) > Number(plain[0].logAppendTime) ? '3' : '0' },
        ]);
        // Nothing was appended after `after`: kafkajs answers with the end offset.
        expect(await admin.fetchTopicOffsetsByTimestamp(stamped, after + 1)).toEqual([{ partition: 0, offset: '6' }]);
      } finally {
        await admin.disconnect();
      }
    }, 30_000);
  });
});
