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
import { Admin, AssignerProtocol, Consumer, ConsumerConfig, ConsumerRunConfig, Kafka, KafkaConfig, logLevel, Partitioners, Producer } from 'kafkajs';
import { Broker } from '../src/broker';
import type { GroupConfig } from '../src/config';

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
  /**
   * Group coordinator settings for a local broker (merged over the broker's defaults); ignored
   * for an external cluster, whose own settings apply (see GROUP_TEST_SETTINGS).
   */
  groups?: Partial<GroupConfig>;
}

/**
 * Group settings that keep group tests fast and stay legal for the session timeouts the tests
 * use: no initial rebalance delay, sessions from 1 s. An external cluster should be configured
 * the same way (group.initial.rebalance.delay.ms=0, group.min.session.timeout.ms=1000).
 */
export const GROUP_TEST_SETTINGS: Partial<GroupConfig> = {
  initialRebalanceDelayMs: 0,
  minSessionTimeoutMs: 1000,
  maxSessionTimeoutMs: 1800000,
  maxSize: 1000,
};

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
    Broker.start({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: process.env.MINIKAFKA_LOG ?? 'silent',
      numPartitions: options.numPartitions ?? 1,
      ...(options.groups ? { groups: options.groups as GroupConfig } : {}),
    });
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

// ---------------------------------------------------------------------------------------------
// Long-running kcat (balanced consumers with -G) and group helpers

/** kcat's record format for parseConsumed, for callers building their own command line. */
export const KCAT_FORMAT = FORMAT;

export interface KcatProcess {
  readonly args: string[];
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Complete records printed so far (needs `-f KCAT_FORMAT`; a partial last record is left out). */
  records(): ConsumedRecord[];
  /** Resolves when kcat exits by itself or is stopped. */
  readonly exited: Promise<KcatResult>;
  /** Sends a signal and returns at once (SIGSTOP freezes it: connections open, nothing sent). */
  kill(signal: NodeJS.Signals): void;
  /**
   * Sends signal (SIGTERM: kcat closes the consumer, committing its offsets and leaving the group)
   * and waits for the exit; SIGKILL after graceMs if it is still running.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<KcatResult>;
}

/**
 * Starts kcat in the background (stdin closed, IPv4, no user config) and collects its output.
 * Always stop() it (in a finally): it runs until killed.
 */
export function spawnKcat(brokers: string[], args: string[]): KcatProcess {
  const fullArgs = ['-b', brokers.join(','), '-X', 'broker.address.family=v4', ...args];
  const env = { ...process.env, KCAT_CONFIG: '/dev/null' };
  const child = spawn(KCAT, fullArgs, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.on('error', () => {});
  child.stdin.end();
  let running = true;
  const exited = new Promise<KcatResult>((resolve, reject) => {
    child.on('error', (e) => {
      running = false;
      reject(e);
    });
    child.on('close', (code, signal) => {
      running = false;
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut: false,
        args: fullArgs,
      });
    });
  });
  const stdout = () => Buffer.concat(out).toString('utf8');
  return {
    args: fullArgs,
    stdout,
    stderr: () => Buffer.concat(err).toString('utf8'),
    records() {
      const s = stdout();
      return parseConsumed(s.slice(0, s.lastIndexOf('\x1e') + 1));
    },
    exited,
    kill(signal: NodeJS.Signals) {
      if (running) child.kill(signal);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (running) child.kill(signal);
      const timer = setTimeout(() => {
        if (running) child.kill('SIGKILL');
      }, graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** kcat arguments for a balanced (-G) consumer printing records in KCAT_FORMAT, unbuffered; topics last. */
export function kcatGroupArgs(group: string, topics: string[], extra: string[] = []): string[] {
  // Not -q: the rebalance lines on stderr say what each process was assigned (kcatAssignments).
  return ['-G', group, '-u', ...CONSUME_FLAGS, '-f', KCAT_FORMAT, ...extra, ...topics];
}

/** A description of a kcat run for failure messages. */
export function describeKcat(r: KcatResult): string {
  return describeRun(r);
}

/** Lines kcat prints on stderr for each rebalance: the partitions of each topic it was assigned. */
export function kcatAssignments(stderr: string): Record<string, number[]>[] {
  const out: Record<string, number[]>[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^% Group \S+ rebalanced \(memberid [^)]*\): assigned: (.*)$/.exec(line.trim());
    if (!m) continue;
    const assigned: Record<string, number[]> = {};
    for (const tp of m[1]!.matchAll(/(\S+) \[(\d+)\]/g)) {
      (assigned[tp[1]!] ??= []).push(Number(tp[2]));
    }
    for (const ps of Object.values(assigned)) ps.sort((a, b) => a - b);
    out.push(assigned);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// kafkajs consumer groups

/** Small timeouts, legal for GROUP_TEST_SETTINGS (and for Kafka's default 6 s minimum session). */
export const GROUP_CONSUMER_CONFIG: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 6000,
  heartbeatInterval: 300,
  rebalanceTimeout: 4000,
  maxWaitTimeInMs: 100,
  retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
};

/** A record as a group consumer read it. */
export interface GroupRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export const recordId = (r: { partition: number; offset: number }): string => `${r.partition}:${r.offset}`;

export function sortRecords<T extends { partition: number; offset: number }>(rs: T[]): T[] {
  return [...rs].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

const runningConsumers = new Set<GroupConsumer>();

/** A kafkajs group consumer that records what it reads and every assignment it is given. */
export class GroupConsumer {
  readonly consumer: Consumer;
  readonly got: GroupRecord[] = [];
  /** memberAssignment of each GROUP_JOIN event, in order. */
  readonly joins: Record<string, number[]>[] = [];
  readonly crashes: { error: Error & { type?: string }; restart: boolean }[] = [];
  /** FETCH events so far (each completed fetch, empty or not). */
  fetches = 0;
  memberId = '';

  constructor(
    kafka: Kafka,
    readonly groupId: string,
    config: Partial<ConsumerConfig> = {},
  ) {
    this.consumer = kafka.consumer({ ...GROUP_CONSUMER_CONFIG, ...config, groupId });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.memberId = e.payload.memberId;
      this.joins.push(e.payload.memberAssignment);
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashes.push({ error: e.payload.error, restart: e.payload.restart });
    });
    this.consumer.on(this.consumer.events.FETCH, () => {
      this.fetches++;
    });
    runningConsumers.add(this);
  }

  /** connect, subscribe and run, recording every message (plus onMessage, if given). */
  async start(
    topic: string,
    fromBeginning: boolean,
    run: Partial<ConsumerRunConfig> = {},
    onMessage?: (r: GroupRecord) => void | Promise<void>,
  ): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning });
    await this.consumer.run({
      ...run,
      eachMessage: async ({ partition, message }) => {
        const r = {
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
        };
        this.got.push(r);
        await onMessage?.(r);
      },
    });
  }

