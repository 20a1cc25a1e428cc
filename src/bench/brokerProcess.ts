/**
 * The broker under test as users run it: `node bin/minikafka start --port 0` in a child process, on
 * a fresh data dir. Startup is timed from spawn to the first accepted TCP connection, and memory is
 * read from /proc/<pid>/status (VmRSS), so the figures are the broker's alone.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Address, connectTo } from './connect';

/** The repository (or installed package) root: where bin/minikafka is. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'bin', 'minikafka'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find bin/minikafka above ' + __dirname);
    dir = up;
  }
  return dir;
}

export class BrokerProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly address: Address,
    readonly startupMs: number,
    private readonly dataDir: string,
    private readonly output: () => string,
  ) {
    // Never outlive the bench: if it crashes or exits early, the broker goes too.
    const orphaned = () => {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    process.once('exit', orphaned);
    child.once('exit', () => {
      this.exited = true;
      process.removeListener('exit', orphaned);
    });
  }

  /** `nodeArgs` go to node itself (e.g. --cpu-prof), `extraArgs` to `minikafka start`. */
  static async start(extraArgs: string[] = [], nodeArgs: string[] = [], timeoutMs = 15000): Promise<BrokerProcess> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-bench-'));
    const bin = path.join(packageRoot(), 'bin', 'minikafka');
    const args = [...nodeArgs, bin, 'start', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...extraArgs];
    const spawned = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => {
      if (output.length < 64 * 1024) output += d.toString();
    };
    child.stderr!.on('data', collect);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the broker did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        let stdout = '';
        child.stdout!.on('data', (d: Buffer) => {
          collect(d);
          stdout += d.toString();
          const match = /listening on [^\s"]*:(\d+)/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the broker exited (code ${code}) before listening:\n${output}`));
        });
      });
      const address = { host: '127.0.0.1', port };
      (await connectTo(address)).destroy();
      const startupMs = performance.now() - spawned;
      // Logs are not read any more, but must keep draining or the broker blocks on a full pipe.
      child.stdout!.removeAllListeners('data');
      child.stdout!.on('data', collect);
      return new BrokerProcess(child, address, startupMs, dataDir, () => output);
    } catch (err) {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Resident memory now, in MiB (null once the process is gone or off Linux). */
  rssMiB(): number | null {
    if (this.exited || this.child.pid === undefined) return null;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
      return kb ? Number(kb[1]) / 1024 : null;
    } catch {
      return null;
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** What the broker printed (the first 64 KiB), for error reports. */
  get log(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Samples a process's RSS every interval and keeps the peak. */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly read: () => number | null) {}

  start(intervalMs = 100): void {
    this.timer ??= setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): number | null {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peak || null;
  }

  private sample(): void {
    const rss = this.read();
    if (rss !== null && rss > this.peak) this.peak = rss;
  }
}
