/**
 * `minikafka bench`: how much a broker moves on this machine, next to what the machine allows
 * (loopback and CRC-32C speed). Prints a table, optionally writes the figures as JSON; exits 1 only
 * when a test failed (a client that is not installed is skipped, not failed).
 */
import * as fs from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { formatReport } from '../bench/report';
import { benchFailed, FULL, QUICK, runBench } from '../bench/runBench';

interface BenchArgs {
  brokers?: string;
  quick: boolean;
  duration?: number;
  out?: string;
  connections?: number;
  'in-flight'?: number;
  'consume-records'?: number;
  clients: boolean;
  'cpu-prof-dir'?: string;
}

const positiveInteger = (name: string) => (v: number | undefined) => {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`--${name} must be a whole number of at least 1`);
  return v;
};

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'Measure throughput, latency, startup and memory of a broker (spawned, or --brokers)',
  builder: (y: Argv) =>
    y
      .option('brokers', { type: 'string', describe: 'Benchmark this running broker (host:port) instead of starting one' })
      .option('quick', { type: 'boolean', default: false, describe: 'A smoke run of a few seconds (what CI runs)' })
      .option('duration', {
        type: 'number',
        describe: `Seconds per test (default ${FULL.durationMs / 1000}, ${QUICK.durationMs / 1000} with --quick)`,
        coerce: (v: number | undefined) => {
          if (v !== undefined && !(v > 0)) throw new Error('--duration must be a positive number of seconds');
          return v;
        },
      })
      .option('out', { type: 'string', describe: 'Also write the figures as JSON to this file' })
      .option('connections', { type: 'number', describe: `Connections of the wire-level generator (default ${FULL.connections})`, coerce: positiveInteger('connections') })
      .option('in-flight', { type: 'number', describe: `Requests in flight per connection (default ${FULL.inFlight})`, coerce: positiveInteger('in-flight') })
      .option('consume-records', {
        type: 'number',
        describe: `Records in the partition the consumers read (default ${FULL.consumeRecords}, ${QUICK.consumeRecords} with --quick)`,
        coerce: positiveInteger('consume-records'),
      })
      .option('cpu-prof-dir', { type: 'string', describe: 'Profile the spawned broker (node --cpu-prof) into this directory' })
      .option('clients', { type: 'boolean', default: true, describe: 'Run the kafkajs and librdkafka tests (--no-clients skips them)' }) as unknown as Argv<BenchArgs>,
  handler: async (args) => {
    const base = args.quick ? QUICK : FULL;
    const started = performance.now();
    try {
      const report = await runBench({
        ...base,
        brokers: args.brokers,
        durationMs: args.duration !== undefined ? args.duration * 1000 : base.durationMs,
        connections: args.connections ?? base.connections,
        inFlight: args['in-flight'] ?? base.inFlight,
        consumeRecords: args['consume-records'] ?? base.consumeRecords,
        clients: args.clients,
        cpuProfDir: args['cpu-prof-dir'],
        progress: (line) => process.stderr.write(`bench: [${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`),
      });
      process.stdout.write(formatReport(report));
      if (args.out) fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
      if (benchFailed(report)) process.exitCode = 1;
    } catch (err) {
      process.stderr.write(`minikafka bench: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    }
  },
};
