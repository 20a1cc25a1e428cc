/**
 * An in-memory broker creates and writes no file at all: not in the data dir it is given (or the
 * default ./minikafka-data), not in the working directory, not in the temp dir. Everything that
 * keeps state on disk is exercised: topics, logs, committed offsets, groups, producer ids,
 * transactions, the cluster id, and a restart.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { startBroker } from '../../src/index';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { TestClient } from '../server/client';
import { BIN, ensureBuilt } from '../server/cliRunner';
import { consume, disconnectAll, kafka, producer, send } from './clients';

let sandbox: string;
/** Empty directories that must stay empty: the working directory and TMPDIR. */
let cwd: string;
let tmp: string;
const originalCwd = process.cwd();

beforeAll(() => {
  ensureBuilt();
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-nofiles-'));
  cwd = path.join(sandbox, 'cwd');
  tmp = path.join(sandbox, 'tmp');
  fs.mkdirSync(cwd);
  fs.mkdirSync(tmp);
  process.chdir(cwd);
  expect(fs.realpathSync('.')).toBe(fs.realpathSync(cwd));
  // Jest gives each test file its own process.env, which os.tmpdir() does not read: point it
  // into the sandbox directly, so a temporary directory made in-process would show up there.
  jest.spyOn(require('node:os') as typeof os, 'tmpdir').mockReturnValue(tmp); // eslint-disable-line @typescript-eslint/no-require-imports
}, 120_000);

afterAll(() => {
  jest.restoreAllMocks();
  process.chdir(originalCwd);
  fs.rmSync(sandbox, { recursive: true, force: true });
});

afterEach(() => disconnectAll());

function expectNoFiles(): void {
  expect(os.tmpdir()).toBe(tmp);
  expect(fs.readdirSync(cwd)).toEqual([]);
  expect(fs.readdirSync(tmp)).toEqual([]);
  expect(fs.readdirSync(sandbox).sort()).toEqual(['cwd', 'tmp']);
}

test('startBroker({ inMemory: true }) with a whole workload and a restart', async () => {
  const dataDir = path.join(sandbox, 'data');
  const broker = await startBroker({ inMemory: true, dataDir, topics: [{ name: 'orders', partitions: 2 }, 'out'] });
  try {
    expect(broker.dataDir).toBe(':memory:');
    const admin = kafka(broker.brokers).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'created', numPartitions: 1 }] });
    await admin.deleteTopics({ topics: ['created'] });
    await admin.disconnect();

    const idempotent = await producer(broker.brokers, { idempotent: true, maxInFlightRequests: 1 });
    await send(idempotent, 'orders', 0, ['a', 'b'], true);
    await send(idempotent, 'orders', 1, ['c']);
    await consume(broker.brokers, 'orders', 'g', 3);

    const tp = await producer(broker.brokers, { transactionalId: 'tx', idempotent: true, maxInFlightRequests: 1 });
    const txn = await tp.transaction();
    await txn.send({ topic: 'out', messages: [{ value: 'x' }] });
    await txn.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '2' }] }] });
    await txn.commit();
    await disconnectAll();

    await broker.restart();
    await send(await producer(broker.brokers), 'orders', 0, ['d']);
    await consume(broker.brokers, 'orders', 'g', 1);
  } finally {
    await broker.stop();
  }
  expect(fs.existsSync(dataDir)).toBe(false);
  expectNoFiles();
});

test('Broker.start({ inMemory: true }) leaves the default ./minikafka-data alone', async () => {
  const broker = await Broker.start({ inMemory: true, port: 0, logLevel: 'silent' });
  try {
    broker.ensureTopic('t', 1);
    await send(await producer(broker.brokers), 't', 0, ['v']);
  } finally {
    await broker.stop();
  }
  expectNoFiles();
});

test('minikafka start --in-memory', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--in-memory', '--port', '0', '--log-level', 'info'], {
    cwd,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no "listening" line: ${out}`)), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        const match = /"port":(\d+).*listening/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const client = await TestClient.connect(port);
    const res: ApiVersionsResponse = await client.request(ApiVersions, 0, {});
    expect(res.errorCode).toBe(0);
    await client.close();
    await send(await producer([`127.0.0.1:${port}`]), 'auto', 0, ['v']); // auto-creates the topic
    await disconnectAll();
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
  expectNoFiles();
}, 20_000);
