const { Kafka } = require('kafkajs');
const { startBroker } = require('minikafka');

let broker;
beforeAll(async () => (broker = await startBroker({ inMemory: true, topics: ['orders'] })));
afterAll(() => broker.stop());

test('an order is published', async () => {
  const producer = new Kafka({ brokers: broker.brokers }).producer();
  await producer.connect();
  const [sent] = await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: 'paid' }] });
  expect(sent.baseOffset).toBe('0');
  await producer.disconnect();
});
