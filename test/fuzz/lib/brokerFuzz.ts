/**
 * The over-TCP half of the fuzz: each mutated request goes to a real broker on its own
 * connection. It must get one well-formed answer (right correlation id, a body that decodes with
 * the response schema and nothing after it) or have its connection closed. Requests that may
 * legitimately park (long-poll Fetch, acks=0 Produce, JoinGroup/SyncGroup waiting for members)
 * may still be open when the wait ends; anything else still open is a failure.
 */
import * as net from 'node:net';
import { decodeMessage } from '../../../wire/codec';
import { ErrorCode } from '../../../wire/errors';
import { API_VERSIONS_KEY, readResponseHeader, responseHeaderIsFlexible } from '../../../wire/headers';
import { Reader } from '../../../wire/io';
import { inRange } from '../../../wire/schema';
import { HANDLERS } from '../../../src/handlers';
import { advertised, describe } from './decodeCheck';
import type { FuzzFailure, FuzzReport } from './decoderFuzz';
import { mutate, sized } from './mutate';
import { caseSeed, Prng } from './prng';
import { requestBytes, sampleRequest } from './samples';

const byKey = new Map(HANDLERS.map((h) => [h.api.apiKey, h]));

/** Produce (acks=0), Fetch, JoinGroup, SyncGroup, ShareFetch: an open connection without an answer is allowed. */
const MAY_PARK = new Set([0, 1, 11, 14, 78]);

export type TcpOutcome = 'answered' | 'closed' | 'parked';

/** Case `index` of a run: one mutated request frame (without size prefix). */
export function tcpCase(seed: number, index: number): { target: string; mutation: string; frame: Buffer } {
  const rng = new Prng(caseSeed(seed ^ 0x7c9, index));
  const targets = advertised();
  const { handler, version } = targets[index % targets.length];
  const body = sampleRequest(handler.api.request, version, rng);
  const frame = requestBytes(handler.api, version, body, rng.int(0x7fffffff)).subarray(4);
  // One case in ten goes unmutated: valid requests must keep working among the broken ones.
  if (rng.chance(0.1)) return { target: `${handler.api.name} v${version}`, mutation: 'none', frame };
  const m = mutate(frame, rng);
  return { target: `${handler.api.name} v${version}`, mutation: m.kind, frame: m.frame };
}

/** Why the answer to `frame` is not well-formed, or null when it is. */
export function answerProblem(frame: Buffer, answer: Buffer): string | null {
  if (frame.length < 8) return 'answered a frame shorter than a request header';
  const apiKey = frame.readInt16BE(0);
  const version = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  const handler = byKey.get(apiKey);
  if (!handler) return `answered unknown API key ${apiKey}`;
  try {
    if (version < handler.minVersion || version > handler.maxVersion) {
      if (apiKey !== API_VERSIONS_KEY) return `answered ${handler.api.name} v${version}, which is not supported`;
      const r = new Reader(answer);
      if (r.int32() !== correlationId) return 'wrong correlation id';
      if (r.int16() !== ErrorCode.UNSUPPORTED_VERSION) return 'unsupported ApiVersions answered without error 35';
      return null;
    }
    const flexible = inRange(handler.api.request.flexibleVersions, version);
    const r = new Reader(answer);
    const header = readResponseHeader(r, responseHeaderIsFlexible(apiKey, flexible));
    if (header.correlationId !== correlationId) return `correlation id ${header.correlationId}, expected ${correlationId}`;
    decodeMessage(handler.api.response, version, answer.subarray(r.pos));
    return null;
  } catch (err) {
    return `answer does not decode as ${handler.api.name} v${version}: ${describe(err)}`;
  }
}

