/**
 * The request-decoder fuzz, for longer than the test suite runs it (test/fuzz/*.test.ts):
 *
 *   npm run fuzz -- [--mode decode|tcp|both] [--iterations N] [--seed S] [--replay I] [--skip-apis A,B]
 *
 * decode: in process, every advertised API and version, mutated and random frames (default
 * 200000 inputs). tcp: the same against a real broker on a temporary data dir, with a kafkajs
 * client producing throughout and its records checked at the end (default 5000 inputs).
 * --replay I runs only case I of the seed and prints its bytes. --skip-apis leaves out APIs with a
 * known, open problem (by name, e.g. CreateTopics) so a long run can find others. Exits 1 when
 * anything failed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { Broker } from '../src/broker';
import { pipelinedCase, runBrokerFuzz, sendCase, tcpCase } from '../test/fuzz/lib/brokerFuzz';
import { checkDecode } from '../test/fuzz/lib/decodeCheck';
import { decoderCase, formatFailure, FuzzReport, runDecoderFuzz } from '../test/fuzz/lib/decoderFuzz';
import { HealthyClient } from '../test/fuzz/lib/health';
import { hexDump } from '../test/fuzz/lib/prng';
import { FUZZ_TOPIC } from '../test/fuzz/lib/samples';

interface Args {
  mode: 'decode' | 'tcp' | 'both';
  iterations?: number;
  seed: number;
  replay?: number;
  skipApis: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { mode: 'both', seed: Math.floor(Math.random() * 0x7fffffff), skipApis: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const int = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === '--mode') {
      const m = value();
      if (m !== 'decode' && m !== 'tcp' && m !== 'both') throw new Error('--mode is decode, tcp or both');
      args.mode = m;
    } else if (flag === '--iterations') args.iterations = int();
    else if (flag === '--seed') args.seed = int();
    else if (flag === '--replay') args.replay = int();
    else if (flag === '--skip-apis') args.skipApis = new Set(value().split(','));
    else throw new Error(`unknown option ${argv[i]} (options: --mode, --iterations, --seed, --replay, --skip-apis)`);
  }
  return args;
}

function printReport(name: string, report: FuzzReport, ms: number): void {
  console.log(`${name}: ${report.tried} inputs in ${(ms / 1000).toFixed(1)} s, ${report.failures.length} failures; outcomes ${JSON.stringify(report.outcomes)}`);
  for (const f of report.failures.slice(0, 50)) console.log(formatFailure(f));
  if (report.failures.length > 50) console.log(`... and ${report.failures.length - 50} more`);
}

function fuzzDecoder(seed: number, iterations: number): FuzzReport {
  console.log(`decoder fuzz: seed ${seed}, ${iterations} inputs`);
  const started = Date.now();
  const report = runDecoderFuzz(seed, iterations, (done, r) => {
    if (done % 50000 === 0) console.log(`  ${done} inputs, ${r.failures.length} failures`);
  });
  printReport('decoder fuzz', report, Date.now() - started);
  return report;
}

async function fuzzBroker(seed: number, iterations: number, skipApis: Set<string>): Promise<FuzzReport> {
  console.log(`broker fuzz: seed ${seed}, ${iterations} inputs${skipApis.size ? `, skipping ${[...skipApis].join(', ')}` : ''}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-fuzz-'));
  const brokerErrors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void brokerErrors.push(line) });
  const report: FuzzReport = { tried: 0, outcomes: {}, failures: [] };
  const started = Date.now();
  let broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, dev: true, logger });
  const healthy = new HealthyClient(broker.port);
  try {
    broker.ensureTopic(FUZZ_TOPIC, 2);
    await healthy.start();
    await healthy.write(10);
    const round = 500;
    for (let from = 0; from < iterations; from += round) {
      await runBrokerFuzz(broker.port, seed, from, Math.min(round, iterations - from), report, { concurrency: 32, skipApis });
      await healthy.write(1);
      console.log(`  ${report.tried} inputs, ${report.failures.length} failures, healthy client has ${healthy.acked.length} records acknowledged`);
    }
    // The framing layer: valid requests pipelined and written in random pieces.
    for (let i = 0; i < Math.ceil(iterations / 20); i++) {
      const problem = await pipelinedCase(broker.port, seed, i);
      report.tried++;
      report.outcomes.pipelined = (report.outcomes.pipelined ?? 0) + 1;
      if (problem) report.failures.push({ mode: 'tcp', seed, index: i, target: 'pipelined requests', mutation: 'split writes', failure: problem, input: Buffer.alloc(0) });
    }
    checkHealthy(await healthy.readAll(), healthy.acked, report, seed, 'while fuzzing');
    await healthy.close();
    await broker.stop();
    broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, dev: true, logger });
    const after = new HealthyClient(broker.port);
    after.acked.push(...healthy.acked);
    await after.start().catch(() => {});
    await after.write(1);
    checkHealthy(await after.readAll(), after.acked, report, seed, 'after a restart');
    await after.close();
  } finally {
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printReport('broker fuzz', report, Date.now() - started);
  console.log(`broker logged ${brokerErrors.length} errors (handler failures; each closed its connection)`);
  for (const line of brokerErrors.slice(0, 20)) console.log(`  ${line.trim().slice(0, 600)}`);
  return report;
}

function checkHealthy(read: { offset: number; value: string }[], acked: string[], report: FuzzReport, seed: number, when: string): void {
  const wrong = read.findIndex((r, i) => r.offset !== i || r.value !== acked[i]);
  if (read.length !== acked.length || wrong >= 0) {
    const failure = `healthy client's records ${when}: read ${read.length} of ${acked.length}, first wrong at ${wrong}`;
    report.failures.push({ mode: 'tcp', seed, index: -1, target: 'healthy client', mutation: 'none', failure, input: Buffer.alloc(0) });
  }
}

async function replay(args: Args): Promise<boolean> {
  const index = args.replay!;
  if (args.mode !== 'tcp') {
    const c = decoderCase(args.seed, index);
    const outcome = c.isBatch ? null : checkDecode(c.frame);
    console.log(`decode case ${index} of seed ${args.seed}: ${c.target}, ${c.mutation}\n${hexDump(c.frame, 4096)}\n${JSON.stringify(outcome)}`);
    if (outcome && !outcome.ok) return false;
  }
  if (args.mode !== 'decode') {
    const c = tcpCase(args.seed, index);
    const broker = await Broker.start({ port: 0, host: '127.0.0.1', inMemory: true, dev: true, logLevel: 'debug' });
    try {
      broker.ensureTopic(FUZZ_TOPIC, 2);
      const result = await sendCase(broker.port, c.frame, 1500);
      console.log(`tcp case ${index} of seed ${args.seed}: ${c.target}, ${c.mutation}\n${hexDump(c.frame, 4096)}\n${JSON.stringify(result)}`);
      if (result.problem) return false;
    } finally {
      await broker.stop();
    }
  }
  return true;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.replay !== undefined) {
    process.exitCode = (await replay(args)) ? 0 : 1;
    return;
  }
  let failures = 0;
  if (args.mode !== 'tcp') failures += fuzzDecoder(args.seed, args.iterations ?? 200000).failures.length;
  if (args.mode !== 'decode') failures += (await fuzzBroker(args.seed, args.iterations ?? 5000, args.skipApis)).failures.length;
  console.log(failures === 0 ? 'fuzz: no failures' : `fuzz: ${failures} failures (replay each with the command shown)`);
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
