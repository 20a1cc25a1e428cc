/**
 * librdkafka through Confluent's @confluentinc/kafka-javascript (its node-rdkafka style API, the
 * thinnest layer over librdkafka), as compat/clients/install.sh builds it. When it is not built the
 * tests are skipped with that reason, never failed.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { packageRoot } from './brokerProcess';
import { Throughput, throughput } from './types';

/* The little of the client's API used here. */
interface RdError {
  code: number;
  message: string;
}
interface RdProducer {
  connect(metadata?: object, cb?: (err: RdError | null) => void): void;
  on(event: 'event.error', cb: (err: RdError) => void): void;
  produce(topic: string, partition: number, value: Buffer, key: null): void;
  flush(timeoutMs: number, cb: (err: RdError | null) => void): void;
  disconnect(cb?: () => void): void;
}
interface RdConsumer {
  connect(metadata?: object, cb?: (err: RdError | null) => void): void;
  on(event: 'event.error', cb: (err: RdError) => void): void;
  assign(assignments: { topic: string; partition: number; offset: number }[]): void;
  setDefaultConsumeTimeout(ms: number): void;
  setDefaultIsTimeoutOnlyForFirstMessage?(only: boolean): void;
  consume(count: number, cb: (err: RdError | null, messages: unknown[]) => void): void;
  disconnect(cb?: () => void): void;
}
interface RdModule {
  Producer: new (config: object, topicConfig?: object) => RdProducer;
  KafkaConsumer: new (config: object, topicConfig?: object) => RdConsumer;
  CODES: { ERRORS: Record<string, number> };
}

export function loadRdkafka(): RdModule | string {
  const dir = path.join(packageRoot(), 'compat', 'clients');
  try {
    return createRequire(path.join(dir, 'package.json'))('@confluentinc/kafka-javascript') as RdModule;
  } catch (err) {
    return `@confluentinc/kafka-javascript is not built in compat/clients (run compat/clients/install.sh): ${String(err).split('\n')[0]}`;
  }
}

const connect = (c: RdProducer | RdConsumer) =>
  new Promise<void>((resolve, reject) => c.connect({}, (err) => (err ? reject(new Error(`librdkafka: ${err.message}`)) : resolve())));
const disconnect = (c: RdProducer | RdConsumer) => new Promise<void>((resolve) => c.disconnect(() => resolve()));

/**
 * produce() as fast as the queue takes it until the time is up, then flush: every record produced
 * is acknowledged (no delivery reports: this binding hands them to JS too slowly to count by; the
 * caller checks the partition's end offset instead).
 */
export async function rdkafkaProduce(rd: RdModule, broker: string, topic: string, recordSize: number, acks: 1 | -1, durationMs: number): Promise<Throughput> {
  const producer = new rd.Producer({
    'bootstrap.servers': broker,
    'client.id': 'minikafka-bench',
    'linger.ms': 5,
    'batch.size': 1000000,
    // A long queue matters here (100k messages: 5× slower), the flush after it is timed too.
    'queue.buffering.max.messages': 1000000,
    'queue.buffering.max.kbytes': 262144,
    'request.required.acks': acks,
    'enable.idempotence': false,
  });
  let lastError: string | null = null; // transient ones (a dropped connection) are retried by librdkafka
  producer.on('event.error', (err) => (lastError = err.message));
  await connect(producer);
  const value = Buffer.alloc(recordSize, 'x');
  const queueFull = rd.CODES.ERRORS.ERR__QUEUE_FULL;
  let produced = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await new Promise<void>((resolve, reject) => {
      const pump = () => {
        try {
          for (let i = 0; ; i++) {
            if ((i & 1023) === 0 && performance.now() >= deadline) return resolve();
            producer.produce(topic, 0, value, null);
            produced++;
          }
        } catch (err) {
          if ((err as RdError).code === queueFull) setTimeout(pump, 1);
          else reject(err);
        }
      };
      pump();
    });
    await new Promise<void>((resolve, reject) =>
      producer.flush(60000, (err) => (err ? reject(new Error(`librdkafka flush: ${err.message}${lastError ? ` (${lastError})` : ''}`)) : resolve())),
    );
  } finally {
    await disconnect(producer);
  }
  const seconds = (performance.now() - started) / 1000;
  return throughput(produced, produced * recordSize, 0, seconds);
}

/** Assigned (no group) from offset 0, batches of consume(); timed from the first non-empty batch. */
export async function rdkafkaConsume(rd: RdModule, broker: string, topic: string, recordSize: number, target: number, durationMs: number): Promise<Throughput> {
  const consumer = new rd.KafkaConsumer(
    {
      'bootstrap.servers': broker,
      'client.id': 'minikafka-bench',
      'group.id': `minikafka-bench-${process.pid}`,
      'enable.auto.commit': false,
      'fetch.max.bytes': 52428800,
      'max.partition.fetch.bytes': 1048576,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  let lastError: string | null = null; // transient ones are retried by librdkafka
  consumer.on('event.error', (err) => (lastError = err.message));
  await connect(consumer);
  consumer.setDefaultConsumeTimeout(100);
  consumer.setDefaultIsTimeoutOnlyForFirstMessage?.(true); // return what is there instead of waiting to fill the batch
  consumer.assign([{ topic, partition: 0, offset: 0 }]);
  let total = 0;
  let records = 0;
  let firstAt = 0;
  let lastAt = 0;
  const giveUpAt = performance.now() + durationMs + 10000;
  try {
    await new Promise<void>((resolve, reject) => {
      const next = () =>
        consumer.consume(10000, (err, messages) => {
          if (err) return reject(new Error(`librdkafka consume: ${err.message}`));
          const now = performance.now();
          if (messages.length > 0) {
            total += messages.length;
            if (firstAt === 0) firstAt = now;
            else records += messages.length; // the first batch only starts the clock
            lastAt = now;
          }
          if (total >= target || (firstAt > 0 && now - firstAt >= durationMs) || now >= giveUpAt) return resolve();
          setImmediate(next);
        });
      next();
    });
  } finally {
    await disconnect(consumer);
  }
  if (records === 0) throw new Error(`librdkafka consumed nothing${lastError ? `: ${lastError}` : ''}`);
  return throughput(records, records * recordSize, 0, (lastAt - firstAt) / 1000);
}
