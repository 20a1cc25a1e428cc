const { Kafka } = require('kafkajs');
const { kafkaBrokers } = require('minikafka/jest');

test('what is produced can be consumed', async () => {
  const kafka = new Kafka({ brokers: kafkaBrokers() });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'greetings', messages: [{ value: 'hello' }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: 'readers' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'greetings', fromBeginning: true });
  const received = await new Promise((resolve) => {
    consumer.run({ eachMessage: async ({ message }) => resolve(message.value.toString()) });
  });
  await consumer.disconnect();
  expect(received).toBe('hello');
});
