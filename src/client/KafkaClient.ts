/**
 * A small Kafka protocol client for the command line: one connection, pipelined requests matched
 * to responses by correlation id, encoded with our own codec. On connect it asks ApiVersions (v0,
 * which every broker answers) so that each request can use the newest version both sides speak.
 * It talks to the one broker it is given: enough for minikafka and single-broker clusters.
 */
import * as net from 'node:net';
import { ApiVersion, ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { decodeFrom, encodeInto } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import { readResponseHeader, responseHeaderIsFlexible, writeRequestHeader } from '../../wire/headers';
import { Reader, Writer } from '../../wire/io';
import { ApiDefinition, inRange } from '../../wire/schema';

export interface KafkaClientOptions {
  clientId?: string;
  /** For connecting and for each request. */
  timeoutMs?: number;
}

interface Pending {
  api: ApiDefinition;
  version: number;
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class KafkaClient {
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private buffered: Buffer = Buffer.alloc(0);
  private brokerVersions = new Map<number, ApiVersion>();
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly address: string,
    private readonly clientId: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new Error(`${address}: ${err.message}`)));
    socket.on('close', () => this.fail(new Error(`${address}: connection closed`)));
  }

  /** Connect to `host:port` and learn which versions the broker speaks. */
  static async connect(address: string, options: KafkaClientOptions = {}): Promise<KafkaClient> {
    const { host, port } = parseAddress(address);
    const timeoutMs = options.timeoutMs ?? 10000;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`${address}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`${address}: ${err.message}`));
      });
    });
    socket.setNoDelay(true);
    const client = new KafkaClient(socket, address, options.clientId ?? 'minikafka-cli', timeoutMs);
    try {
      const res = await client.request<ApiVersionsResponse>(ApiVersions, 0, {});
      if (res.errorCode !== 0) throw new Error(`${address}: ApiVersions failed with error ${res.errorCode}`);
      client.brokerVersions = new Map(res.apiKeys.map((k) => [k.apiKey, k]));
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  /** Whether the broker speaks some version of the API in min..max (old brokers lack newer APIs). */
  supports(api: ApiDefinition, min = api.request.validVersions.min, max = api.request.validVersions.max): boolean {
    const broker = this.brokerVersions.get(api.apiKey);
    return broker !== undefined && Math.min(max, broker.maxVersion) >= Math.max(min, broker.minVersion);
  }

  /** The newest version of an API that both this client (up to `max`) and the broker support. */
  version(api: ApiDefinition, min = api.request.validVersions.min, max = api.request.validVersions.max): number {
    const broker = this.brokerVersions.get(api.apiKey);
    const version = Math.min(max, broker?.maxVersion ?? -1);
    if (!broker || version < Math.max(min, broker.minVersion)) {
      throw new Error(`${this.address} does not support ${api.name} v${min}-${max}`);
    }
    return version;
  }

  /** Send one request and wait for its response. */
  request<T>(api: ApiDefinition, version: number, body: object): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const flexible = inRange(api.request.flexibleVersions, version);
    const w = new Writer();
    w.int32(0);
    writeRequestHeader(w, { apiKey: api.apiKey, apiVersion: version, correlationId, clientId: this.clientId }, flexible);
    encodeInto(api.request, version, body, w);
    const frame = w.toBuffer();
    frame.writeInt32BE(frame.length - 4, 0);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new Error(`${this.address}: no ${api.name} response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(correlationId, { api, version, resolve: resolve as (body: unknown) => void, reject, timer });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.failure ??= new Error(`${this.address}: client closed`);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    const correlationId = frame.readInt32BE(0);
    const p = this.pending.get(correlationId);
    if (!p) return this.fail(new Error(`${this.address}: response to unknown correlation id ${correlationId}`));
    this.pending.delete(correlationId);
    clearTimeout(p.timer);
    try {
      const r = new Reader(frame);
      readResponseHeader(r, responseHeaderIsFlexible(p.api.apiKey, inRange(p.api.request.flexibleVersions, p.version)));
      p.resolve(decodeFrom(p.api.response, p.version, r));
    } catch (err) {
      p.reject(new Error(`${this.address}: unreadable ${p.api.name} v${p.version} response: ${(err as Error).message}`));
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(this.failure);
    }
    this.pending.clear();
    this.socket.destroy();
  }
}

export function parseAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || port < 1 || port > 65535) throw new Error(`expected host:port, got "${address}"`);
  return { host: match[1], port };
}

/** An error code a broker answered with, under Kafka's name, and its message. */
export class BrokerError extends Error {
  constructor(
    readonly code: number,
    brokerMessage: string | null,
  ) {
    super(`${ErrorCode[code] ?? `error ${code}`}: ${brokerMessage ?? DEFAULT_MESSAGES[code] ?? 'the broker gave no details'}`);
    this.name = 'BrokerError';
  }
}

/** Kafka's own descriptions (org.apache.kafka.common.protocol.Errors), for answers without a message. */
const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]: 'This server does not host this topic-partition.',
  [ErrorCode.NOT_LEADER_OR_FOLLOWER]: 'For requests intended only for the leader, this error indicates that the broker is not the current leader.',
  [ErrorCode.INVALID_TOPIC_EXCEPTION]: 'The request attempted to perform an operation on an invalid topic.',
  [ErrorCode.TOPIC_ALREADY_EXISTS]: 'Topic with this name already exists.',
  [ErrorCode.INVALID_PARTITIONS]: 'Number of partitions is below 1.',
  [ErrorCode.INVALID_REPLICATION_FACTOR]: 'Replication factor is below 1 or larger than the number of available brokers.',
  [ErrorCode.INVALID_CONFIG]: 'Configuration is invalid.',
  [ErrorCode.INVALID_REQUEST]: 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker.',
  [ErrorCode.POLICY_VIOLATION]: 'Request parameters do not satisfy the configured policy.',
  [ErrorCode.UNKNOWN_SERVER_ERROR]: 'The server experienced an unexpected error when processing the request.',
};
