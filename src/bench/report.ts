/** The table `minikafka bench` prints. */
import { BenchReport, TestResult } from './types';

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const n1 = (v: number) => v.toFixed(1);
const mib = (v: number | null) => (v === null ? '-' : `${n1(v)} MiB`);

function grid(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return rows.map(line).join('\n') + '\n';
}

export function testLabel(t: TestResult): string {
  const size = t.recordSize >= 1024 ? `${t.recordSize / 1024} KiB` : `${t.recordSize} B`;
  return `${t.kind} ${size}${t.acks === null ? '' : ` acks=${t.acks}`}`;
}

export function formatReport(r: BenchReport): string {
  const ceiling = Math.min(r.ceilings.loopbackMiBps, r.ceilings.crc32cMiBps);
  let out = `minikafka bench: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.totalMemMiB} MiB, Node ${r.machine.node}, ${r.startedAt}\n`;
  out += `${r.settings.quick ? 'quick run, ' : ''}${r.settings.durationMs / 1000} s per test; wire: ${r.settings.connections} connections × ${r.settings.inFlight} in flight, ~${Math.round(r.settings.batchBytes / 1024)} KiB batches\n\n`;
  const b = r.broker;
  out += `Broker (${b.mode}, ${b.address}): start to accepting ${b.startupMs === null ? '-' : `${n0(b.startupMs)} ms`}; RSS idle ${mib(b.idleRssMiB)}, under load ${mib(b.loadRssMiB)}, after ${mib(b.finalRssMiB)}\n`;
  out += `Ceilings: loopback ${n0(r.ceilings.loopbackMiBps)} MiB/s, CRC-32C ${n0(r.ceilings.crc32cMiBps)} MiB/s\n\n`;
  const rows = [['TEST', 'DRIVER', 'RECORDS/S', 'PAYLOAD MiB/s', 'WIRE MiB/s', 'OF CEILING']];
  for (const t of r.tests) {
    const res = t.result;
    if (!res) {
      rows.push([testLabel(t), t.driver, t.skipped ? `skipped: ${t.skipped.split(':')[0]}` : `FAILED: ${t.error}`, '', '', '']);
      continue;
    }
    const ofCeiling = t.driver === 'wire' && t.kind === 'produce' && ceiling > 0 ? `${Math.round((100 * res.wireMiBps) / ceiling)}%` : '';
    rows.push([testLabel(t), t.driver, n0(res.recordsPerSec), n1(res.payloadMiBps), res.wireBytes ? n1(res.wireMiBps) : '-', ofCeiling]);
  }
  out += grid(rows);
  const l = r.latency;
  if (l) {
    out += `\nProduce latency at ${n0(l.rate)} records/s (${l.recordSize} B, one per request, acks=1, ${n0(l.samples)} samples): `;
    out += `p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, p999 ${l.p999Ms.toFixed(2)} ms, max ${l.maxMs.toFixed(2)} ms\n`;
  } else out += `\nProduce latency: FAILED: ${r.latencyError}\n`;
  return out;
}
