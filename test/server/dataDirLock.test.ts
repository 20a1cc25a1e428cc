/**
 * One broker per data dir: a second start on a dir in use (by a broker in this process or in
 * another one) fails naming the dir and the pid holding it, and touches nothing; a lock left by
 * a broker killed with SIGKILL does not block the next start. In-memory brokers take no lock.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { LOCK_FILE } from '../../src/dataDirLock';
import { buildBatch } from '../../wire/records';
import { createTopic, logEndOffset, produce, TestClient } from './client';
import { BIN, ensureBuilt, ROOT, runCli } from './cliRunner';

const dirs: string[] = [];
const children: ChildProcess[] = [];

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-lock-'));
  dirs.push(dir);
  return dir;
}

function start(dataDir: string): Promise<Broker> {
  return Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' });
}

/** bin/minikafka start on dataDir; resolves once it listens. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${out}`)), 10000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"port":(\d+).*listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  return { child, port };
}

async function kill9(child: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

beforeAll(() => ensureBuilt(), 120000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test('a second broker in this process on the same dir fails, naming the dir and pid, and changes nothing', async () => {
  const dataDir = tmp();
  const first = await start(dataDir);
  try {
    expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    const c = await TestClient.connect(first.port);
    await createTopic(c, 'kept', 1);
    await produce(c, 'kept', 0, buildBatch([{ value: 'a' }, { value: 'b' }]));

    const refused = start(dataDir);
    await expect(refused).rejects.toThrow(`data dir ${dataDir} is in use by another broker in this process (pid ${process.pid})`);

    // The running broker still owns the dir and serves it as before.
    await produce(c, 'kept', 0, buildBatch([{ value: 'c' }]));
    expect(await logEndOffset(c, 'kept', 0)).toBe(3);
    await c.close();
  } finally {
    await first.stop();
  }
  // stop() released the lock: the next broker starts and finds the data.
  expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  const second = await start(dataDir);
  try {
    const c = await TestClient.connect(second.port);
    expect(await logEndOffset(c, 'kept', 0)).toBe(3);
    await c.close();
  } finally {
    await second.stop();
  }
});

test('a broker in another process holds the dir: starting here fails with its pid, and so does a second CLI', async () => {
  const dataDir = tmp();
  const { child } = await startChild(dataDir);
  await expect(start(dataDir)).rejects.toThrow(`data dir ${dataDir} is in use by another broker (pid ${child.pid}, lock file ${path.join(dataDir, LOCK_FILE)})`);

  const second = await runCli(['start', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent']);
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(`data dir ${dataDir} is in use by another broker (pid ${child.pid}`);
  expect(second.stdout).not.toContain('listening');

  // A graceful stop removes the lock.
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
  expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
}, 30000);

test('two brokers started at the same moment on one dir: exactly one gets it', async () => {
  const dataDir = tmp();
  const args = ['start', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'];
  const spawnOne = () => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; out: () => string }>((resolve) => child.once('exit', (code) => resolve({ code, out: () => out })));
    return { child, exited, listened: () => /listening/.test(out) };
  };
  const both = [spawnOne(), spawnOne()];
  // The loser exits by itself; only then is the winner stopped (so it cannot free the dir early).
  const first = await Promise.race(both.map((b) => b.exited));
  const winner = both.find((b) => b.child.exitCode === null && b.child.signalCode === null)!;
  expect(winner).toBeDefined();
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (winner.listened()) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  winner.child.kill('SIGTERM');
  expect((await winner.exited).code).toBe(0);
  expect(first.code).toBe(1);
  expect(first.out()).toContain(`data dir ${dataDir} is in use by another broker (pid `);
}, 30000);

test('a lock left by a broker killed with SIGKILL does not block the next start; the data is there', async () => {
  const dataDir = tmp();
  const { child, port } = await startChild(dataDir);
  const c = await TestClient.connect(port);
  await createTopic(c, 'survives', 1);
  await produce(c, 'survives', 0, buildBatch([{ value: 'x' }]));
  await c.close();
  await kill9(child);
  expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(child.pid));

  const broker = await start(dataDir);
  try {
    expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    const h = await TestClient.connect(broker.port);
    expect(await logEndOffset(h, 'survives', 0)).toBe(1);
    await h.close();
  } finally {
    await broker.stop();
  }
}, 30000);

test('stale locks with our own pid (a restarted container) or a torn write are taken over', async () => {
  for (const content of [`${process.pid}\n`, '', 'garbage']) {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), content);
    const broker = await start(dataDir);
    await broker.stop();
  }
});

test('in-memory brokers take no lock', async () => {
  const dataDir = tmp();
  const a = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, inMemory: true, logLevel: 'silent' });
  const b = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, inMemory: true, logLevel: 'silent' });
  expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  await a.stop();
  await b.stop();
});
