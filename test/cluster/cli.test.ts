/**
 * `minikafka start --brokers N` as users run it (bin/minikafka over the built dist/): N nodes with
 * consecutive node ids, each answering Metadata with all of them; bad counts are refused.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClientPool } from '../server/client';
import { BIN, ensureBuilt, ROOT, runCli } from '../server/cliRunner';
import { metadata } from './helpers';

const children: ChildProcess[] = [];
const dirs: string[] = [];
const pool = new ClientPool();

beforeAll(() => {
  ensureBuilt();
}, 120000);

afterAll(async () => {
  await pool.closeAll();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-cluster-cli-'));
  dirs.push(dir);
  return dir;
}

/** The first log line whose message says the nodes are listening. */
function listeningLine(child: ChildProcess): Promise<{ msg: string; nodes: { nodeId: number; port: number }[] }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" log line; stdout: ${buffered}`)), 10000);
    child.stdout!.on('data', (d) => {
      buffered += d;
      for (const line of buffered.split('\n')) {
        if (!line.includes('listening')) continue;
        try {
          const entry = JSON.parse(line);
          clearTimeout(timer);
          resolve(entry);
        } catch {
          // a partial line: wait for the rest
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
}

test('start --brokers 3: three nodes, ids from --node-id, each listing all three', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--brokers', '3', '--node-id', '5', '--port', '0', '--data-dir', tempDir(), '--log-level', 'info'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const line = await listeningLine(child);
  expect(line.nodes.map((n) => n.nodeId)).toEqual([5, 6, 7]);
  expect(line.msg).toBe(`minikafka: 3 nodes listening on ${line.nodes.map((n) => `127.0.0.1:${n.port}`).join(', ')}`);

  const c = await pool.connect(line.nodes[1].port);
  const res = await metadata(c, 12, []);
  expect(res.brokers.map((b) => [b.nodeId, b.port])).toEqual(line.nodes.map((n) => [n.nodeId, n.port]));

  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  expect(child.exitCode).toBe(0);
}, 20000);

test('--help describes --brokers; a count below 1 is refused with exit code 2', async () => {
  const help = await runCli(['start', '--help']);
  expect(help.stdout).toMatch(/--brokers[\s\S]*ports --port,\s+--port\+1/);
  const bad = await runCli(['start', '--brokers', '0', '--data-dir', tempDir()]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--brokers must be a whole number of at least 1');
  const tooHigh = await runCli(['start', '--brokers', '3', '--port', '65534', '--data-dir', tempDir()]);
  expect(tooHigh.code).toBe(2);
  expect(tooHigh.stderr).toContain('--brokers 3 needs ports 65534..65536; choose a lower --port');
});