/** Send one frame on a fresh connection and classify what comes back. */
export function sendCase(port: number, frame: Buffer, waitMs: number): Promise<{ outcome: TcpOutcome; problem: string | null }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: TcpOutcome, problem: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, problem });
    };
    const apiKey = frame.length >= 2 ? frame.readInt16BE(0) : -1;
    const timer = setTimeout(() => {
      if (received.length > 0) return finish('answered', `only ${received.length} bytes of an answer after ${waitMs} ms`);
      finish('parked', MAY_PARK.has(apiKey) ? null : `no answer and the connection is still open after ${waitMs} ms`);
    }, waitMs);
    socket.on('connect', () => socket.write(sized(frame)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (received.length < 4 + size) return;
      if (received.length > 4 + size) return finish('answered', `${received.length - 4 - size} bytes after the one answer`);
      finish('answered', answerProblem(frame, received.subarray(4, 4 + size)));
    });
    socket.on('error', () => {});
    socket.on('close', () => finish('closed', received.length > 0 ? `closed after ${received.length} bytes of a partial answer` : null));
  });
}

/** Run cases [from, from+count) with `concurrency` connections at a time. */
export async function runBrokerFuzz(
  port: number,
  seed: number,
  from: number,
  count: number,
  report: FuzzReport,
  options: { concurrency?: number; waitMs?: number; skipApis?: ReadonlySet<string> } = {},
): Promise<void> {
  const { concurrency = 16, waitMs = 1500, skipApis } = options;
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const index = next++;
      const c = tcpCase(seed, index);
      if (skipApis?.has(c.target.split(' ')[0])) {
        report.outcomes.skipped = (report.outcomes.skipped ?? 0) + 1;
        continue;
      }
      const { outcome, problem } = await sendCase(port, c.frame, waitMs);
      report.tried++;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      if (problem) {
        const failure: FuzzFailure = { mode: 'tcp', seed, index, target: c.target, mutation: c.mutation, failure: problem, input: c.frame };
        report.failures.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * The framing layer: valid requests pipelined on one connection and written in random pieces
 * (a size prefix split in two, several frames in one write). Every one must be answered, in
 * order, with its own correlation id. Returns the problem, or null.
 */
export async function pipelinedCase(port: number, seed: number, index: number): Promise<string | null> {
  const rng = new Prng(caseSeed(seed ^ 0x51ced, index));
  const targets = advertised().filter((t) => t.handler.api.name === 'ApiVersions' || t.handler.api.name === 'Metadata' || t.handler.api.name === 'DescribeCluster');
  const sent: { frame: Buffer; correlationId: number }[] = [];
  for (let i = 0, n = 2 + rng.int(6); i < n; i++) {
    const { handler, version } = rng.pick(targets);
    const body = handler.api.name === 'Metadata' ? { topics: [], allowAutoTopicCreation: false } : sampleRequest(handler.api.request, version, rng);
    const correlationId = index * 100 + i;
    sent.push({ frame: requestBytes(handler.api, version, body, correlationId).subarray(4), correlationId });
  }
  const stream = Buffer.concat(sent.map((s) => sized(s.frame)));
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  socket.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const answers: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${answers.length} of ${sent.length} answers after 5 s`)), 5000);
      socket.on('close', () => reject(new Error(`closed after ${answers.length} of ${sent.length} answers`)));
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
          answers.push(pending.subarray(4, 4 + pending.readInt32BE(0)));
          pending = pending.subarray(4 + pending.readInt32BE(0));
        }
        if (answers.length >= sent.length) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    for (let at = 0; at < stream.length; ) {
      const piece = Math.min(stream.length - at, 1 + rng.int(rng.chance(0.5) ? 6 : 200));
      socket.write(stream.subarray(at, at + piece));
      at += piece;
      if (rng.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await all;
    if (answers.length !== sent.length || pending.length > 0) return `${answers.length} answers (+${pending.length} bytes) to ${sent.length} requests`;
    for (let i = 0; i < sent.length; i++) {
      const problem = answerProblem(sent[i].frame, answers[i]);
      if (problem) return `answer ${i}: ${problem}`;
    }
    return null;
  } catch (err) {
    return describe(err);
  } finally {
    socket.destroy();
  }
}
