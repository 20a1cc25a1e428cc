/** kafkajs against an in-memory broker: clients, a group consumer that commits, a reader. */
import { CompressionTypes, Kafka, logLevel, Partitioners, Producer, ProducerConfig } from 'kafkajs';

export interface Consumed {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

const clients: { disconnect(): Promise<void> }[] = [];

export function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'memory-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 50 } });
}

/** A connected producer, disconnected by disconnectAll(). */
export async function producer(brokers: string[], config: ProducerConfig = {}): Promise<Producer> {
  const p = kafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
  await p.connect();
  clients.push(p);
  return p;
}

export async function disconnectAll(): Promise<void> {
  for (const c of clients.splice(0)) await c.disconnect().catch(() => {});
}

/** Send values to one partition, gzip-compressed or not. */
export async function send(p: Producer, topic: string, partition: number, values: string[], gzip = false): Promise<void> {
  await p.send({
    topic,
    acks: -1,
    compression: gzip ? CompressionTypes.GZIP : CompressionTypes.None,
    messages: values.map((value) => ({ key: `k-${value}`, value, partition })),
  });
}

/**
 * Join `groupId`, read `count` records of `topic` (from the committed offsets, else the
 * beginning), commit what was read, and leave. Records come back in order per partition.
 */
export async function consume(
  brokers: string[],
  topic: string,
  groupId: string,
  count: number,
  options: { readUncommitted?: boolean; commit?: boolean } = {},
): Promise<Consumed[]> {
  const consumer = kafka(brokers).consumer({ groupId, maxWaitTimeInMs: 50, readUncommitted: options.readUncommitted ?? false });
  const got: Consumed[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => {};
    const enough = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        got.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        if (got.length >= count) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`read ${got.length} of ${count} records`)), 10_000)));
    await Promise.race([enough, timeout]).finally(() => clearTimeout(timer));
    if (options.commit ?? true) {
      const next = new Map<number, number>();
      for (const r of got) next.set(r.partition, Math.max(next.get(r.partition) ?? 0, r.offset + 1));
      await consumer.commitOffsets([...next].map(([partition, offset]) => ({ topic, partition, offset: String(offset) })));
    }
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/** Values of the records, in order of partition, then offset. */
export function values(records: Consumed[]): string[] {
  return [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset).map((r) => r.value ?? '');
}
