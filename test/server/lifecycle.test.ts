/**
 * Graceful stop of bin/minikafka on SIGTERM / SIGINT: it stops accepting, answers what is in
 * flight (a long-poll Fetch answers at once, requests queued behind it follow), closes the
 * connections, flushes and exits 0; the next start on the data dir finds every acknowledged
 * record and takes the lock without complaint.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCK_FILE } from '../../src/dataDirLock';
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { buildBatch, readRecords } from '../../wire/records';
import { createTopic, fetchBody, logEndOffset, produce, splitBatches, TestClient } from './client';
import { BIN, ensureBuilt, ROOT } from './cliRunner';

const dirs: string[] = [];
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** bin/minikafka start on dataDir; resolves once it listens. */
async function startCli(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${out} ${stderr}`)), 10000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"port":(\d+).*listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exit.then(({ code }) => reject(new Error(`exited early with ${code}: ${stderr}`)));
  });
  return { child, port, stderr: () => stderr, exit };
}

/** Resolves with the value, or rejects after ms. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]);
}

beforeAll(() => ensureBuilt(), 120000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test.each(['SIGTERM', 'SIGINT'] as const)(
  '%s: a pending long-poll Fetch and the request behind it are answered, then the broker exits 0 with everything flushed',
  async (signal) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-lifecycle-'));
    dirs.push(dataDir);
    const broker = await startCli(dataDir);
    const c = await TestClient.connect(broker.port);
    const idle = await TestClient.connect(broker.port);
    await createTopic(c, 'orders', 1);
    for (let i = 0; i < 5; i++) {
      expect((await produce(c, 'orders', 0, buildBatch([{ key: `k${i}`, value: `v${i}` }]), { acks: -1 })).errorCode).toBe(0);
    }

    // A long poll at the log end (it would wait 30 s), and a Metadata request queued behind it.
    const fetchId = c.send(Fetch, 12, fetchBody([{ topic: 'orders', partition: 0, fetchOffset: 5 }], { maxWaitMs: 30000, minBytes: 1 }));
    const metadataId = c.send(Metadata, 9, { topics: [{ name: 'orders' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(c.queued).toBe(0); // still waiting

    const signalled = Date.now();
    broker.child.kill(signal);
    const fetched: FetchResponse = await within(c.receive(Fetch, 12, fetchId), 2000, 'the long poll answer');
    expect(Date.now() - signalled).toBeLessThan(1500);
    const p = fetched.responses[0].partitions[0];
    expect([fetched.errorCode, p.errorCode, p.highWatermark, splitBatches(p.records).length]).toEqual([0, 0, 5, 0]);
    const meta: MetadataResponse = await within(c.receive(Metadata, 9, metadataId), 2000, 'the queued Metadata answer');
    expect(meta.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([['orders', 0, 1]]);

    // Then every connection is closed by the broker and the process exits 0, releasing the lock.
    expect(await c.waitClosed(2000)).toBe(true);
    expect(await idle.waitClosed(2000)).toBe(true);
    expect(await within(broker.exit, 5000, 'exit')).toEqual({ code: 0, signal: null });
    expect(broker.stderr()).toContain(`${signal} received, shutting down`);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // The next start finds every acknowledged record.
    const again = await startCli(dataDir);
    try {
      const d = await TestClient.connect(again.port);
      expect(await logEndOffset(d, 'orders', 0)).toBe(5);
      const res: FetchResponse = await d.request(Fetch, 12, fetchBody([{ topic: 'orders', partition: 0, fetchOffset: 0 }]));
      const values = splitBatches(res.responses[0].partitions[0].records).flatMap((b) => readRecords(b).map((r) => r.value!.toString()));
      expect(values).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
      await d.close();
    } finally {
      again.child.kill('SIGTERM');
      expect((await within(again.exit, 5000, 'second exit')).code).toBe(0);
    }
  },
  30000,
);
