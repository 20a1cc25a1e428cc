/**
 * Turns one request frame into its response bytes: header, version check, decode, dispatch to
 * the API's handler, encode. It knows no API's meaning and holds no connection state.
 */
import type { Logger } from 'pino';
import { decodeFrom, encodeInto } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import {
  API_VERSIONS_KEY,
  peekRequestHeader,
  readRequestHeader,
  responseHeaderIsFlexible,
  writeResponseHeader,
} from '../../wire/headers';
import { Reader, Writer } from '../../wire/io';
import { inRange } from '../../wire/schema';
import { BrokerState, Handler, NO_RESPONSE, RequestContext } from '../handlers/types';
import type { ConnectionSecurity } from '../security/ConnectionSecurity';
import { ANONYMOUS_PRINCIPAL } from '../security/principal';
import { ConnectionConfig, DEFAULT_CONFIG } from '../config';

export type Outcome =
  /** Response bytes (with the size prefix), now or when a long poll ends. */
  | { kind: 'respond'; response: Buffer[] | Promise<Buffer[] | null> }
  /** No response, by protocol (acks=0). */
  | { kind: 'none' }
  /** Kafka closes the connection: unknown API, unsupported version, undecodable request. */
  | { kind: 'close'; reason: string }
  /** Fault injection: once `after` settles, close the connection at this request's turn instead of answering. */
  | { kind: 'drop'; reason: string; after: Promise<unknown> };

export class RequestProcessor {
  private readonly byKey = new Map<number, Handler>();

  constructor(
    private readonly state: BrokerState,
    private readonly logger: Logger,
    /** The node whose listener this processor serves. */
    private readonly nodeId: number = state.config.nodeId,
  ) {
    for (const h of state.handlers) this.byKey.set(h.api.apiKey, h);
  }

  /** True once the broker is stopping (not just this node): connections then drain gracefully. */
  get brokerStopping(): boolean {
    return this.state.shutdown.aborted;
  }

  /** Connection limits and idle timeout of the listener (states built without them get Kafka's defaults). */
  get connectionLimits(): ConnectionConfig {
    return this.state.config.connections ?? DEFAULT_CONFIG.connections;
  }

  /** The name of an API key, for logs. */
  apiName(apiKey: number): string {
    return this.byKey.get(apiKey)?.api.name ?? `api key ${apiKey}`;
  }

  /** `security`: the connection's principal and SASL state (none: an anonymous plaintext client). */
  process(frame: Buffer, peer: string, security?: ConnectionSecurity): Outcome {
    const { apiKey, apiVersion, correlationId } = peekRequestHeader(frame);
    const handler = this.byKey.get(apiKey);
    if (!handler) return { kind: 'close', reason: `unknown API key ${apiKey}` };
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return { kind: 'respond', response: this.unsupportedApiVersions(correlationId) };
      return { kind: 'close', reason: `${handler.api.name} v${apiVersion} is not supported` };
    }

    const { request: requestSchema, response: responseSchema } = handler.api;
    const flexible = inRange(requestSchema.flexibleVersions, apiVersion);
    const r = new Reader(frame);
    const header = readRequestHeader(r, flexible);
    const request = decodeFrom(requestSchema, apiVersion, r);
    // Kafka tolerates trailing bytes after a request body (newer clients may send more), so do we.

    const ctx: RequestContext = {
      apiVersion,
      correlationId,
      clientId: header.clientId,
      nodeId: this.nodeId,
      broker: this.state,
      peer,
      principal: security?.principal ?? ANONYMOUS_PRINCIPAL,
      security,
    };
    const encode = (result: unknown): Buffer[] | null => {
      if (result === NO_RESPONSE) return null;
      const w = new Writer(512);
      w.int32(0); // size, patched below
      writeResponseHeader(w, correlationId, responseHeaderIsFlexible(apiKey, flexible));
      encodeInto(responseSchema, apiVersion, result as object, w);
      const chunks = w.toChunks();
      chunks[0].writeInt32BE(w.length - 4, 0);
      return chunks;
    };

    this.logger.trace({ api: handler.api.name, version: apiVersion, correlationId, peer }, 'request');
    const started = performance.now();
    const done = (): void => this.state.metrics.requestCompleted(apiKey, handler.api.name, performance.now() - started);
    const fault = this.state.faults.match(handler, request, ctx);
    const result = fault ? fault.serve(handler, request, ctx) : handler.handle(request, ctx);
    if (fault?.dropConnection) {
      return { kind: 'drop', reason: `fault rule ${fault.ruleId}: drop ${fault.dropConnection} ${handler.api.name}`, after: Promise.resolve(result).then(done) };
    }
    if (result === NO_RESPONSE) {
      done();
      return { kind: 'none' };
    }
    if (result instanceof Promise) {
      return {
        kind: 'respond',
        response: result.then((r) => {
          done();
          return encode(r);
        }),
      };
    }
    done();
    return { kind: 'respond', response: encode(result)! };
  }

  /**
   * ApiVersions at a version we do not speak: answer error 35 in the v0 layout (header v0)
   * listing, as Kafka does, only ApiVersions' own range, so the client can retry with a
   * version we both know.
   */
  private unsupportedApiVersions(correlationId: number): Buffer[] {
    const self = this.byKey.get(API_VERSIONS_KEY)!;
    const w = new Writer(32);
    w.int32(0);
    writeResponseHeader(w, correlationId, false);
    w.int16(ErrorCode.UNSUPPORTED_VERSION).int32(1).int16(API_VERSIONS_KEY).int16(self.minVersion).int16(self.maxVersion);
    const buf = w.toBuffer();
    buf.writeInt32BE(buf.length - 4, 0);
    return [buf];
  }
}
