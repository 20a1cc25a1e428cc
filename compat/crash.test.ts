/**
 * Crash safety of the real `minikafka start` process: it is killed with SIGKILL at random moments
 * while an idempotent kafkajs producer (acks=-1) writes and a consumer group commits, and started
 * again on the same data dir and port. Afterwards every acknowledged record is there exactly once,
 * in order, at contiguous offsets, and the committed offsets are intact. A second run kills it
 * while segments roll, retention deletes segments and the cleaner compacts; a third finds a
 * damaged closed segment at start and must cut the partition there rather than serve it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { BIN, ROOT, ensureBuilt } from '../test/server/cliRunner';
import { ConsumedRecord, byPartition, describeIfLocal, kafkaClient, kcatConsume, sleep, uniqueTopic, waitFor } from './harness';

const KILLS = 5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** `node bin/minikafka start` on a fixed port and data dir, killed and started again at will. */
class CliBroker {
  private child: ChildProcess | null = null;
  private output = '';
  kills = 0;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly extraArgs: string[],
  ) {}

  static async start(extraArgs: string[] = []): Promise<CliBroker> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-crash-'));
    const broker = new CliBroker(await freePort(), dataDir, extraArgs);
    await broker.launch();
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Everything the broker processes printed (their JSON log lines). */
  get log(): string {
    return this.output;
  }

  async launch(): Promise<void> {
    const args = [BIN, 'start', '--host', '127.0.0.1', '--port', String(this.port), '--data-dir', this.dataDir, '--log-level', 'info', '--dev', ...this.extraArgs];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    child.stderr!.on('data', (d) => (this.output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`broker did not start: ${out}`)), 15_000);
      child.stdout!.on('data', (d) => {
        out += d;
        this.output += d;
        if (/listening/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`broker exited at start (${code ?? signal}): ${out}`));
      });
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
    this.kills++;
  }

  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Clients that ride out a broker restart of a second or two without giving up. */
function patientClient(brokers: string[]): Kafka {
  return kafkaClient(brokers, {
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 60, initialRetryTime: 50, maxRetryTime: 250, factor: 0.2, multiplier: 1.5 },
  });
}

const randomBetween = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

interface Sent {
  topic: string;
  partition: number;
  key: string | null;
  value: string;
}

/**
 * Sends small batches in a loop until stopped. A send that fails (retries exhausted) counts as
 * not acknowledged, and the producer is replaced: a new producer id, so no later batch can reuse
 * the failed one's sequence numbers.
 */
class Writer {
  readonly acked: Sent[] = [];
  readonly failed: Sent[] = [];
  failures = 0;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly next: (seq: number) => Sent,
    private readonly perSend = 6,
  ) {}

  start(): void {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  }

  private async run(): Promise<void> {
    let producer = this.newProducer();
    await producer.connect();
    while (!this.stopped) {
      const batch = Array.from({ length: this.perSend }, () => this.next(this.seq++));
      const byTopic = new Map<string, Sent[]>();
      for (const s of batch) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, sent]) => ({
            topic,
            messages: sent.map((s) => ({ partition: s.partition, key: s.key, value: s.value })),
          })),
        });
        this.acked.push(...batch);
      } catch {
        this.failures++;
        this.failed.push(...batch);
        await producer.disconnect().catch(() => {});
        producer = this.newProducer();
        await waitFor('a new producer', () => producer.connect().then(() => true), 20_000, 200);
      }
    }
    await producer.disconnect().catch(() => {});
  }
}

interface Check {
  acked: number;
  present: number;
  lost: number;
  duplicated: number;
}

/**
 * Every acknowledged record of `topic` is present exactly once, in send order per partition, at
 * contiguous offsets from `from` on (unacknowledged ones at most once). `removedByPolicy` says
 * whether an acknowledged record may be missing (retention: below the log start; compaction: a
 * later record has its key).
 */
