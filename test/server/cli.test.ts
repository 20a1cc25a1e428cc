/**
 * The `minikafka` command as users run it: bin/minikafka over the built dist/.
 * Builds dist/ first when it is missing or older than the sources.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { TestClient } from './client';
import { BIN, ensureBuilt, ROOT, runCli as run } from './cliRunner';

/** Resolves with the exit code once the child exits, or null after timeoutMs. */
function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(() => {
  ensureBuilt();
}, 120000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test('start: logs the real port, serves ApiVersions there, exits 0 on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-cli-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));

  // pino writes one JSON object per line; wait for the one announcing the listener.
  const listening = await new Promise<{ port: number; msg: string }>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" log line; stdout: ${buffered}; stderr: ${stderr}`)), 10000);
    child.stdout!.on('data', (d) => {
      buffered += d;
      for (const line of buffered.split('\n')) {
        if (!line.trim()) continue;
        let entry: { port?: number; msg?: string };
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.msg?.includes('listening')) {
          clearTimeout(timer);
          resolve({ port: entry.port!, msg: entry.msg });
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
  });
  expect(listening.port).toBeGreaterThan(0);
  expect(listening.port).not.toBe(9092);
  expect(listening.msg).toContain(`:${listening.port}`);

  const client = await TestClient.connect(listening.port);
  try {
    const res: ApiVersionsResponse = await client.request(ApiVersions, 0, {});
    expect(res.errorCode).toBe(0);
    expect(res.apiKeys).toContainEqual({ apiKey: 18, minVersion: 0, maxVersion: 4 });
  } finally {
    await client.close();
  }

  const started = Date.now();
  child.kill('SIGTERM');
  expect(await exited(child, 5000)).toBe(0);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(stderr).toContain('SIGTERM');
  // The data dir holds what the broker persisted (its cluster identity at least).
  expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
}, 20000);

test.each([
  ['--port abc', ['start', '--port', 'abc'], /--port/],
  ['--port 70000', ['start', '--port', '70000'], /port.*70000/],
  ['--port -1', ['start', '--port', '-1'], /--port.*-1/],
  ['--bogus', ['start', '--bogus'], /bogus/],
  ['--log-level loud', ['start', '--log-level', 'loud'], /log-level[\s\S]*loud|loud[\s\S]*log-level/],
  ['--group-initial-rebalance-delay-ms -5', ['start', '--group-initial-rebalance-delay-ms', '-5'], /group-initial-rebalance-delay-ms/],
  ['no command', [], /command/],
  ['an unknown command', ['frobnicate'], /frobnicate/],
])('bad usage (%s) → exit code 2 and a message naming the problem', async (_title, args, message) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-cli-bad-'));
  dirs.push(dataDir);
  const withDir = args.length && args[0] === 'start' ? [...args, '--data-dir', dataDir] : args;
  const result = await run(withDir);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  // Refused before starting anything: nothing listened, nothing written.
  expect(result.stdout).not.toContain('listening');
  expect(fs.readdirSync(dataDir)).toEqual([]);
});

test('a port already in use → exit code 1 and a message saying so', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-cli-busy-'));
  dirs.push(dataDir);
  try {
    const result = await run(['start', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${port}`);
    expect(result.stderr).toMatch(/in use/);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});
