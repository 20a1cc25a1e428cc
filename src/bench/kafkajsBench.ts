/**
 * kafkajs in this process: the Node-native client's picture. Loaded lazily (it is a dev
 * dependency), so a missing kafkajs skips these tests instead of failing the run.
 */
import { Throughput, throughput } from './types';

type KafkajsModule = typeof import('kafkajs');

export function loadKafkajs(): KafkajsModule | string {
  try {
    return require('kafkajs') as KafkajsModule;
  } catch (err) {
    return `kafkajs is not installed (${String(err).split('\n')[0]})`;
  }
}

function client(kafkajs: KafkajsModule, broker: string) {
  return new kafkajs.Kafka({ clientId: 'minikafka-bench', brokers: [broker], logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 2 } });
}

/** `concurrency` send() loops of `perSend` records each, until the time is up. */
export async function kafkajsProduce(
  kafkajs: KafkajsModule,
  broker: string,
  topic: string,
  recordSize: number,
  acks: 1 | -1,
  durationMs: number,
  perSend: number,
  concurrency = 4,
): Promise<Throughput> {
  const producer = client(kafkajs, broker).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(recordSize, 'x');
  const messages = Array.from({ length: perSend }, () => ({ value }));
  let records = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          await producer.send({ topic, acks, messages });
          records += perSend;
        }
      }),
    );
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  return throughput(records, records * recordSize, 0, seconds);
}

/**
 * A group consumer from the start of the topic, until it has `target` records or the time is up.
 * Timed from the first batch, so that joining the group does not count.
 */
export async function kafkajsConsume(
  kafkajs: KafkajsModule,
  broker: string,
  topic: string,
  recordSize: number,
  target: number,
  durationMs: number,
): Promise<Throughput> {
  const consumer = client(kafkajs, broker).consumer({ groupId: `minikafka-bench-${process.pid}-${Date.now()}`, maxBytesPerPartition: 1024 * 1024 });
  await consumer.connect();
  let total = 0;
  let records = 0;
  let firstAt = 0;
  let lastAt = 0;
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const giveUp = setTimeout(resolve, durationMs + 10000); // joining may take a while; the timing starts later
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const now = performance.now();
            total += batch.messages.length;
            if (firstAt === 0) firstAt = now;
            else records += batch.messages.length; // the first batch only starts the clock
            lastAt = now;
            if (total >= target || now - firstAt >= durationMs) {
              clearTimeout(giveUp);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  if (records === 0) throw new Error('kafkajs consumed nothing');
  return throughput(records, records * recordSize, 0, (lastAt - firstAt) / 1000);
}
