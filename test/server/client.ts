/**
 * A tiny raw TCP Kafka client for broker tests, built on our own codec. It sends request frames
 * (or raw bytes), queues every response frame it reads, and notices when the server closes the
 * socket. It never interprets a response beyond its header unless asked to decode it.
 */
import * as net from 'node:net';
import { decodeMessage, encodeMessage } from '../../wire/codec';
import { readResponseHeader, responseHeaderIsFlexible, writeRequestHeader } from '../../wire/headers';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { FetchRequest } from '../../wire/apis/Fetch';
import { ListOffsets, ListOffsetsPartitionResponse, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { PartitionProduceResponse, Produce, ProduceRequest, ProduceResponse } from '../../wire/apis/Produce';
import { Reader, Writer, ZERO_UUID } from '../../wire/io';
import { batchesIn } from '../../wire/records';
import { ApiDefinition, inRange } from '../../wire/schema';

export interface SendOptions {
  correlationId?: number;
  clientId?: string | null;
  /** Raw bytes to use as the request header's tagged-field section (flexible versions only). */
  headerTags?: Buffer;
}

export function isFlexible(api: ApiDefinition, version: number): boolean {
  return inRange(api.request.flexibleVersions, version);
}

/** One complete request frame (size prefix included) with an already-encoded body. */
export function frameWithBody(
  apiKey: number,
  version: number,
  correlationId: number,
  flexibleHeader: boolean,
  body: Buffer,
  options: { clientId?: string | null; headerTags?: Buffer } = {},
): Buffer {
  const w = new Writer();
  w.int32(0);
  const header = { apiKey, apiVersion: version, correlationId, clientId: options.clientId === undefined ? 'test' : options.clientId };
  if (options.headerTags) {
    writeRequestHeader(w, header, false);
    w.raw(options.headerTags);
  } else {
    writeRequestHeader(w, header, flexibleHeader);
  }
  w.raw(body);
  const buf = w.toBuffer();
  buf.writeInt32BE(buf.length - 4, 0);
  return buf;
}

/** A request frame for (api, version, body), encoded with our codec. */
export function requestFrame(api: ApiDefinition, version: number, body: object, correlationId: number, options: SendOptions = {}): Buffer {
  const encoded = encodeMessage(api.request, version, body);
  return frameWithBody(api.apiKey, version, correlationId, isFlexible(api, version), encoded, options);
}

/** Split a response frame (without its size prefix) into correlation id and body, strictly. */
export function decodeResponse<T>(api: ApiDefinition, version: number, frame: Buffer): { correlationId: number; body: T } {
  const r = new Reader(frame);
  const { correlationId } = readResponseHeader(r, responseHeaderIsFlexible(api.apiKey, isFlexible(api, version)));
  // decodeMessage rejects trailing bytes, so a wrong header layout cannot go unnoticed.
  const body = decodeMessage(api.response, version, frame.subarray(r.pos)) as T;
  return { correlationId, body };
}

export class TestClient {
  private readonly frames: Buffer[] = [];
  private pending: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private nextCorrelationId = 1;
  /** True once the socket is closed (by either side). */
  closed = false;
  /** True when the server ended or reset the connection (not because we called close()). */
  closedByServer = false;
  private closing = false;
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      while (this.pending.length >= 4) {
        const size = this.pending.readInt32BE(0);
        if (this.pending.length < 4 + size) break;
        this.frames.push(this.pending.subarray(4, 4 + size));
        this.pending = this.pending.subarray(4 + size);
      }
      this.wake();
    });
    socket.on('error', () => {
      /* ECONNRESET and friends: reported through 'close' */
    });
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        if (!this.closing) this.closedByServer = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new TestClient(socket));
      });
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** A fresh correlation id (increasing from 1). */
  correlationId(): number {
    return this.nextCorrelationId++;
  }

  /** Send one request; returns its correlation id. */
  send(api: ApiDefinition, version: number, body: object, options: SendOptions = {}): number {
    const correlationId = options.correlationId ?? this.correlationId();
    this.sendRaw(requestFrame(api, version, body, correlationId, options));
    return correlationId;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Half-close: we send no more, but keep reading. */
  end(): void {
    this.socket.end();
  }

  /** The next response frame (without its size prefix); rejects if the connection closes or time runs out. */
  async nextFrame(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames.shift();
      if (frame) return frame;
      if (this.closed) throw new Error('connection closed before a response arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Frames received and not yet read. */
  get queued(): number {
    return this.frames.length;
  }

  /** Read the next response and decode it as (api, version); checks the correlation id when given. */
  async receive<T = any>(api: ApiDefinition, version: number, correlationId?: number, timeoutMs?: number): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const frame = await this.nextFrame(timeoutMs);
    const decoded = decodeResponse<T>(api, version, frame);
    if (correlationId !== undefined && decoded.correlationId !== correlationId) {
      throw new Error(`expected correlation id ${correlationId}, got ${decoded.correlationId}`);
    }
    return decoded.body;
  }

  /** Send and wait for the matching response. */
  async request<T = any>(api: ApiDefinition, version: number, body: object, options: SendOptions = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const id = this.send(api, version, body, options);
    return this.receive<T>(api, version, id);
  }

  /** Resolves true once the socket is closed, false if it is still open after timeoutMs. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    if (this.closed) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([this.closedPromise.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Close from our side and wait for it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    this.socket.destroy();
    await this.closedPromise;
  }
}

/** Closes every client it was given; for afterEach. */
export class ClientPool {
  private readonly clients: TestClient[] = [];

  async connect(port: number): Promise<TestClient> {
    const c = await TestClient.connect(port);
    this.clients.push(c);
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
  }
}

// ---- Conveniences for the requests most tests need ----------------------------------------------

/** CreateTopics v7; expects success and returns the topic id. */
export async function createTopic(c: TestClient, name: string, numPartitions = 1): Promise<string> {
  const res: CreateTopicsResponse = await c.request(CreateTopics, 7, {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  if (res.topics.length !== 1 || res.topics[0].errorCode !== 0) {
    throw new Error(`creating ${name} failed: ${JSON.stringify(res.topics)}`);
  }
  return res.topics[0].topicId;
}

/** The produce request body for one partition. */
export function produceBody(topic: string, partition: number, records: Buffer | null, acks = 1): ProduceRequest {
  return { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

/** Produce (v3 by default) to one partition; returns that partition's response. */
export async function produce(
  c: TestClient,
  topic: string,
  partition: number,
  records: Buffer | null,
  options: { acks?: number; version?: number } = {},
): Promise<PartitionProduceResponse> {
  const res: ProduceResponse = await c.request(Produce, options.version ?? 3, produceBody(topic, partition, records, options.acks ?? 1));
  return res.responses[0].partitionResponses[0];
}

/** ListOffsets (v7 by default) for one partition. */
export async function listOffset(
  c: TestClient,
  topic: string,
  partition: number,
  timestamp: number,
  version = 7,
): Promise<ListOffsetsPartitionResponse> {
  const res: ListOffsetsResponse = await c.request(ListOffsets, version, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }],
    timeoutMs: 5000,
  });
  return res.topics[0].partitions[0];
}

/** The log end offset of a partition (ListOffsets latest). */
export async function logEndOffset(c: TestClient, topic: string, partition = 0): Promise<number> {
  const p = await listOffset(c, topic, partition, -1);
  if (p.errorCode !== 0) throw new Error(`ListOffsets ${topic}-${partition} failed with ${p.errorCode}`);
  return p.offset;
}

export interface FetchWant {
  topic: string;
  topicId?: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes?: number;
}

/** A Fetch request body; one topic entry per FetchWant, in order. */
export function fetchBody(wants: FetchWant[], options: Partial<FetchRequest> = {}): FetchRequest {
  return {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 0x7fffffff,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: wants.map((w) => ({
      topic: w.topic,
      topicId: w.topicId ?? ZERO_UUID,
      partitions: [
        {
          partition: w.partition,
          currentLeaderEpoch: -1,
          fetchOffset: w.fetchOffset,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: w.partitionMaxBytes ?? 1024 * 1024,
          replicaDirectoryId: ZERO_UUID,
        },
      ],
    })),
    forgottenTopicsData: [],
    rackId: '',
    ...options,
  };
}

/** The whole batches in a fetched records blob. */
export function splitBatches(records: Buffer | null): Buffer[] {
  if (!records) return [];
  return [...batchesIn(records)].map(({ pos, size }) => records.subarray(pos, pos + size));
}
