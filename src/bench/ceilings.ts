/**
 * What this machine allows at best, measured in the same run as the broker: bytes one Node process
 * pushes through loopback (a plain net server and client, large writes) and CRC-32C speed in
 * JavaScript (the same crc-32/crc32c the broker validates batches with).
 */
import * as net from 'node:net';
import * as CRC32C from 'crc-32/crc32c';

const MIB = 1024 * 1024;

export async function loopbackMiBps(durationMs: number, writeBytes = 1 * MIB): Promise<number> {
  let received = 0;
  const server = net.createServer((socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const chunk = Buffer.alloc(writeBytes, 7);
  let stopped = false;
  const started = performance.now();
  const pump = () => {
    while (!stopped && client.write(chunk));
  };
  client.on('drain', pump);
  pump();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  stopped = true;
  const bytes = received;
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  return bytes / seconds / MIB;
}

export function crc32cMiBps(durationMs: number, size = 1 * MIB): number {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 131) & 0xff;
  let rounds = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  while ((elapsed = performance.now() - started) < durationMs) {
    sink ^= CRC32C.buf(buf);
    rounds++;
  }
  if (sink === 0.5) throw new Error('unreachable: keeps the result alive');
  return (rounds * size) / (elapsed / 1000) / MIB;
}
