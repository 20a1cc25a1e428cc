/**
 * One client connection: splits the byte stream into frames, rejects absurd sizes before
 * allocating, hands each request to the processor at once (requests are pipelined, up to the
 * bound in backpressure.ts: then reading pauses until answers go out), and writes responses
 * strictly in request order, so a long-polling Fetch holds back what follows it.
 * On a graceful stop it drains: reads no more requests, answers those in flight, then closes.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { DecodeError } from '../../wire/io';
import type { FrameProcessor } from './SaslGate';
import { mustStopReading } from './backpressure';

interface Slot {
  /** null while a long poll is still running. */
  chunks: Buffer[] | null;
  /** true once the response is known (it may be that there is none to write). */
  ready: boolean;
  /** Fault injection: close the connection here instead of answering (the reason). */
  drop?: string;
}

export class Connection {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private readonly inFlight: Slot[] = [];
  private closed = false;
  /** A fault rule drops the connection at an earlier request's turn: read no further requests. */
  private dropping = false;
  /** Set by drain(): no new requests; called once the last answer in flight is written. */
  private drained: (() => void) | null = null;
  /** Reading paused by backpressure (see backpressure.ts); resumed as answers go out. */
  private muted = false;
  readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly processor: FrameProcessor,
    private readonly maxRequestBytes: number,
    private readonly logger: Logger,
  ) {
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.unmute());
    socket.on('error', (err) => this.logger.debug({ peer: this.peer, err: err.message }, 'socket error'));
    socket.on('close', () => {
      this.closed = true;
      this.drained?.();
    });
  }

  /**
   * Graceful close: read no more requests, write the answers of those in flight (long polls end
   * at once when the broker is stopping), then end the connection once they are flushed. After
   * timeoutMs whatever is still pending is dropped.
   */
  drain(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close('broker stopping; answers still pending'), timeoutMs);
      this.drained = () => {
        clearTimeout(timer);
        this.drained = null;
        resolve();
      };
      this.socket.pause();
      this.endIfDrained();
    });
  }

  /** While draining: once nothing is in flight, flush what is written and close. */
  private endIfDrained(): void {
    if (!this.drained || this.closed || this.inFlight.length > 0) return;
    this.closed = true;
    this.logger.debug({ peer: this.peer }, 'closing connection, broker stopping');
    this.socket.end(() => this.socket.destroy());
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.debug({ peer: this.peer, reason }, 'closing connection');
    this.socket.destroy();
  }

  /**
   * connections.max.idle.ms: close once nothing was read or written for idleMs, unless a request
   * is still waiting for its answer (a long poll, a JoinGroup). A client that stopped reading its
   * answers counts as idle: what it does not read is dropped with the connection.
   */
  closeWhenIdle(idleMs: number): void {
    if (idleMs < 0) return; // -1: never, as in Kafka
    // Node turns a timeout beyond 2^31-1 ms into 1 ms; such a wait is "never" in practice anyway.
    this.socket.setTimeout(Math.min(Math.max(idleMs, 1), 2147483647));
    this.socket.on('timeout', () => {
      if (this.inFlight.some((slot) => !slot.ready)) return; // the next write re-arms the timer
      this.logger.debug({ peer: this.peer, idleMs }, 'closing idle connection (connections.max.idle.ms)');
      this.close('idle');
    });
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.readFrames();
  }

  /** Resume reading paused by backpressure, if it may. */
  private unmute(): void {
    if (this.muted) this.readFrames();
  }

  private readFrames(): void {
    while (!this.closed && !this.dropping && !this.drained) {
      if (mustStopReading(this.inFlight.length, this.socket.writableLength)) {
        if (!this.muted) {
          this.muted = true;
          this.socket.pause();
        }
        return;
      }
      if (this.muted) {
        this.muted = false;
        this.socket.resume();
      }
      if (this.buffered < 4) return;
      const size = this.peekInt32();
      if (size < 0 || size > this.maxRequestBytes) {
        this.logger.warn(
          { peer: this.peer, size, max: this.maxRequestBytes },
          'request size is negative or above socket.request.max.bytes; closing the connection',
        );
        this.close('bad frame size');
        return;
      }
      if (this.buffered < 4 + size) return;
      this.take(4);
      this.onFrame(this.take(size));
    }
  }

  private onFrame(frame: Buffer): void {
    let outcome;
    try {
      outcome = this.processor.process(frame, this.peer);
    } catch (err) {
      this.failRequest(err, frame);
      return;
    }
    if (outcome.kind === 'close') {
      this.logger.info({ peer: this.peer, reason: outcome.reason }, 'closing connection, as Kafka does');
      this.close(outcome.reason);
      return;
    }
    if (outcome.kind === 'none') {
      this.endIfDrained();
      return;
    }
    if (outcome.kind === 'drop') {
      this.dropping = true;
      const slot: Slot = { chunks: null, ready: false, drop: outcome.reason };
      this.inFlight.push(slot);
      outcome.after.then(
        () => {
          slot.ready = true;
          this.writeReady();
        },
        (err) => this.failRequest(err, frame),
      );
      return;
    }
    const { response } = outcome;
    if (!(response instanceof Promise)) {
      this.inFlight.push({ chunks: response, ready: true });
      this.writeReady();
      return;
    }
    const slot: Slot = { chunks: null, ready: false };
    this.inFlight.push(slot);
    response.then(
      (chunks) => {
        slot.chunks = chunks;
        slot.ready = true;
        this.writeReady();
      },
      (err) => this.failRequest(err, frame),
    );
  }

  /**
   * A request that cannot be decoded or whose handler failed: the connection is closed (as Kafka
   * does for undecodable requests). Anything but a DecodeError is a broker bug on odd input,
   * logged with the API so it can be found.
   */
  private failRequest(err: unknown, frame: Buffer): void {
    if (err instanceof DecodeError) {
      this.logger.info({ peer: this.peer, err: err.message }, 'malformed request; closing the connection');
    } else {
      const api = frame.length >= 4 ? `${this.processor.apiName(frame.readInt16BE(0))} v${frame.readInt16BE(2)}` : 'unknown';
      this.logger.error({ peer: this.peer, api, err }, 'request failed; closing the connection');
    }
    this.close('request failed');
  }

  private writeReady(): void {
    if (this.closed) return;
    let corked = false;
    while (this.inFlight.length > 0 && this.inFlight[0].ready) {
      const { chunks, drop } = this.inFlight.shift()!;
      if (drop !== undefined) {
        if (corked) this.socket.uncork();
        this.drop(drop);
        return;
      }
      if (!chunks) continue;
      if (!corked) {
        this.socket.cork();
        corked = true;
      }
      for (const c of chunks) this.socket.write(c);
    }
    if (corked) this.socket.uncork();
    this.endIfDrained();
    this.unmute();
  }

  /** Close once what is already written has gone out: earlier responses arrive, this one never does. */
  private drop(reason: string): void {
    this.closed = true;
    this.logger.debug({ peer: this.peer, reason }, 'dropping the connection (fault injection)');
    this.socket.destroySoon();
  }

  private peekInt32(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(this.chunks, 4).readInt32BE(0);
  }

  /** Remove n buffered bytes; a slice of the first chunk when it holds them all (no copy). */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0); // a size-0 frame: chunks may be empty by now
    this.buffered -= n;
    const first = this.chunks[0];
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    return out;
  }
}
