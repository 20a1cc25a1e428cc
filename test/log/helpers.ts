/** Shared fixtures for the log tests: temp dirs, batches, a recording logger. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Compression, NewRecord, buildBatch, readRecords } from '../../wire/records';
import { DEFAULT_LOG_CONFIG, LogConfig } from '../../src/log/PartitionLog';

const dirs: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-log-'));
  dirs.push(dir);
  return path.join(dir, 'topic-0');
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function config(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

/** A batch of `count` records whose values are `${prefix}-${i}`. */
export function batch(
  count: number,
  prefix = 'v',
  options: { timestamps?: number[]; compression?: Compression.None | Compression.Gzip; valueBytes?: number } = {},
): Buffer {
  const records: NewRecord[] = [];
  for (let i = 0; i < count; i++) {
    const value = `${prefix}-${i}`.padEnd(options.valueBytes ?? 0, '.');
    records.push({ value, timestamp: options.timestamps?.[i] ?? 1_700_000_000_000 });
  }
  return buildBatch(records, { compression: options.compression });
}

/** Offsets and values of every record in the batches. */
export function recordsOf(batches: Buffer[]): { offset: number; value: string }[] {
  return batches.flatMap((b) => readRecords(b).map((r) => ({ offset: r.offset, value: r.value?.toString() ?? '' })));
}

export function recordingLogger(): {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  errors: { obj: Record<string, unknown>; msg: string }[];
  warnings: { obj: Record<string, unknown>; msg: string }[];
  infos: { obj: Record<string, unknown>; msg: string }[];
} {
  const errors: { obj: Record<string, unknown>; msg: string }[] = [];
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  const infos: { obj: Record<string, unknown>; msg: string }[] = [];
  return {
    errors,
    warnings,
    infos,
    error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
    info: (obj, msg) => infos.push({ obj: obj as Record<string, unknown>, msg }),
  };
}

export function segmentFiles(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(`.${ext}`))
    .sort();
}
