/**
 * The compatibility suite's harness: a broker to test against, and kcat/kafkajs helpers.
 *
 * By default every test file starts its own minikafka on an ephemeral port in a fresh temp dir.
 * With MINIKAFKA_BROKERS=host:port[,host:port] the suite targets that cluster instead (a real
 * Apache Kafka, or a minikafka started by hand); tests that need to restart the broker or read
 * its files are then skipped (see itIfLocal). Topic names are unique per test, so a shared
 * cluster works.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { Broker } from '../src/broker';

export const EXTERNAL_BROKERS: string[] | null = process.env.MINIKAFKA_BROKERS
  ? process.env.MINIKAFKA_BROKERS.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
  : null;

/** True when the suite starts its own broker (and can restart it and read its files). */
export const isLocal = EXTERNAL_BROKERS === null;

const LOCAL_ONLY = ' [skipped: local broker only, MINIKAFKA_BROKERS is set]';

/** `it` for tests that restart the broker or touch its data dir; a clearly named skip otherwise. */
export function itIfLocal(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (isLocal) it(name, fn, timeout);
  else it.skip(name + LOCAL_ONLY, fn, timeout);
}

/** `describe` for whole files that only make sense against a local broker. */
export function describeIfLocal(name: string, fn: () => void): void {
  if (isLocal) describe(name, fn);
  else describe.skip(name + LOCAL_ONLY, fn);
}

export interface Target {
  /** Bootstrap addresses; changes on restart (a new ephemeral port). */
  brokers: string[];
  /** The local broker's data dir; null for an external cluster. */
  dataDir: string | null;
  /** Stops the local broker (keeps the data dir); no-op for an external cluster. */
  stop(): Promise<void>;
  /** Starts the local broker again on the same data dir; returns the new bootstrap list. */
  restart(): Promise<string[]>;
  /** Stops the broker and removes the data dir. */
  dispose(): Promise<void>;
}

export interface TargetOptions {
  numPartitions?: number;
}

