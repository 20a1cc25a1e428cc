/** The in-process fuzz loop: every advertised API and version in turn, one mutated sample each. */
import { buildBatch } from '../../../wire/records';
import { advertised, checkBatchHelpers, checkDecode } from './decodeCheck';
import { mutate } from './mutate';
import { caseSeed, hexDump, Prng } from './prng';
import { requestBytes, sampleRequest } from './samples';

export interface FuzzFailure {
  /** Which fuzz: 'decode' (in process) or 'tcp' (against a broker). */
  mode?: 'decode' | 'tcp';
  /** Replays the case: the same run seed and index give the same input. */
  seed: number;
  index: number;
  target: string;
  mutation: string;
  failure: string;
  input: Buffer;
}

export interface FuzzReport {
  tried: number;
  outcomes: Record<string, number>;
  failures: FuzzFailure[];
}

/** The request frame (without size prefix) and its description for case `index` of a run. */
export function decoderCase(seed: number, index: number): { target: string; mutation: string; frame: Buffer; isBatch: boolean } {
  const rng = new Prng(caseSeed(seed, index));
  const targets = advertised();
  // One case in eight fuzzes a bare record batch, the rest a request of the next API/version.
  if (index % 8 === 7) {
    const batch = buildBatch(Array.from({ length: 1 + rng.int(4) }, (_, i) => ({ key: `k${i}`, value: rng.bytes(rng.int(30)), headers: rng.chance(0.5) ? [{ key: 'h', value: 'v' }] : [] })));
    const m = mutate(batch, rng);
    return { target: 'RecordBatch', mutation: m.kind, frame: m.frame, isBatch: true };
  }
  const { handler, version } = targets[index % targets.length];
  const body = sampleRequest(handler.api.request, version, rng);
  const frame = requestBytes(handler.api, version, body, rng.int(0x7fffffff)).subarray(4);
  const m = mutate(frame, rng);
  return { target: `${handler.api.name} v${version}`, mutation: m.kind, frame: m.frame, isBatch: false };
}

export function runDecoderFuzz(seed: number, iterations: number, onProgress?: (done: number, report: FuzzReport) => void): FuzzReport {
  const report: FuzzReport = { tried: 0, outcomes: {}, failures: [] };
  for (let i = 0; i < iterations; i++) {
    const c = decoderCase(seed, i);
    let failure: string | null;
    if (c.isBatch) {
      failure = checkBatchHelpers(c.frame);
      report.outcomes.batch = (report.outcomes.batch ?? 0) + 1;
    } else {
      const outcome = checkDecode(c.frame);
      failure = outcome.ok ? null : outcome.failure;
      if (outcome.ok) report.outcomes[outcome.outcome] = (report.outcomes[outcome.outcome] ?? 0) + 1;
    }
    report.tried++;
    if (failure) report.failures.push({ seed, index: i, target: c.target, mutation: c.mutation, failure, input: c.frame });
    if (onProgress && (i + 1) % 10000 === 0) onProgress(i + 1, report);
  }
  return report;
}

export function formatFailure(f: FuzzFailure): string {
  return `[${f.target}, ${f.mutation}] ${f.failure}\n  replay: npm run fuzz -- --mode ${f.mode ?? 'decode'} --seed ${f.seed} --replay ${f.index}\n  input (${f.input.length} bytes):\n${hexDump(f.input)}`;
}
