/**
 * `minikafka bench`: the ceilings first (nothing else running), then a broker (spawned, or the one
 * --brokers names), the wire-level load generator, the fixed-rate latency test and the client
 * tests, watching the broker's memory throughout.
 */
import * as os from 'node:os';
import { KafkaClient, parseAddress } from '../client/KafkaClient';
import { BrokerProcess, RssSampler } from './brokerProcess';
import { crc32cMiBps, loopbackMiBps } from './ceilings';
import { runClientTests } from './clientTests';
import { produceLatency } from './latency';
import { BenchSession } from './session';
import { BenchReport } from './types';
import { fetchLoad, produceLoad } from './wireLoad';

export interface BenchOptions {
  /** host:port of a running broker; otherwise one is spawned. */
  brokers?: string;
  durationMs: number;
  quick: boolean;
  connections: number;
  inFlight: number;
  batchBytes: number;
  /** Records (100 B) in the partition the consumers and the Fetch test read from the start. */
  consumeRecords: number;
  latencyRate: number;
  /** Run the kafkajs and librdkafka tests. */
  clients: boolean;
  /** Profile the spawned broker (node --cpu-prof), writing the .cpuprofile here when it stops. */
  cpuProfDir?: string;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

export const FULL: Omit<BenchOptions, 'brokers' | 'progress' | 'cpuProfDir'> = {
  durationMs: 5000,
  quick: false,
  connections: 4,
  inFlight: 4,
  batchBytes: 256 * 1024,
  consumeRecords: 2_000_000,
  latencyRate: 10_000,
  clients: true,
};

/** Seconds, not minutes: what CI runs. */
export const QUICK: Omit<BenchOptions, 'brokers' | 'progress' | 'cpuProfDir'> = { ...FULL, durationMs: 1000, quick: true, consumeRecords: 100_000 };

const WIRE_SIZES = [
  { recordSize: 100, acks: 1 as const },
  { recordSize: 1024, acks: 1 as const },
  { recordSize: 100, acks: -1 as const },
  { recordSize: 1024, acks: -1 as const },
];
/** The records of the partition the Fetch test and the consumers read, and of the latency test. */
const FILL_RECORD_SIZE = 100;

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const say = o.progress ?? (() => {});
  const cpus = os.cpus();
  const report: BenchReport = {
    version: 1,
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, totalMemMiB: Math.round(os.totalmem() / 2 ** 20) },
    settings: { durationMs: o.durationMs, quick: o.quick, connections: o.connections, inFlight: o.inFlight, batchBytes: o.batchBytes, consumeRecords: o.consumeRecords },
    broker: { mode: o.brokers ? 'external' : 'spawned', address: '', startupMs: null, idleRssMiB: null, loadRssMiB: null, finalRssMiB: null },
    ceilings: { loopbackMiBps: 0, crc32cMiBps: 0 },
    tests: [],
    latency: null,
    latencyError: null,
  };

  const ceilingMs = Math.max(300, o.durationMs / 2);
  say('ceilings: loopback');
  report.ceilings.loopbackMiBps = await loopbackMiBps(ceilingMs);
  say('ceilings: CRC-32C');
  report.ceilings.crc32cMiBps = crc32cMiBps(ceilingMs);

  say(o.brokers ? `broker: ${o.brokers}` : 'broker: starting minikafka in a child process');
  // No initial rebalance delay: the consumers' group join would only make the run longer.
  const spawned = o.brokers
    ? null
    : await BrokerProcess.start(['--group-initial-rebalance-delay-ms', '0'], o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : []);
  const address = spawned ? spawned.address : parseAddress(o.brokers!);
  report.broker.address = `${address.host}:${address.port}`;
  const sampler = new RssSampler(() => spawned?.rssMiB() ?? null);
  let admin: KafkaClient | undefined;
  try {
    if (spawned) {
      report.broker.startupMs = spawned.startupMs;
      await sleep(500);
      report.broker.idleRssMiB = spawned.rssMiB();
    }
    sampler.start();
    admin = await KafkaClient.connect(report.broker.address);
    const s = new BenchSession(report, address, admin, say);
    const filled = await wireTests(s, o);
    say(`latency at ${o.latencyRate} records/s`);
    try {
      report.latency = await produceLatency(address, await s.topic('latency', 1), o.latencyRate, FILL_RECORD_SIZE, Math.max(1000, o.durationMs));
    } catch (err) {
      report.latencyError = (err as Error).message;
      say(`latency: FAILED: ${report.latencyError}`);
    }
    await runClientTests(s, { ...filled, durationMs: o.durationMs, batchBytes: o.batchBytes, enabled: o.clients });
    await s.dropTopics();

    report.broker.loadRssMiB = sampler.stop();
    if (spawned) {
      await sleep(1000);
      report.broker.finalRssMiB = spawned.rssMiB();
      if (!spawned.alive) throw new Error(`the broker died during the run:\n${spawned.log}`);
    }
  } finally {
    sampler.stop();
    admin?.close();
    if (spawned) say('broker: stopping');
    await spawned?.stop();
  }
  return report;
}

/**
 * Produce at both sizes and both acks, then fill one partition and Fetch it from offset 0.
 * Returns that partition, which the consumers read next.
 */
async function wireTests(s: BenchSession, o: BenchOptions): Promise<{ filledTopic: string; filledRecords: number; filledRecordSize: number }> {
  const wire = { connections: o.connections, inFlight: o.inFlight, batchBytes: o.batchBytes, durationMs: o.durationMs };
  for (const { recordSize, acks } of WIRE_SIZES) {
    await s.test({ name: `wire produce ${recordSize} B acks=${acks}`, driver: 'wire', kind: 'produce', recordSize, acks }, async () => {
      const topic = await s.topic(`wire-${recordSize}-${acks === 1 ? 'a1' : 'all'}`, o.connections);
      try {
        return await produceLoad(s.address, { ...wire, topic, partitions: o.connections, recordSize, acks });
      } finally {
        await s.dropTopics(topic);
      }
    });
  }
  s.say(`filling a partition with ${o.consumeRecords} records of ${FILL_RECORD_SIZE} B`);
  const filledTopic = await s.topic('consume', 1);
  const fill = { ...wire, topic: filledTopic, partitions: 1, connections: 1, recordSize: FILL_RECORD_SIZE, acks: 1 as const };
  // What was acknowledged before the generator stopped (a few batches more may have landed).
  const filledRecords = (await produceLoad(s.address, { ...fill, durationMs: 120000, maxRecords: o.consumeRecords })).records;
  await s.test({ name: `wire fetch ${FILL_RECORD_SIZE} B`, driver: 'wire', kind: 'fetch', recordSize: FILL_RECORD_SIZE, acks: null }, () =>
    fetchLoad(s.address, {
      topic: filledTopic,
      partition: 0,
      connections: Math.min(2, o.connections),
      inFlight: o.inFlight,
      fetchBytes: 1024 * 1024, // Kafka's and librdkafka's max.partition.fetch.bytes
      recordSize: FILL_RECORD_SIZE,
      durationMs: o.durationMs,
    }),
  );
  return { filledTopic, filledRecords, filledRecordSize: FILL_RECORD_SIZE };
}

/** Whether the run found something broken (a failed test); skipped tests are not failures. */
export function benchFailed(r: BenchReport): boolean {
  return r.latency === null || r.tests.some((t) => t.error !== null);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