  /** The partitions of topic in the latest assignment ([] before the first). */
  assigned(topic: string): number[] {
    const last = this.joins[this.joins.length - 1];
    return [...(last?.[topic] ?? [])].sort((a, b) => a - b);
  }

  /** Waits until it has fetched twice more (its positions are then set). */
  async fetchedTwice(): Promise<void> {
    const n = this.fetches;
    await waitFor('two more fetches', async () => (this.fetches >= n + 2 ? true : undefined));
  }

  async stop(): Promise<void> {
    runningConsumers.delete(this);
    await this.consumer.disconnect();
  }
}

/** Disconnects every GroupConsumer not stopped yet (for afterAll). */
export async function stopAllConsumers(): Promise<void> {
  const all = [...runningConsumers];
  await Promise.all(all.map((c) => c.stop().catch(() => {})));
}

/**
 * Every expected record read exactly once: no duplicates, nothing missing, nothing extra. got is
 * what one consumer read, or a list of what several read; each consumer must have read each
 * partition in offset order.
 */
export function expectExactlyOnce<T extends { partition: number; offset: number }>(got: T[] | T[][], expected: T[]): void {
  const lists: T[][] = got.length > 0 && Array.isArray(got[0]) ? (got as T[][]) : [got as T[]];
  const all = lists.flat();
  const ids = all.map(recordId);
  const duplicates = ids.filter((x, i) => ids.indexOf(x) !== i);
  expect(duplicates).toEqual([]);
  expect(sortRecords(all)).toEqual(sortRecords(expected));
  for (const list of lists) {
    const byPartition = new Map<number, number[]>();
    for (const r of list) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
    for (const offsets of byPartition.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  }
}

/** Waits until count() reaches n, then a little longer: anything read twice would show up. */
export async function waitForCount(what: string, count: () => number, n: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(what, async () => (count() >= n ? true : undefined), timeoutMs);
  await sleep(300);
}

/** A group's committed offsets for topic, by partition ('-1' where none). */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<string[]> {
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  if (res.length !== 1 || res[0]!.topic !== topic) throw new Error(`fetchOffsets answered ${JSON.stringify(res)}`);
  return [...res[0]!.partitions].sort((a, b) => a.partition - b.partition).map((p) => p.offset);
}

/** Log end offsets of topic, by partition. */
export async function logEndOffsets(admin: Admin, topic: string): Promise<string[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.sort((a, b) => a.partition - b.partition).map((o) => o.high);
}

/** Waits until the group's committed offsets equal the log end offsets. */
export async function waitForCommittedToEnd(admin: Admin, groupId: string, topic: string, timeoutMs = 10_000): Promise<void> {
  const ends = await logEndOffsets(admin, topic);
  await waitFor(
    `${groupId} to commit ${ends.join(',')}`,
    async () => ((await committedOffsets(admin, groupId, topic)).join(',') === ends.join(',') ? true : undefined),
    timeoutMs,
  );
}

/** Decodes a DescribeGroups member assignment (consumer protocol) to topic → sorted partitions. */
export function decodeMemberAssignment(b: Buffer): Record<string, number[]> {
  const a = AssignerProtocol.MemberAssignment.decode(b);
  if (!a) throw new Error('empty member assignment');
  const out: Record<string, number[]> = {};
  for (const [t, ps] of Object.entries(a.assignment)) out[t] = [...ps].sort((x, y) => x - y);
  return out;
}

/** A target with test-friendly group settings, plus a connected kafkajs admin and producer. */
export interface GroupsSetup {
  target: Target;
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  /** Stops every consumer started through GroupConsumer, disconnects, disposes of the target. */
  dispose(): Promise<void>;
}

export async function startGroupsSetup(): Promise<GroupsSetup> {
  const target = await startTarget({ groups: GROUP_TEST_SETTINGS });
  const kafka = kafkaClient(target.brokers);
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  return {
    target,
    kafka,
    admin,
    producer,
    async dispose() {
      await stopAllConsumers();
      await producer.disconnect();
      await admin.disconnect();
      await target.dispose();
    },
  };
}
