/**
 * A broker with the console on and realistic data written by kafkajs, shared by the console
 * tests, the browser test and scripts/console-screenshot.ts:
 *
 * - orders (2 partitions): partition 0 has 10 JSON orders (keys, headers, timestamps one minute
 *   apart from T0); partition 1 one gzip batch of 3.
 * - payments: a committed transaction (offset 0, COMMIT marker at 1) and an aborted one (offset 2,
 *   ABORT marker at 3).
 * - sensor-readings: 5 binary values (IEEE 754 doubles).
 * - group billing: a running consumer (client id billing-service) that read everything in orders
 *   but committed only offset 4 of partition 0 and 3 of partition 1: lag 6 and 0.
 * - group analytics: committed offsets only (no members): orders 8 and 0, lag 2 and 3.
 */
import { CompressionTypes, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../../src/embedded';

export const T0 = Date.UTC(2024, 0, 15, 9, 30, 0);
export const ORDERS_P0 = 10;
export const ORDERS_P1 = 3;

export interface ConsoleFixture {
  broker: EmbeddedBroker;
  /** The console's base URL, without the trailing slash. */
  url: string;
  kafka: Kafka;
  /** The billing group's running consumer. */
  consumer: Consumer;
  stop(): Promise<void>;
}

export function order(i: number): { id: number; customer: string; items: { sku: string; qty: number }[]; total: number; currency: string } {
  return {
    id: 1000 + i,
    customer: ['ada@example.com', 'grace@example.com', 'linus@example.com'][i % 3],
    items: [{ sku: `SKU-${100 + i}`, qty: 1 + (i % 3) }],
    total: 19.9 + i * 5,
    currency: 'EUR',
  };
}

export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const broker = await startBroker({
    httpPort: 0,
    topics: [{ name: 'orders', partitions: 2 }, 'payments', 'sensor-readings'],
  });
  const kafka = new Kafka({
    clientId: 'console-fixture',
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const producers: Producer[] = [];
  let consumer: Consumer | null = null;
  const stop = async () => {
    for (const p of producers) await p.disconnect().catch(() => {});
    await consumer?.disconnect().catch(() => {});
    await broker.stop();
  };
  try {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    producers.push(producer);
    await producer.connect();
    await producer.send({
      topic: 'orders',
      messages: Array.from({ length: ORDERS_P0 }, (_, i) => ({
        partition: 0,
        key: `order-${1000 + i}`,
        value: JSON.stringify(order(i)),
        headers: { source: i % 2 ? 'mobile' : 'web', 'trace-id': `trace-${(0xabc000 + i).toString(16)}` },
        timestamp: String(T0 + i * 60_000),
      })),
    });
    await producer.send({
      topic: 'orders',
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: ORDERS_P1 }, (_, i) => ({ partition: 1, key: `order-${2000 + i}`, value: JSON.stringify(order(100 + i)) })),
    });
    await producer.send({
      topic: 'sensor-readings',
      messages: Array.from({ length: 5 }, (_, i) => {
        const value = Buffer.alloc(8);
        value.writeDoubleBE(21.5 + i / 4);
        return { key: `sensor-${i % 2}`, value };
      }),
    });

    const txProducer = kafka.producer({ transactionalId: 'payments-writer', idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    producers.push(txProducer);
    await txProducer.connect();
    const paid = await txProducer.transaction();
    await paid.send({ topic: 'payments', messages: [{ key: 'order-1000', value: JSON.stringify({ status: 'paid', amount: 19.9 }) }] });
    await paid.commit();
    const refund = await txProducer.transaction();
    await refund.send({ topic: 'payments', messages: [{ key: 'order-1001', value: JSON.stringify({ status: 'refunded', amount: 24.9 }) }] });
    await refund.abort();

    consumer = await startBillingConsumer(kafka);

    await commitAsGroup(kafka, 'analytics', 'orders', [8, 0]);

    const url = broker.httpUrl!.replace(/\/$/, '');
    return { broker, url, kafka, consumer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Reads all of orders, then commits only part of partition 0; stays in the group. */
async function startBillingConsumer(kafka: Kafka): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: 'billing',
    sessionTimeout: 6000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 100,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
  let seen = 0;
  let allSeen!: () => void;
  const done = new Promise<void>((resolve) => (allSeen = resolve));
  await consumer.run({
    autoCommit: false,
    eachMessage: async () => {
      if (++seen === ORDERS_P0 + ORDERS_P1) allSeen();
    },
  });
  await withTimeout(done, 20_000, 'the billing consumer to read every order');
  await consumer.commitOffsets([
    { topic: 'orders', partition: 0, offset: '4' },
    { topic: 'orders', partition: 1, offset: String(ORDERS_P1) },
  ]);
  return consumer;
}

/**
 * Join `groupId` with a kafkajs consumer, commit `offsets` (by partition) of `topic` and leave: the
 * group is then Empty with those committed offsets. (kafkajs' admin.setOffsets does the same but
 * waits out a 5 s fetch.)
 */
export async function commitAsGroup(kafka: Kafka, groupId: string, topic: string, offsets: number[]): Promise<void> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachMessage: async () => {} });
    await withTimeout(joined, 20_000, `a consumer to join ${groupId}`);
    await consumer.commitOffsets(offsets.map((offset, partition) => ({ topic, partition, offset: String(offset) })));
  } finally {
    await consumer.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
