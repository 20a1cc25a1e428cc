/**
 * One client connection: splits the byte stream into frames, rejects absurd sizes before
 * allocating, hands each request to the processor at once (requests are pipelined), and writes
 * responses strictly in request order, so a long-polling Fetch holds back what follows it.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { DecodeError } from '../../wire/io';
import { RequestProcessor } from './RequestProcessor';

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
  readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly processor: RequestProcessor,
    private readonly maxRequestBytes: number,
    private readonly logger: Logger,
  ) {
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.logger.debug({ peer: this.peer, err: err.message }, 'socket error'));
    socket.on('close', () => {
      this.closed = true;
    });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.debug({ peer: this.peer, reason }, 'closing connection');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.closed && !this.dropping && this.buffered >= 4) {
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
      this.failRequest(err);
      return;
    }
    if (outcome.kind === 'close') {
      this.logger.info({ peer: this.peer, reason: outcome.reason }, 'closing connection, as Kafka does');
      this.close(outcome.reason);
      return;
    }
    if (outcome.kind === 'none') return;
    if (outcome.kind === 'drop') {
      this.dropping = true;
      const slot: Slot = { chunks: null, ready: false, drop: outcome.reason };
      this.inFlight.push(slot);
      outcome.after.then(
        () => {
          slot.ready = true;
          this.writeReady();
        },
        (err) => this.failRequest(err),
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
      (err) => this.failRequest(err),
    );
  }

  /** A request that cannot be decoded or whose handler failed: Kafka closes the connection. */
  private failRequest(err: unknown): void {
    if (err instanceof DecodeError || err instanceof RangeError) {
      this.logger.info({ peer: this.peer, err: err.message }, 'malformed request; closing the connection');
    } else {
      this.logger.error({ peer: this.peer, err }, 'request failed; closing the connection');
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
