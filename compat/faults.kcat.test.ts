/**
 * Fault injection with librdkafka (kcat): a retriable Produce error is retried and every record is
 * stored once; a non-retriable one fails the delivery with Kafka's error, which kcat reports.
 * Needs the local broker (rules are set through its API).
 */
import { EmbeddedBroker, startBroker } from '../src/embedded';
import { describeIfLocal, kcat, kcatConsume, kcatProduce, uniqueTopic } from './harness';

let broker: EmbeddedBroker;
const retryTopic = uniqueTopic('kcat-retry');
const failTopic = uniqueTopic('kcat-fail');

beforeAll(async () => {
  broker = await startBroker({ inMemory: true, topics: [retryTopic, failTopic] });
});
afterAll(() => broker?.stop());
afterEach(() => broker.faults.clear());

describeIfLocal('kcat against injected faults', () => {
  test('NOT_LEADER_OR_FOLLOWER on Produce: librdkafka refreshes metadata, retries, and stores each record once', async () => {
    const topic = retryTopic;
    broker.faults.add({ api: 'Produce', topic, errorCode: 'NOT_LEADER_OR_FOLLOWER', count: 2 });
    await kcatProduce(broker.brokers, topic, ['one', 'two', 'three'], ['-X', 'retry.backoff.ms=50']);
    expect(broker.faults.list()).toEqual([]);
    expect((await kcatConsume(broker.brokers, topic)).map((r) => r.value)).toEqual(['one', 'two', 'three']);
  });

  test('a non-retriable Produce error fails the delivery and kcat says why', async () => {
    const topic = failTopic;
    broker.faults.add({ api: 'Produce', topic, errorCode: 'TOPIC_AUTHORIZATION_FAILED', count: Infinity });
    const r = await kcat(broker.brokers, ['-P', '-t', topic, '-X', 'message.timeout.ms=5000'], { input: 'refused\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Topic authorization failed/i);
    broker.faults.clear();
    expect(await kcatConsume(broker.brokers, topic)).toEqual([]);
  });
});
