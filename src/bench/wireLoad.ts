/**
 * The broker alone, without a client's ceiling: Produce and Fetch requests encoded once, then
 * written again and again, byte for byte, pipelined over several connections. Responses come back
 * in order on a connection (Kafka guarantees it), so one correlation id serves every request.
 */
import { Fetch, FetchResponse } from '../../wire/apis/Fetch';
import { Produce, ProduceResponse } from '../../wire/apis/Produce';
import { decodeFrom } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import { readResponseHeader, responseHeaderIsFlexible } from '../../wire/headers';
import { Reader } from '../../wire/io';
import { batchesIn, buildBatch, recordCountOf } from '../../wire/records';
import { ApiDefinition, inRange } from '../../wire/schema';
import { Address, connectTo } from './connect';
import { encodeRequestFrame, FrameSplitter } from './frames';
import { Throughput, throughput } from './types';

const PRODUCE_VERSION = 9;
const FETCH_VERSION = 12;

export interface ProduceLoadOptions {
  topic: string;
  /** Connection i produces to partition i % partitions. */
  partitions: number;
  recordSize: number;
  acks: 1 | -1;
  connections: number;
  /** Requests outstanding per connection. */
  inFlight: number;
  /** Records per batch are chosen so that a batch is about this big. */
  batchBytes: number;
  /** Stop after this long, or (for filling a partition) after this many records, whichever first. */
  durationMs: number;
  maxRecords?: number;
}

/** A RecordBatch of `count` records with random, incompressible values of `size` bytes. */
export function benchBatch(count: number, size: number): Buffer {
  const value = Buffer.alloc(size);
  for (let i = 0; i < size; i++) value[i] = (Math.random() * 256) | 0;
  return buildBatch(Array.from({ length: count }, () => ({ value })));
}

export function recordsPerBatch(recordSize: number, batchBytes: number): number {
  // A record of a null key, no headers and a value of n bytes costs n + about 8 bytes in a batch.
  return Math.max(1, Math.floor(batchBytes / (recordSize + 8)));
}

export function produceFrame(topic: string, partition: number, acks: number, batch: Buffer, correlationId = 1): Buffer {
  return encodeRequestFrame(Produce, PRODUCE_VERSION, correlationId, {
    transactionalId: null,
    acks,
    timeoutMs: 30000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
  });
}

/** The error of a Produce response, or null when every partition was appended. */
export function produceError(body: Buffer): string | null {
  const res = decodeResponse<ProduceResponse>(Produce, PRODUCE_VERSION, body);
  for (const t of res.responses) {
    for (const p of t.partitionResponses) {
      if (p.errorCode !== ErrorCode.NONE) return `Produce to ${t.name}-${p.index} failed: ${ErrorCode[p.errorCode] ?? p.errorCode} ${p.errorMessage ?? ''}`.trim();
    }
  }
  return null;
}

export function decodeResponse<T>(api: ApiDefinition, version: number, body: Buffer): T {
  const r = new Reader(body);
  readResponseHeader(r, responseHeaderIsFlexible(api.apiKey, inRange(api.request.flexibleVersions, version)));
  return decodeFrom(api.response, version, r) as T;
}

/**
 * Keeps `inFlight` requests outstanding on each connection until the time is up, counting what was
 * acknowledged in time. `onResponse` checks a response body and says how many records it stands for
 * (throwing stops the run with that error).
 */