function checkTopic(
  topic: string,
  records: ConsumedRecord[],
  sent: { acked: Sent[]; failed: Sent[] },
  policy: 'keep' | 'retention' | 'compaction',
): Check {
  const acked = sent.acked.filter((s) => s.topic === topic);
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.value!, (counts.get(r.value!) ?? 0) + 1);
  const duplicated = [...counts.values()].filter((n) => n > 1).length;
  const known = new Set([...acked, ...sent.failed.filter((s) => s.topic === topic)].map((s) => s.value));
  expect(records.filter((r) => !known.has(r.value!))).toEqual([]); // nothing the writer did not send
  expect(duplicated).toBe(0);

  const at = new Map(records.map((r) => [r.value!, r]));
  for (const [partition, list] of byPartition(records)) {
    for (let i = 1; i < list.length; i++) {
      if (policy === 'compaction') expect(list[i].offset).toBeGreaterThan(list[i - 1].offset);
      else expect([partition, list[i].offset]).toEqual([partition, list[i - 1].offset + 1]);
    }
    if (policy === 'keep' && list.length > 0) expect([partition, list[0].offset]).toEqual([partition, 0]);
  }
  // Send order per partition is offset order.
  const lastOffset = new Map<number, number>();
  for (const s of acked) {
    const r = at.get(s.value);
    if (r === undefined) continue;
    expect(r.partition).toBe(s.partition);
    expect(r.offset).toBeGreaterThan(lastOffset.get(s.partition) ?? -1);
    lastOffset.set(s.partition, r.offset);
  }
  const missing = acked.filter((s) => !at.has(s.value));
  if (policy === 'keep') {
    expect(missing).toEqual([]);
  } else if (policy === 'retention') {
    // Only the oldest records go: every missing acknowledged one was sent before every present one.
    const firstPresent = acked.findIndex((s) => at.has(s.value));
    expect(missing.every((s) => acked.indexOf(s) < firstPresent)).toBe(true);
  } else {
    // Compaction removes a record only for a later one (in send order) with the same key.
    const seqOf = (value: string) => Number(value.split('-')[1]);
    const unexplained = missing.filter((s) => !records.some((r) => r.key === s.key && seqOf(r.value!) > seqOf(s.value)));
    expect(unexplained).toEqual([]);
  }
  return { acked: acked.length, present: acked.length - missing.length, lost: policy === 'keep' ? missing.length : 0, duplicated };
}

/** Kill and restart the broker KILLS times, 300-1500 ms apart. */
async function killRepeatedly(broker: CliBroker): Promise<void> {
  for (let i = 0; i < KILLS; i++) {
    await sleep(randomBetween(300, 1500));
    await broker.killAndRestart();
  }
}

beforeAll(() => ensureBuilt(), 120_000);

