/**
 * `minikafka bench` pieces, run briefly: the shape of the report and that every figure is a
 * positive number. No timing thresholds: this machine's speed is not under test here.
 */
import yargs from 'yargs';
import { ensureBuilt } from '../server/cliRunner';
import { benchCommand } from '../../src/cli/bench';
import { startBroker } from '../../src/embedded';
import { crc32cMiBps, loopbackMiBps } from '../../src/bench/ceilings';
import { FrameSplitter } from '../../src/bench/frames';
import { formatReport } from '../../src/bench/report';
import { benchFailed, QUICK, runBench } from '../../src/bench/runBench';
import type { BenchReport, Throughput } from '../../src/bench/types';

describe('FrameSplitter', () => {
  const frames = Buffer.from([0, 0, 0, 2, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);

  it.each([1, 2, 3, 5, frames.length])('splits size-prefixed frames arriving in chunks of %i bytes', (step) => {
    const seen: [number, number, number[] | null][] = [];
    const splitter = new FrameSplitter(
      (i) => i !== 1,
      (i, size, body) => seen.push([i, size, body && [...body]]),
    );
    for (let pos = 0; pos < frames.length; pos += step) splitter.push(frames.subarray(pos, pos + step));
    expect(seen).toEqual([
      [0, 2, [0xaa, 0xbb]],
      [1, 0, null],
      [2, 3, [1, 2, 3]],
    ]);
  });
});

describe('ceilings', () => {
  it('measures loopback and CRC-32C speed', async () => {
    expect(await loopbackMiBps(200)).toBeGreaterThan(0);
    expect(crc32cMiBps(100)).toBeGreaterThan(0);
  });
});

describe('runBench --quick, shortened', () => {
  let report: BenchReport;

  beforeAll(async () => {
    ensureBuilt(); // the broker is spawned from bin/minikafka, which runs dist/
    report = await runBench({ ...QUICK, durationMs: 300, consumeRecords: 20000 });
  }, 120000);

  const positive = (t: Throughput) => {
    expect(t.records).toBeGreaterThan(0);
    expect(t.payloadBytes).toBeGreaterThan(0);
    expect(t.seconds).toBeGreaterThan(0);
    expect(t.recordsPerSec).toBeGreaterThan(0);
    expect(t.payloadMiBps).toBeGreaterThan(0);
  };

  it('reports the machine, the spawned broker and the ceilings', () => {
    expect(report.version).toBe(1);
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.cpuModel).toEqual(expect.any(String));
    expect(report.broker.mode).toBe('spawned');
    expect(report.broker.address).toMatch(/^127\.0\.0\.1:\d+$/);
    for (const v of [report.broker.startupMs, report.broker.idleRssMiB, report.broker.loadRssMiB, report.broker.finalRssMiB]) {
      expect(v).toBeGreaterThan(0);
    }
    expect(report.ceilings.loopbackMiBps).toBeGreaterThan(0);
    expect(report.ceilings.crc32cMiBps).toBeGreaterThan(0);
  });

  it('runs the wire-level produce and fetch tests', () => {
    const wire = report.tests.filter((t) => t.driver === 'wire');
    expect(wire.map((t) => [t.kind, t.recordSize, t.acks])).toEqual([
      ['produce', 100, 1],
      ['produce', 1024, 1],
      ['produce', 100, -1],
      ['produce', 1024, -1],
      ['fetch', 100, null],
    ]);
    for (const t of wire) {
      expect(t.error).toBeNull();
      positive(t.result!);
      expect(t.result!.wireBytes).toBeGreaterThan(t.result!.payloadBytes); // framing and batch headers
    }
  });

  it('runs the client tests, or says why one was skipped', () => {
    const clients = report.tests.filter((t) => t.driver !== 'wire');
    expect(clients.map((t) => `${t.driver} ${t.kind} ${t.recordSize}`)).toEqual([
      'kafkajs produce 100',
      'kafkajs produce 1024',
      'kafkajs consume 100',
      'librdkafka produce 100',
      'librdkafka produce 1024',
      'librdkafka consume 100',
      'librdkafka-c produce 100',
      'librdkafka-c produce 1024',
      'librdkafka-c consume 100',
    ]);
    for (const t of clients) {
      expect(t.error).toBeNull();
      if (t.skipped === null) positive(t.result!);
      else expect(t.result).toBeNull();
    }
    expect(clients.filter((t) => t.driver === 'kafkajs').every((t) => t.skipped === null)).toBe(true); // a dev dependency: always there
  });

  it('measures produce latency at a fixed rate', () => {
    const l = report.latency!;
    expect(report.latencyError).toBeNull();
    expect(l.rate).toBe(10000);
    expect(l.samples).toBeGreaterThan(0);
    expect(l.p50Ms).toBeGreaterThan(0);
    expect(l.p99Ms).toBeGreaterThanOrEqual(l.p50Ms);
    expect(l.p999Ms).toBeGreaterThanOrEqual(l.p99Ms);
    expect(l.maxMs).toBeGreaterThanOrEqual(l.p999Ms);
  });

  it('is not failed, survives JSON and prints a table', () => {
    expect(benchFailed(report)).toBe(false);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const table = formatReport(report);
    expect(table).toContain('RECORDS/S');
    expect(table).toContain('produce 100 B acks=1');
    expect(table).toContain('p99');
  });
});

describe('runBench --brokers', () => {
  it('benchmarks a running broker: no startup or memory figures, the same tests', async () => {
    const broker = await startBroker();
    try {
      const report = await runBench({ ...QUICK, brokers: broker.brokers[0], durationMs: 200, consumeRecords: 5000, clients: false });
      expect(report.broker).toEqual({ mode: 'external', address: broker.brokers[0], startupMs: null, idleRssMiB: null, loadRssMiB: null, finalRssMiB: null });
      for (const t of report.tests.filter((x) => x.driver === 'wire')) positiveThroughput(t.result!);
      expect(report.tests.filter((t) => t.driver !== 'wire').every((t) => t.skipped === 'not asked for (--no-clients)')).toBe(true);
      expect(benchFailed(report)).toBe(false);
    } finally {
      await broker.stop();
    }
  });
});

describe('minikafka bench options', () => {
  /** The usage error yargs reports (thrown, as the CLI's fail handler would print it), or null. */
  const parse = async (args: string[]): Promise<string | null> => {
    try {
      await yargs(['bench', ...args])
        .command(benchCommand)
        .exitProcess(false)
        .fail((message, err) => {
          throw err ?? new Error(message);
        })
        .parseAsync();
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };

  it.each([
    [['--duration', '0'], '--duration must be a positive number of seconds'],
    [['--connections', '1.5'], '--connections must be a whole number of at least 1'],
    [['--in-flight', '0'], '--in-flight must be a whole number of at least 1'],
    [['--consume-records', '-3'], '--consume-records must be a whole number of at least 1'],
  ])('rejects %j', async (args, message) => {
    expect(await parse(args)).toBe(message);
  });
});

function positiveThroughput(t: Throughput): void {
  expect(t.records).toBeGreaterThan(0);
  expect(t.recordsPerSec).toBeGreaterThan(0);
  expect(t.payloadMiBps).toBeGreaterThan(0);
  expect(t.wireMiBps).toBeGreaterThan(0);
}
