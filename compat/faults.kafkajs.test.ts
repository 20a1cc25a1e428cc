/**
 * Fault injection with kafkajs 2.2.4, the way a test suite would use it to check its own error
 * handling: the producer retries through injected NOT_LEADER_OR_FOLLOWER and REQUEST_TIMED_OUT,
 * an idempotent producer stores a batch exactly once although the connection was lost after it
 * was written (a plain producer writes it twice), a group member told REBALANCE_IN_PROGRESS on
 * Heartbeat rejoins and keeps consuming, and a throttled response makes the client wait.
 * Records are read back with kcat. Needs the local broker (rules are set through its API).
 */
import { Consumer, Kafka, Partitioners } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../src/embedded';
import { describeIfLocal, kafkaClient, kcatConsume, uniqueTopic, waitFor } from './harness';

let broker: EmbeddedBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startBroker({ inMemory: true });
  kafka = kafkaClient(broker.brokers);
});
afterAll(() => broker?.stop());
afterEach(() => broker.faults.clear());

async function values(topic: string): Promise<string[]> {
  return (await kcatConsume(broker.brokers, topic)).map((r) => r.value!);
}

describeIfLocal('kafkajs against injected faults', () => {
  test('the producer retries through NOT_LEADER_OR_FOLLOWER and REQUEST_TIMED_OUT; each record is stored once', async () => {
    const topic = uniqueTopic('retry');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 200 } });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'warm-up' }] }); // creates the topic
      broker.faults.add({ api: 'Produce', topic, errorCode: 'NOT_LEADER_OR_FOLLOWER', count: 2 });
      broker.faults.add({ api: 'Produce', topic, errorCode: 'REQUEST_TIMED_OUT' });
      const [result] = await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
      expect(result.errorCode).toBe(0);
      expect(broker.faults.list()).toEqual([]); // all three errors were answered and retried
      expect(await values(topic)).toEqual(['warm-up', 'a', 'b']);
    } finally {
      await producer.disconnect();
    }
  });

  test('a lost Produce response: the idempotent producer retries and the batch is stored once', async () => {
    const topic = uniqueTopic('lost-ack');
    const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 200 } });
    const plain = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 200 } });
    await Promise.all([idempotent.connect(), plain.connect()]);
    try {
      await idempotent.send({ topic, messages: [{ value: 'first' }] });

      broker.faults.add({ api: 'Produce', topic, dropConnection: 'after' });
      await idempotent.send({ topic, messages: [{ value: 'once' }] });
      expect(broker.faults.list()).toEqual([]);
      expect(await values(topic)).toEqual(['first', 'once']);

      // The same fault without idempotence: the retry is a second copy, which is what the test above rules out.
      broker.faults.add({ api: 'Produce', topic, dropConnection: 'after' });
      await plain.send({ topic, messages: [{ value: 'twice' }] });
      expect(await values(topic)).toEqual(['first', 'once', 'twice', 'twice']);
    } finally {
      await Promise.all([idempotent.disconnect(), plain.disconnect()]);
    }
  });

  test('a member told REBALANCE_IN_PROGRESS on Heartbeat rejoins the group and keeps consuming', async () => {
    const topic = uniqueTopic('rejoin');
    const groupId = uniqueTopic('rejoin-group');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 100, maxWaitTimeInMs: 100 });
    const received: string[] = [];
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => joins++);
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'before' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });
      await waitFor('the first record', async () => (received.length === 1 ? true : undefined));
      expect(joins).toBe(1);

      broker.faults.add({ api: 'Heartbeat', group: groupId, errorCode: 'REBALANCE_IN_PROGRESS' });
      await waitFor('the member to rejoin', async () => (joins >= 2 ? true : undefined));
      expect(broker.faults.list()).toEqual([]);

      await producer.send({ topic, messages: [{ value: 'after' }] });
      await waitFor('the record sent after rejoining', async () => (received.length === 2 ? true : undefined));
      expect(received).toEqual(['before', 'after']);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  test('a throttled response makes the client wait before its next request', async () => {
    const topic = uniqueTopic('throttle');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'warm-up' }] });
      const throttleMs = 1000;
      broker.faults.add({ api: 'Produce', topic, throttleMs });
      const started = Date.now();
      await producer.send({ topic, messages: [{ value: 'throttled' }] });
      const answered = Date.now() - started;
      await producer.send({ topic, messages: [{ value: 'after' }] });
      const waited = Date.now() - started;
      expect(answered).toBeLessThan(throttleMs); // the throttled response itself comes at once
      expect(waited).toBeGreaterThanOrEqual(throttleMs * 0.8);
      expect(await values(topic)).toEqual(['warm-up', 'throttled', 'after']);
    } finally {
      await producer.disconnect();
    }
  });
});
