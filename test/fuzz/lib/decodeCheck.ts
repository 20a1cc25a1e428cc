/**
 * The in-process half of the fuzz: a frame goes through exactly what RequestProcessor does before
 * a handler sees it (header peek, version check, header, body), and any record batch inside
 * through the batch helpers the broker calls on stored data. Allowed outcomes: a value, or a
 * DecodeError. Anything else, a slow decode (an unbounded loop) or a value with more array
 * elements than the frame has bytes (an allocation from an unchecked count) is a failure.
 */
import { decodeFrom } from '../../../wire/codec';
import { peekRequestHeader, readRequestHeader } from '../../../wire/headers';
import { DecodeError, Reader } from '../../../wire/io';
import { ATTR_COMPRESSION_MASK, attributesOf, BATCH_HEADER_SIZE, batchesIn, batchProblem, MAGIC, readRecords } from '../../../wire/records';
import { inRange } from '../../../wire/schema';
import { HANDLERS } from '../../../src/handlers';
import type { Handler } from '../../../src/handlers/types';

export const MAX_DECODE_MS = 250;

const byKey = new Map<number, Handler>(HANDLERS.map((h) => [h.api.apiKey, h]));

/** Every advertised API and version, as ApiVersions lists them. */
export function advertised(): { handler: Handler; version: number }[] {
  const out: { handler: Handler; version: number }[] = [];
  for (const handler of HANDLERS) for (let v = handler.minVersion; v <= handler.maxVersion; v++) out.push({ handler, version: v });
  return out;
}

export type DecodeOutcome =
  | { ok: true; outcome: 'decoded' | 'rejected' | 'unknown-api' | 'unsupported-version' }
  | { ok: false; failure: string };

/** More Buffer memory than this taken by one decode means a length was trusted before it was checked. */
export const MAX_DECODE_ALLOC_BYTES = 8 * 1024 * 1024;

/** Check one frame; `decode` is the broker's path (replaceable, so the checker itself can be tested). */
export function checkDecode(frame: Buffer, decode: (frame: Buffer) => DecodeOutcome = decodeLikeTheBroker): DecodeOutcome {
  const memoryBefore = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  let outcome: DecodeOutcome;
  try {
    outcome = decode(frame);
  } catch (err) {
    outcome = err instanceof DecodeError ? { ok: true, outcome: 'rejected' } : { ok: false, failure: `threw ${describe(err)}` };
  }
  const ms = performance.now() - started;
  const allocated = process.memoryUsage().arrayBuffers - memoryBefore;
  if (outcome.ok && ms > MAX_DECODE_MS) return { ok: false, failure: `decode took ${ms.toFixed(0)} ms (unbounded loop?)` };
  if (outcome.ok && allocated > MAX_DECODE_ALLOC_BYTES) {
    return { ok: false, failure: `decode of ${frame.length} bytes allocated ${(allocated / 1048576).toFixed(0)} MiB (unchecked length?)` };
  }
  return outcome;
}

export function decodeLikeTheBroker(frame: Buffer): DecodeOutcome {
  const { apiKey, apiVersion } = peekRequestHeader(frame);
  const handler = byKey.get(apiKey);
  if (!handler) return { ok: true, outcome: 'unknown-api' };
  if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) return { ok: true, outcome: 'unsupported-version' };
  const r = new Reader(frame);
  readRequestHeader(r, inRange(handler.api.request.flexibleVersions, apiVersion));
  const value = decodeFrom(handler.api.request, apiVersion, r);
  const elements = countElements(value);
  if (elements > frame.length) return { ok: false, failure: `decoded ${elements} array elements from a ${frame.length}-byte frame` };
  for (const buf of buffersIn(value)) {
    const problem = checkBatchHelpers(buf);
    if (problem) return { ok: false, failure: problem };
  }
  return { ok: true, outcome: 'decoded' };
}

/**
 * The batch helpers over bytes a client sent: batchProblem and batchesIn must not throw, and
 * readRecords (ListOffsets by timestamp and the console decode stored batches, whose CRC a
 * client can make valid around any garbage) may only throw DecodeError.
 */
export function checkBatchHelpers(buf: Buffer): string | null {
  let problem: string | null;
  try {
    problem = batchProblem(buf, 0, buf.length, false);
    for (const b of batchesIn(buf)) if (b.size <= 0) return 'batchesIn yielded an empty batch';
  } catch (err) {
    return `batch check threw ${describe(err)}`;
  }
  if (problem !== null || buf.length < BATCH_HEADER_SIZE || buf.readInt8(MAGIC) !== 2) return null;
  if ((attributesOf(buf) & ATTR_COMPRESSION_MASK) !== 0) return null; // decompression is the codecs' business
  try {
    const records = readRecords(buf);
    if (records.length > buf.length) return `readRecords returned ${records.length} records from ${buf.length} bytes`;
  } catch (err) {
    if (!(err instanceof DecodeError)) return `readRecords threw ${describe(err)}`;
  }
  return null;
}

function countElements(v: unknown): number {
  if (Array.isArray(v)) return v.length + v.reduce((n: number, x) => n + countElements(x), 0);
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
    return Object.values(v).reduce((n: number, x) => n + countElements(x), 0);
  }
  return 0;
}

function* buffersIn(v: unknown): Generator<Buffer> {
  if (Buffer.isBuffer(v)) yield v;
  else if (Array.isArray(v)) for (const x of v) yield* buffersIn(x);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) yield* buffersIn(x);
}

export function describe(err: unknown): string {
  if (err instanceof Error) return `${err.constructor.name}: ${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 4).join('\n')}` : ''}`;
  return String(err);
}
