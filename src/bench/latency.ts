/**
 * Produce latency at a fixed rate: one record per request, acks=1, sent on a schedule whatever the
 * answers do (open loop, so a stall shows up in the numbers instead of slowing the sender). The
 * timer ticks every millisecond and sends what is due in one write; latency runs from that write to
 * the response.
 */
import { Address, connectTo } from './connect';
import { FrameSplitter } from './frames';
import { Latency } from './types';
import { benchBatch, produceError, produceFrame } from './wireLoad';

/** Samples from the first moments (connection warm-up, JIT) are left out. */
const WARMUP_MS = 250;

export async function produceLatency(address: Address, topic: string, rate: number, recordSize: number, durationMs: number): Promise<Latency> {
  const frame = produceFrame(topic, 0, 1, benchBatch(1, recordSize));
  const socket = await connectTo(address);
  const total = Math.floor((rate * durationMs) / 1000);
  const sentAt = new Float64Array(total);
  const latencies: number[] = [];
  let sent = 0;
  let received = 0;
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const splitter = new FrameSplitter(
        () => true,
        (_index, _size, body) => {
          const now = performance.now();
          const error = produceError(body!);
          if (error) return reject(new Error(error));
          if (sentAt[received] - started >= WARMUP_MS) latencies.push(now - sentAt[received]);
          if (++received === total) resolve();
        },
      );
      socket.on('data', (chunk: Buffer) => splitter.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('the broker closed the connection')));
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - started) * rate) / 1000));
        if (due > sent) {
          socket.cork();
          for (; sent < due; sent++) {
            sentAt[sent] = now;
            socket.write(frame);
          }
          socket.uncork();
        }
        if (sent < total) setTimeout(tick, 1);
      };
      setTimeout(tick, 1);
    });
  } finally {
    socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate, recordSize, samples: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: latencies[latencies.length - 1] ?? 0 };
}
