/** Running bin/minikafka as users do, over the built dist/ (rebuilt when older than the sources). */
import { execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin/minikafka');

/** True when some .ts under src/ or wire/ has no up-to-date .js in dist/. */
function distIsStale(): boolean {
  for (const dir of ['src', 'wire']) {
    for (const rel of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) continue;
      const source = path.join(ROOT, dir, rel);
      const built = path.join(ROOT, 'dist', dir, rel.replace(/\.ts$/, '.js'));
      if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(source).mtimeMs) return true;
    }
  }
  return false;
}

/** Build dist/ if it is missing or stale (npm test builds first, so in CI this is a no-op). */
export function ensureBuilt(): void {
  if (distIsStale()) execSync('npx tsc -p tsconfig.json', { cwd: ROOT, stdio: 'pipe' });
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI to completion (it must exit by itself within timeoutMs). */
export function runCli(args: string[], timeoutMs = 10000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`minikafka ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
  });
}
