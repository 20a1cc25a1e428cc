/**
 * Jest global hooks: one broker (in memory) for the whole run. In jest.config.js:
 * globalSetup: 'minikafka/jest/globalSetup', globalTeardown: 'minikafka/jest/globalTeardown'.
 *
 * Environment: MINIKAFKA_TOPICS=orders:3,payments (name[:partitions]), MINIKAFKA_PORT (default 0),
 * MINIKAFKA_IN_MEMORY=0 to keep the data in a temporary directory instead of memory.
 * Tests read the address from process.env.KAFKA_BROKERS, or kafkaBrokers().
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedBroker, startBroker, TopicSpec } from './embedded';

const INSTANCE = Symbol.for('minikafka.jest.broker');
type Holder = { [INSTANCE]?: EmbeddedBroker };

/** Where globalSetup writes the address, keyed by the Jest process (workers are its children). */
function stateFile(pid: number): string {
  return path.join(os.tmpdir(), `minikafka-jest-${pid}.json`);
}

function topicsFromEnv(value: string | undefined): TopicSpec[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [name, partitions] = entry.split(':');
      return partitions === undefined ? name : { name, partitions: Number(partitions) };
    });
}

export async function globalSetup(): Promise<void> {
  const broker = await startBroker({
    port: Number(process.env.MINIKAFKA_PORT ?? 0),
    topics: topicsFromEnv(process.env.MINIKAFKA_TOPICS),
    inMemory: process.env.MINIKAFKA_IN_MEMORY !== '0',
  });
  (globalThis as Holder)[INSTANCE] = broker;
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  fs.writeFileSync(stateFile(process.pid), JSON.stringify({ brokers: broker.brokers }));
}

export async function globalTeardown(): Promise<void> {
  const holder = globalThis as Holder;
  const broker = holder[INSTANCE];
  delete holder[INSTANCE];
  fs.rmSync(stateFile(process.pid), { force: true });
  await broker?.stop();
}

/** The broker addresses globalSetup published: from the environment, else from its file. */
export function kafkaBrokers(): string[] {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) return fromEnv.split(',');
  for (const pid of [process.pid, process.ppid]) {
    try {
      return (JSON.parse(fs.readFileSync(stateFile(pid), 'utf8')) as { brokers: string[] }).brokers;
    } catch {
      // not this one
    }
  }
  throw new Error('minikafka: no broker address; is minikafka/jest globalSetup configured?');
}