/** A broker to test against: a fresh local minikafka, or MINIKAFKA_BROKERS. */
export async function startTarget(options: TargetOptions = {}): Promise<Target> {
  if (EXTERNAL_BROKERS) {
    const brokers = EXTERNAL_BROKERS;
    return {
      brokers,
      dataDir: null,
      stop: async () => {},
      restart: async () => {
        throw new Error('restart needs a local broker (MINIKAFKA_BROKERS is set)');
      },
      dispose: async () => {},
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-compat-'));
  const launch = () =>
    Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', numPartitions: options.numPartitions ?? 1 });
  let broker: Broker | null = await launch();
  const target: Target = {
    brokers: broker.brokers,
    dataDir,
    async stop() {
      if (broker) {
        const b = broker;
        broker = null;
        await b.stop();
      }
    },
    async restart() {
      await target.stop();
      broker = await launch();
      target.brokers = broker.brokers;
      return target.brokers;
    },
    async dispose() {
      await target.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return target;
}

/** A topic name no other test (or earlier run against a shared cluster) uses. */
export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until check returns a value other than undefined, or fails with the last seen state. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// kafkajs

/** A kafkajs client with short retries and no logging (set KAFKAJS_LOG=debug to see it). */
export function kafkaClient(brokers: string[], extra: Partial<KafkaConfig> = {}): Kafka {
  const level = process.env.KAFKAJS_LOG === 'debug' ? logLevel.DEBUG : logLevel.NOTHING;
  return new Kafka({
    clientId: 'minikafka-compat',
    brokers,
    logLevel: level,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// kcat

export const KCAT = process.env.KCAT ?? '/usr/bin/kcat';

export interface KcatResult {
  /** Exit code; null if killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  args: string[];
}

export interface KcatOptions {
  /** Written to stdin, which is then closed (stdin is always closed). */
  input?: string | Buffer;
  /** Kill kcat after this long (default 20 s). */
  timeoutMs?: number;
}

/**
 * Runs kcat against brokers with `-b`, IPv4 only, librdkafka debug off. Never rejects on a
 * non-zero exit: the result says what happened (see kcatOk).
 */
export function kcat(brokers: string[], args: string[], options: KcatOptions = {}): Promise<KcatResult> {
  const fullArgs = ['-b', brokers.join(','), '-X', 'broker.address.family=v4', ...args];
  return new Promise((resolve, reject) => {
    // KCAT_CONFIG pointing at an empty file keeps a user's ~/.config/kcat.conf (debug=..., etc.) out.
    const env = { ...process.env, KCAT_CONFIG: '/dev/null' };
    const child = spawn(KCAT, fullArgs, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        args: fullArgs,
      });
    });
    child.stdin.on('error', () => {}); // kcat may exit before reading everything; close reports it
    child.stdin.end(options.input ?? '');
  });
}

function describeRun(r: KcatResult): string {
  return (
    `kcat ${r.args.map((a) => (/[\s|%\\]/.test(a) ? `'${a}'` : a)).join(' ')}\n` +
    `exit ${r.code}${r.signal ? ` signal ${r.signal}` : ''}${r.timedOut ? ' (timed out)' : ''}\n` +
    `stderr: ${r.stderr.slice(0, 4000)}\nstdout: ${r.stdout.slice(0, 2000)}`
  );
}

/** Runs kcat and fails (with its command line and stderr) unless it exits 0. */
export async function kcatOk(brokers: string[], args: string[], options: KcatOptions = {}): Promise<KcatResult> {
  const r = await kcat(brokers, args, options);
  if (r.code !== 0 || r.timedOut) throw new Error(`kcat failed:\n${describeRun(r)}`);
  return r;
}

/** Producer settings that fail fast instead of retrying for librdkafka's default 5 minutes. */
const PRODUCE_FLAGS = ['-X', 'message.timeout.ms=15000'];

/**
 * Produces lines with `kcat -P` (acks=all, librdkafka's default; idempotence stays off).
 * Fails if any message was not delivered.
 */
export async function kcatProduce(
  brokers: string[],
  topic: string,
  lines: string[],
  extraArgs: string[] = [],
): Promise<KcatResult> {
  const r = await kcatOk(brokers, ['-P', '-t', topic, ...PRODUCE_FLAGS, ...extraArgs], {
    input: lines.map((l) => l + '\n').join(''),
  });
  if (/ERROR|failed/i.test(r.stderr)) throw new Error(`kcat -P reported errors:\n${describeRun(r)}`);
  return r;
}

export interface ConsumedRecord {
  partition: number;
  offset: number;
  /** null for a null key. */
  key: string | null;
  /** null for a null value. */
  value: string | null;
  /** kcat's `%h`: `name=value` pairs joined by commas; '' without headers. */
  headers: string;
  timestamp: number;
}

/**
 * librdkafka notices the end of a partition (for -e) from the fetch response that follows the last
 * data, which the broker holds for fetch.wait.max.ms (500 ms by default) since nothing new comes:
 * a shorter wait keeps the suite fast without changing what is checked.
 */
const CONSUME_FLAGS = ['-X', 'fetch.wait.max.ms=100'];

// Unit and record separators: never in test payloads, so values may contain | or newlines.
const US = '\\x1f';
const RS = '\\x1e';
const FORMAT = ['%p', '%o', '%K', '%k', '%S', '%s', '%h', '%T'].join(US) + RS;

/** Parses output of `-f FORMAT` (one record per RS). */
export function parseConsumed(stdout: string): ConsumedRecord[] {
  const chunks = stdout.split('\x1e');
  const last = chunks.pop();
  if (last !== '') throw new Error(`kcat output does not end with a record separator: ${JSON.stringify(last)}`);
  return chunks.map((chunk) => {
    const f = chunk.split('\x1f');
    if (f.length !== 8) throw new Error(`unexpected kcat record: ${JSON.stringify(chunk.slice(0, 200))}`);
    const [p, o, keyLen, key, valueLen, value, headers, ts] = f as [string, string, string, string, string, string, string, string];
    return {
      partition: Number(p),
      offset: Number(o),
      key: keyLen === '-1' ? null : key,
      value: valueLen === '-1' ? null : value,
      headers,
      timestamp: Number(ts),
    };
  });
}

/**
 * Consumes with `kcat -C -e` (exit at the high watermark) and returns every record, in the order
 * kcat printed them. extraArgs defaults to reading all partitions from the beginning.
 */
export async function kcatConsume(
  brokers: string[],
  topic: string,
  extraArgs: string[] = ['-o', 'beginning'],
  options: { exitAtEnd?: boolean; timeoutMs?: number } = {},
): Promise<ConsumedRecord[]> {
  const args = ['-C', '-t', topic, ...(options.exitAtEnd === false ? [] : ['-e']), '-q', ...CONSUME_FLAGS, '-f', FORMAT, ...extraArgs];
  const r = await kcatOk(brokers, args, { timeoutMs: options.timeoutMs });
  return parseConsumed(r.stdout);
}

/** Records grouped by partition, each partition's records in the order kcat printed them. */
export function byPartition(records: ConsumedRecord[]): Map<number, ConsumedRecord[]> {
  const m = new Map<number, ConsumedRecord[]>();
  for (const r of records) {
    let list = m.get(r.partition);
    if (!list) m.set(r.partition, (list = []));
    list.push(r);
  }
  return m;
}

/** The shape most assertions compare: offset, key, value (and headers). */
export function okv(records: ConsumedRecord[]): { offset: number; key: string | null; value: string | null; headers: string }[] {
  return records.map(({ offset, key, value, headers }) => ({ offset, key, value, headers }));
}
