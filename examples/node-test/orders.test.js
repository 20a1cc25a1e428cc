const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { Kafka } = require('kafkajs');
const { startBroker } = require('minikafka');

let broker;
before(async () => (broker = await startBroker({ inMemory: true, topics: ['orders'] })));
after(() => broker.stop());

test('an order is published', async () => {
  const producer = new Kafka({ brokers: broker.brokers }).producer();
  await producer.connect();
  const [sent] = await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: 'paid' }] });
  assert.strictEqual(sent.baseOffset, '0');
  await producer.disconnect();
});
