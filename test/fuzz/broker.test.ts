/**
 * Fuzz over TCP against a real broker: mutated requests for every advertised API and version,
 * each on its own connection. Every one gets a well-formed answer or a closed connection, a
 * kafkajs client keeps producing throughout, and after a restart on the same data dir every
 * record it wrote is still there, in order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { Broker } from '../../src/broker';
import { pipelinedCase, runBrokerFuzz } from './lib/brokerFuzz';
import { formatFailure, FuzzReport } from './lib/decoderFuzz';
import { HealthyClient } from './lib/health';
import { FUZZ_TOPIC } from './lib/samples';

const SEED = 0xf022;
const ROUNDS = 3;
const PER_ROUND = 250;

let dataDir: string;
const brokerErrors: string[] = [];
const logger = pino({ level: 'error' }, { write: (line: string) => void brokerErrors.push(line) });

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-fuzz-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('mutated requests are answered or closed; a healthy client keeps working; data survives a restart', async () => {
  let broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, dev: true, logger });
  const healthy = new HealthyClient(broker.port);
  const report: FuzzReport = { tried: 0, outcomes: {}, failures: [] };
  try {
    broker.ensureTopic(FUZZ_TOPIC, 2);
    await healthy.start();
    await healthy.write(10);
    for (let round = 0; round < ROUNDS; round++) {
      await runBrokerFuzz(broker.port, SEED, round * PER_ROUND, PER_ROUND, report, { concurrency: 32, waitMs: 1500 });
      await healthy.write(2);
    }
    expect(report.failures.map(formatFailure)).toEqual([]);
    expect(report.tried).toBe(ROUNDS * PER_ROUND);
    expect(report.outcomes.answered).toBeGreaterThan(100);
    expect(report.outcomes.closed).toBeGreaterThan(100);
    const read = await healthy.readAll();
    expect(read).toEqual(healthy.acked.map((value, offset) => ({ offset, value })));
  } finally {
    await healthy.close();
    await broker.stop();
  }

  // The logs on disk are intact: a restarted broker serves the same records and takes new ones.
  broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, dev: true, logger });
  const after = new HealthyClient(broker.port);
  try {
    after.acked.push(...healthy.acked);
    await after.start().catch(() => {}); // the topic exists already
    await after.write(1);
    const read = await after.readAll();
    expect(read).toEqual(after.acked.map((value, offset) => ({ offset, value })));
  } finally {
    await after.close();
    await broker.stop();
  }
  // Handler errors close the connection (which is allowed), but each is a bug to look at.
  if (brokerErrors.length > 0) {
    const summary = brokerErrors.map((line) => {
      const { api, err } = JSON.parse(line) as { api?: string; err?: { message?: string } };
      return `${api}: ${err?.message}`;
    });
    console.warn(`handler errors on fuzzed input (connection closed instead of an error answer):\n${[...new Set(summary)].join('\n')}`);
  }
}, 120000);

test('pipelined requests written in random pieces are all answered, in order', async () => {
  const broker = await Broker.start({ port: 0, host: '127.0.0.1', inMemory: true, dev: true, logLevel: 'silent' });
  try {
    const problems: string[] = [];
    for (let i = 0; i < 60; i++) {
      const problem = await pipelinedCase(broker.port, SEED, i);
      if (problem) problems.push(`case ${i}: ${problem}`);
    }
    expect(problems).toEqual([]);
  } finally {
    await broker.stop();
  }
});