async function pipeline(
  address: Address,
  frames: Buffer[],
  inFlight: number,
  durationMs: number,
  keepBody: (index: number) => boolean,
  onResponse: (connection: number, index: number, size: number, body: Buffer | null) => number,
  enough: () => boolean = () => false,
): Promise<{ responses: number; records: number; seconds: number }> {
  const opened = await Promise.allSettled(frames.map(() => connectTo(address)));
  const sockets = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const refused = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (refused) {
    for (const s of sockets) s.destroy();
    throw refused.reason;
  }
  let responses = 0;
  let records = 0;
  let failure: Error | null = null;
  let stopped = false;
  const started = performance.now();
  let finished = 0;
  await new Promise<void>((resolve) => {
    let open = sockets.length;
    const timer = setTimeout(stop, durationMs);
    function stop() {
      if (stopped) return;
      stopped = true;
      finished = performance.now();
      clearTimeout(timer);
    }
    sockets.forEach((socket, c) => {
      let outstanding = 0;
      const done = () => {
        socket.destroy();
        if (--open === 0) resolve();
      };
      const splitter = new FrameSplitter(keepBody, (index, size, body) => {
        outstanding--;
        if (!stopped) {
          try {
            records += onResponse(c, index, size, body);
            responses++;
          } catch (err) {
            failure ??= err as Error;
            stop();
          }
          if (enough()) stop();
        }
        if (!stopped) {
          outstanding++;
          socket.write(frames[c]);
        } else if (outstanding === 0) done();
      });
      socket.on('data', (chunk: Buffer) => splitter.push(chunk));
      socket.on('error', (err) => {
        failure ??= err;
        stop();
      });
      socket.on('close', () => {
        if (!stopped) {
          failure ??= new Error('the broker closed the connection');
          stop();
        }
        if (outstanding > 0) {
          outstanding = 0;
          done();
        }
      });
      for (let i = 0; i < inFlight; i++) {
        outstanding++;
        socket.write(frames[c]);
      }
    });
  });
  if (failure) throw failure;
  return { responses, records, seconds: (finished - started) / 1000 };
}

export async function produceLoad(address: Address, o: ProduceLoadOptions): Promise<Throughput> {
  const perBatch = recordsPerBatch(o.recordSize, o.batchBytes);
  const batch = benchBatch(perBatch, o.recordSize);
  const frames = Array.from({ length: o.connections }, (_, c) => produceFrame(o.topic, c % o.partitions, o.acks, batch));
  const maxRecords = o.maxRecords ?? Infinity;
  let records = 0;
  const run = await pipeline(
    address,
    frames,
    o.inFlight,
    o.durationMs,
    () => true,
    (_c, _i, _size, body) => {
      const error = produceError(body!);
      if (error) throw new Error(error);
      records += perBatch;
      return perBatch;
    },
    () => records >= maxRecords,
  );
  return throughput(run.records, run.records * o.recordSize, run.responses * frames[0].length, run.seconds);
}

export interface FetchLoadOptions {
  topic: string;
  partition: number;
  connections: number;
  inFlight: number;
  /** partitionMaxBytes (and maxBytes) of each Fetch, from offset 0. */
  fetchBytes: number;
  /** The record size the partition was filled with (for payload MB/s). */
  recordSize: number;
  durationMs: number;
}

/** The same Fetch from offset 0, again and again: the broker's read path from a full partition. */
export async function fetchLoad(address: Address, o: FetchLoadOptions): Promise<Throughput> {
  const frame = encodeRequestFrame(Fetch, FETCH_VERSION, 1, {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: o.fetchBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: o.topic,
        topicId: '',
        partitions: [
          { partition: o.partition, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: o.fetchBytes, replicaDirectoryId: '' },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  });
  // Each connection's first response is decoded; the rest must be the same size (the same answer).
  const first: { size: number; records: number }[] = [];
  const run = await pipeline(
    address,
    Array.from({ length: o.connections }, () => frame),
    o.inFlight,
    o.durationMs,
    (index) => index === 0,
    (c, index, size, body) => {
      if (index === 0) first[c] = { size, records: fetchedRecords(body!) };
      else if (size !== first[c].size) throw new Error(`Fetch from offset 0 answered ${size} bytes, first ${first[c].size}`);
      return first[c].records;
    },
  );
  return throughput(run.records, run.records * o.recordSize, run.responses * (first[0]?.size ?? 0), run.seconds);
}

function fetchedRecords(body: Buffer): number {
  const res = decodeResponse<FetchResponse>(Fetch, FETCH_VERSION, body);
  if (res.errorCode !== ErrorCode.NONE) throw new Error(`Fetch failed: ${ErrorCode[res.errorCode] ?? res.errorCode}`);
  let records = 0;
  for (const t of res.responses) {
    for (const p of t.partitions) {
      if (p.errorCode !== ErrorCode.NONE) throw new Error(`Fetch from ${t.topic}-${p.partitionIndex} failed: ${ErrorCode[p.errorCode] ?? p.errorCode}`);
      if (!p.records) continue;
      for (const { pos } of batchesIn(p.records)) records += recordCountOf(p.records, pos);
    }
  }
  if (records === 0) throw new Error('Fetch from offset 0 returned no records: is the partition filled?');
  return records;
}
