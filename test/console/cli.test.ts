/** `minikafka start --console --http-port 0`: the CLI serves the console and /metrics, and says where. */
import { ChildProcess, spawn } from 'node:child_process';
import { BIN, ROOT, ensureBuilt } from '../server/cliRunner';

let child: ChildProcess | null = null;

beforeAll(() => ensureBuilt(), 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
});

it('prints the console URL and serves the console and /metrics there', async () => {
  child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--http-port', '0', '--console', '--in-memory', '--log-level', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'], // stdout is not a terminal: no browser is opened
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no console URL on stderr: ${err}`)), 10_000);
    child!.stderr!.on('data', (d) => {
      err += d;
      const match = /^minikafka: console at (http:\/\/\S+)$/m.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child!.once('exit', (code) => reject(new Error(`exited early with ${code}: ${err}`)));
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  const overview = await fetch(url);
  expect(overview.status).toBe(200);
  const body = await overview.text();
  expect(body).toContain('<h1>Overview</h1>');
  expect(body).toContain('in memory');
  const metrics = await fetch(`${url}metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('# TYPE minikafka_connections_open gauge');
});
