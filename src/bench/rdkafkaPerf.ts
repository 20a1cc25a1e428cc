/**
 * librdkafka without the Node binding: rdkafkaPerf.c, compiled on first use against the librdkafka
 * that compat/clients/install.sh builds (into node_modules/.cache/minikafka-bench/). Skipped, with
 * the reason, when that librdkafka, the source or a C compiler is missing.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from './brokerProcess';
import { Throughput, throughput } from './types';

/** The driver's path, built if missing or stale; or why it cannot be. */
export function rdkafkaPerfDriver(): string | { skipped: string } {
  const root = packageRoot();
  const source = path.join(root, 'src', 'bench', 'rdkafkaPerf.c');
  const deps = path.join(root, 'compat', 'clients', 'node_modules', '@confluentinc', 'kafka-javascript', 'build', 'deps');
  const lib = path.join(deps, 'librdkafka.so');
  const driver = path.join(root, 'node_modules', '.cache', 'minikafka-bench', 'rdkafka-perf');
  if (!fs.existsSync(source)) return { skipped: `no ${path.relative(root, source)} (not in an installed package)` };
  if (!fs.existsSync(lib)) return { skipped: 'librdkafka is not built in compat/clients (run compat/clients/install.sh)' };
  const mtime = (f: string) => fs.statSync(f).mtimeMs;
  if (fs.existsSync(driver) && mtime(driver) >= mtime(source) && mtime(driver) >= mtime(lib)) return driver;
  fs.mkdirSync(path.dirname(driver), { recursive: true });
  try {
    const args = ['-std=c99', '-D_POSIX_C_SOURCE=200809L', '-Wall', '-O2', '-I', path.join(deps, 'include'), source, '-o', driver, '-L', deps, '-lrdkafka', `-Wl,-rpath,${deps}`];
    execFileSync('cc', args, { stdio: 'pipe' });
  } catch (err) {
    return { skipped: `compiling rdkafkaPerf.c failed: ${String((err as { stderr?: Buffer }).stderr ?? err).split('\n')[0]}` };
  }
  return driver;
}

function run(driver: string, args: string[], timeoutMs: number): Promise<{ records: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    execFile(driver, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`rdkafka-perf ${args[0]}: ${err.message} ${stderr}`.trim()));
      let out: { records: number; seconds: number; error: string | null };
      try {
        out = JSON.parse(stdout.trim().split('\n').pop()!);
      } catch {
        return reject(new Error(`rdkafka-perf ${args[0]} printed no result: ${stdout}${stderr}`));
      }
      if (out.error) return reject(new Error(`rdkafka-perf ${args[0]}: ${out.error}`));
      if (out.records <= 0) return reject(new Error(`rdkafka-perf ${args[0]}: no records`));
      resolve(out);
    });
  });
}

export async function rdkafkaPerfProduce(driver: string, broker: string, topic: string, recordSize: number, acks: 1 | -1, durationMs: number): Promise<Throughput> {
  const r = await run(driver, ['produce', broker, topic, String(recordSize), String(acks), String(durationMs)], durationMs + 90000);
  return throughput(r.records, r.records * recordSize, 0, r.seconds);
}

export async function rdkafkaPerfConsume(driver: string, broker: string, topic: string, recordSize: number, target: number, durationMs: number): Promise<Throughput> {
  const r = await run(driver, ['consume', broker, topic, String(target), String(durationMs)], durationMs + 30000);
  return throughput(r.records, r.records * recordSize, 0, r.seconds);
}
