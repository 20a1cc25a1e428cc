/** The shape of `minikafka bench --out` JSON, and the throughput arithmetic every test shares. */

const MIB = 1024 * 1024;

export interface Throughput {
  records: number;
  /** Record values only (the Kafka convention: "100-byte records"). */
  payloadBytes: number;
  /** Bytes on the wire (requests for produce, responses for fetch); 0 where unknown (clients). */
  wireBytes: number;
  seconds: number;
  recordsPerSec: number;
  /** Payload MiB/s, as Kafka's published figures count them. */
  payloadMiBps: number;
  wireMiBps: number;
}

export function throughput(records: number, payloadBytes: number, wireBytes: number, seconds: number): Throughput {
  const per = (n: number) => (seconds > 0 ? n / seconds : 0);
  return {
    records,
    payloadBytes,
    wireBytes,
    seconds,
    recordsPerSec: per(records),
    payloadMiBps: per(payloadBytes) / MIB,
    wireMiBps: per(wireBytes) / MIB,
  };
}

export interface Latency {
  /** Requests sent per second (one record each). */
  rate: number;
  recordSize: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface Ceilings {
  loopbackMiBps: number;
  crc32cMiBps: number;
}

/** One client-driven or wire-level test: its result, or why it did not run. */
export interface TestResult {
  name: string;
  /** 'wire' (our generator), 'kafkajs', 'librdkafka' (Confluent's Node client) or 'librdkafka-c' (rdkafkaPerf.c). */
  driver: string;
  kind: 'produce' | 'fetch' | 'consume';
  recordSize: number;
  /** null for fetch and consume. */
  acks: number | null;
  result: Throughput | null;
  /** Why it did not run (a client that is not installed): not a failure. */
  skipped: string | null;
  /** Why it failed: the run exits 1. */
  error: string | null;
}

export interface BrokerFigures {
  /** How the broker was found: 'spawned' (`minikafka start` in a child process) or 'external'. */
  mode: 'spawned' | 'external';
  address: string;
  /** Spawn to the first accepted TCP connection; null for an external broker. */
  startupMs: number | null;
  idleRssMiB: number | null;
  /** The most seen while the load tests ran. */
  loadRssMiB: number | null;
  /** After the load tests, once idle again. */
  finalRssMiB: number | null;
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; totalMemMiB: number };
  settings: { durationMs: number; quick: boolean; connections: number; inFlight: number; batchBytes: number; consumeRecords: number };
  broker: BrokerFigures;
  ceilings: Ceilings;
  tests: TestResult[];
  latency: Latency | null;
  latencyError: string | null;
}