describeIfLocal('crash safety (bin/minikafka killed with SIGKILL)', () => {
  let broker: CliBroker | null = null;
  let consumer: Consumer | null = null;

  afterEach(async () => {
    await consumer?.disconnect().catch(() => {});
    consumer = null;
    await broker?.dispose();
    broker = null;
  });

  it('acknowledged records and committed offsets survive repeated SIGKILLs', async () => {
    broker = await CliBroker.start();
    const topic = uniqueTopic('crash');
    const groupId = uniqueTopic('crash-group');
    const kafka = patientClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(true);
    await admin.disconnect();

    // The group commits what it has consumed (kafkajs auto-commit after every batch); a commit
    // that was answered counts. A consumer that crashes for good is replaced, as a supervisor would.
    const committed = [0, 0, 0];
    let consumerCrashes = 0;
    const startConsumer = async (): Promise<void> => {
      const c = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, retry: { retries: 60, initialRetryTime: 50, maxRetryTime: 250 } });
      consumer = c;
      c.on(c.events.COMMIT_OFFSETS, ({ payload }) => {
        for (const t of payload.topics) for (const p of t.partitions) committed[p.partition] = Math.max(committed[p.partition], Number(p.offset));
      });
      c.on(c.events.CRASH, ({ payload }) => {
        consumerCrashes++;
        console.log(`consumer crashed (restart: ${payload.restart}): ${payload.error.message}`);
        if (!payload.restart && consumer === c) void c.disconnect().then(() => (consumer === c ? startConsumer() : undefined)).catch(() => {});
      });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({ autoCommit: true, autoCommitThreshold: 1, eachBatch: async () => {} });
    };
    await startConsumer();

    const writer = new Writer(kafka, (seq) => ({ topic, partition: seq % 3, key: null, value: `m-${seq}` }));
    writer.start();
    await killRepeatedly(broker);
    const committedAfterLastRestart = committed.reduce((a, b) => a + b, 0);
    await sleep(2000);
    await writer.stop();
    await sleep(500);
    const last = consumer!;
    consumer = null;
    await last.disconnect();
    // Once more with nothing in flight: what was acknowledged last must survive too.
    await broker.killAndRestart();

    const records = await kcatConsume(broker.brokers, topic, ['-o', 'beginning'], { timeoutMs: 20_000 });
    const figures = checkTopic(topic, records, writer, 'keep');
    const check = patientClient(broker.brokers).admin();
    await check.connect();
    const [{ partitions }] = await check.fetchOffsets({ groupId, topics: [topic] });
    const ends = await check.fetchTopicOffsets(topic);
    await check.disconnect();
    const groupOffsets = [0, 1, 2].map((p) => Number(partitions.find((x) => x.partition === p)!.offset));
    const endOffsets = [0, 1, 2].map((p) => Number(ends.find((x) => x.partition === p)!.high));
    console.log(
      `crash test: records acked ${figures.acked}, present ${figures.present}, lost ${figures.lost}, duplicated ${figures.duplicated}, ` +
        `unacknowledged sends ${writer.failed.length} (${writer.failures} failed sends), kills ${broker.kills}, ` +
        `consumer crashes ${consumerCrashes}, committed offsets acknowledged ${committed.join('/')}, found ${groupOffsets.join('/')}, log ends ${endOffsets.join('/')}`,
    );
    expect(figures.acked).toBeGreaterThan(100);
    expect(figures.lost).toBe(0);
    expect(broker.kills).toBe(KILLS + 1);
    for (let p = 0; p < 3; p++) {
      expect(groupOffsets[p]).toBeGreaterThanOrEqual(committed[p]);
      expect(groupOffsets[p]).toBeLessThanOrEqual(endOffsets[p]);
    }
    // The group kept consuming and committing across the restarts.
    expect(committed.reduce((a, b) => a + b, 0)).toBeGreaterThan(committedAfterLastRestart);
  }, 60_000);

  it('killed while segments roll, retention deletes and the cleaner compacts, the logs stay whole', async () => {
    broker = await CliBroker.start();
    const roll = uniqueTopic('crash-roll');
    const retained = uniqueTopic('crash-retention');
    const compacted = uniqueTopic('crash-compact');
    const kafka = patientClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    const tiny = [
      { name: 'segment.bytes', value: '600' },
      { name: 'index.interval.bytes', value: '100' },
    ];
    expect(
      await admin.createTopics({
        topics: [
          { topic: roll, configEntries: tiny },
          { topic: retained, configEntries: [...tiny, { name: 'retention.bytes', value: '3000' }] },
          { topic: compacted, configEntries: [...tiny, { name: 'cleanup.policy', value: 'compact' }, { name: 'min.cleanable.dirty.ratio', value: '0.01' }] },
        ],
      }),
    ).toBe(true);
    await admin.disconnect();

    const topics = [roll, retained, compacted];
    const writer = new Writer(kafka, (seq) => {
      const topic = topics[seq % 3];
      return { topic, partition: 0, key: topic === compacted ? `k${Math.floor(seq / 3) % 15}` : null, value: `v-${seq}-${'x'.repeat(40)}` };
    });
    writer.start();
    await killRepeatedly(broker);
    await writer.stop();
    // Kills may have come before any retention check or cleaning: wait for both to have acted.
    const tooMany = (topic: string) => async () => {
      const n = (await kcatConsume(broker!.brokers, topic, ['-o', 'beginning'], { timeoutMs: 20_000 })).length;
      return n < writer.acked.filter((s) => s.topic === topic).length ? true : undefined;
    };
    await waitFor('retention to delete segments', tooMany(retained), 15_000, 500);
    await waitFor('the cleaner to compact', tooMany(compacted), 15_000, 500);
    await broker.killAndRestart();

    const segmentsOf = (topic: string) => fs.readdirSync(path.join(broker!.dataDir, `${topic}-0`)).filter((f) => f.endsWith('.log')).length;
    const figures: Record<string, Check> = {};
    const sent = { acked: writer.acked, failed: writer.failed };
    for (const [topic, policy] of [[roll, 'keep'], [retained, 'retention'], [compacted, 'compaction']] as const) {
      const records = await kcatConsume(broker.brokers, topic, ['-o', 'beginning'], { timeoutMs: 20_000 });
      figures[policy] = checkTopic(topic, records, sent, policy);
      expect(figures[policy].present).toBeGreaterThan(0);
    }
    const check = patientClient(broker.brokers).admin();
    await check.connect();
    const [retainedOffsets] = await check.fetchTopicOffsets(retained);
    await check.disconnect();
    // Retention really deleted segments, compaction really removed superseded records.
    expect(Number(retainedOffsets.low)).toBeGreaterThan(0);
    expect(figures.compaction.present).toBeLessThan(figures.compaction.acked);
    expect(segmentsOf(roll)).toBeGreaterThan(5);
    expect(figures.keep.lost).toBe(0);
    console.log(
      `crash test (roll/retention/compaction): kills ${broker.kills}; ` +
        Object.entries(figures).map(([p, f]) => `${p}: acked ${f.acked}, present ${f.present}, lost ${f.lost}, duplicated ${f.duplicated}`).join('; ') +
        `; segments ${topics.map(segmentsOf).join('/')}, retention log start ${retainedOffsets.low}`,
    );
  }, 60_000);

  it('a damaged closed segment found at start is cut at the last good batch and never served', async () => {
    broker = await CliBroker.start();
    const topic = uniqueTopic('crash-corrupt');
    const kafka = patientClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'segment.bytes', value: '1000' }] }] })).toBe(true);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 40; i++) await producer.send({ topic, acks: -1, messages: [{ value: `r${i}-${'y'.repeat(60)}` }] });
    await producer.disconnect();
    await broker.kill();

    const dir = path.join(broker.dataDir, `${topic}-0`);
    const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
    expect(logs.length).toBeGreaterThanOrEqual(3);
    const damaged = path.join(dir, logs[1]);
    const bytes = fs.readFileSync(damaged);
    const second = 12 + bytes.readInt32BE(8); // the second batch of the segment
    const badOffset = Number(bytes.readBigInt64BE(second));
    bytes[second + 12 + bytes.readInt32BE(second + 8) - 5] ^= 0x20; // inside its records
    fs.writeFileSync(damaged, bytes);

    await broker.launch();
    const errorLine = broker.log.split('\n').find((l) => /corrupt record batch/.test(l));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!)).toMatchObject({ level: 50, file: damaged, position: second, offset: badOffset });

    const [offsets] = await admin.fetchTopicOffsets(topic);
    expect(offsets).toMatchObject({ partition: 0, low: '0', high: String(badOffset) });
    const got: { offset: number; value: string }[] = [];
    consumer = kafka.consumer({ groupId: uniqueTopic('corrupt-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push({ offset: Number(message.offset), value: message.value!.toString() }) });
    await waitFor('the good records', async () => (got.length >= badOffset ? true : undefined), 15_000);
    await sleep(300);
    expect(got).toEqual(Array.from({ length: badOffset }, (_, i) => ({ offset: i, value: `r${i}-${'y'.repeat(60)}` })));

    const again = kafka.producer();
    await again.connect();
    const [r] = await again.send({ topic, acks: -1, messages: [{ value: 'after' }] });
    await again.disconnect();
    expect(r.baseOffset).toBe(String(badOffset));
    await admin.disconnect();
  }, 60_000);
});
