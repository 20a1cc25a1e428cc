/**
 * A healthy kafkajs client next to the fuzzer: it writes numbered records between fuzz rounds and
 * at the end reads them all back, so a broker that stopped serving, lost or reordered data, or
 * corrupted its log shows up as a failure.
 */
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

export const HEALTHY_TOPIC = 'fuzz-healthy';

export class HealthyClient {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  /** Values acknowledged so far, in order (one partition). */
  readonly acked: string[] = [];

  constructor(port: number) {
    this.kafka = new Kafka({ clientId: 'fuzz-healthy', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: HEALTHY_TOPIC, numPartitions: 1 }] });
    await admin.disconnect();
    this.producer = this.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async write(n = 1): Promise<void> {
    const values = Array.from({ length: n }, (_, i) => `healthy-${this.acked.length + i}`);
    await this.producer!.send({ topic: HEALTHY_TOPIC, acks: -1, messages: values.map((value) => ({ key: 'k', value })) });
    this.acked.push(...values);
  }

  /** Every acknowledged value, in order, at offsets 0, 1, 2, ... (read by a fresh consumer group). */
  async readAll(timeoutMs = 15000): Promise<{ offset: number; value: string }[]> {
    const consumer = this.kafka.consumer({ groupId: `fuzz-verify-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [HEALTHY_TOPIC], fromBeginning: true });
    const seen: { offset: number; value: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${seen.length} of ${this.acked.length} healthy records`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({ offset: Number(message.offset), value: message.value!.toString() });
          if (seen.length >= this.acked.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return seen;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
