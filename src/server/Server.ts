/** The TCP listener: accepts connections; on stop, closes them (draining them when the broker stops). */
import * as net from 'node:net';
import type { Logger } from 'pino';
import { Connection } from './Connection';
import { ConnectionQuotas, MAX_WAITING_CONNECTIONS, clientAddress } from './ConnectionQuotas';
import type { Metrics } from '../metrics/Metrics';
import { RequestProcessor } from './RequestProcessor';
import type { ListenerSecurity } from '../security/ListenerSecurity';

/**
 * How long a stopping broker waits for answers still in flight. Long polls end at once on stop;
 * this bounds the rest (e.g. a JoinGroup, answered only when the group coordinator closes).
 */
const DRAIN_TIMEOUT_MS = 2000;

export class Server {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private readonly quotas: ConnectionQuotas;
  /** Accepted above max.connections: paused, unanswered, until a slot frees (Kafka's blocked acceptor). */
  private readonly waiting: { socket: net.Socket; ip: string }[] = [];

  constructor(
    private readonly processor: RequestProcessor,
    private readonly maxRequestBytes: number,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    /** TLS and SASL of this listener; none: PLAINTEXT. */
    private readonly security?: ListenerSecurity,
  ) {
    this.quotas = new ConnectionQuotas(processor.connectionLimits, logger);
    // TLS: a socket is accepted once its handshake is done.
    this.server = security ? security.createServer((socket) => this.accept(socket)) : net.createServer((socket) => this.accept(socket));
  }

  private accept(socket: net.Socket): void {
    const ip = clientAddress(socket.remoteAddress);
    const admission = this.quotas.admit(ip);
    if (admission === 'ip-limit') {
      socket.destroy(); // Kafka closes it at once (TooManyConnectionsException)
    } else if (admission === 'wait') {
      this.wait(socket, ip);
    } else {
      this.open(socket, ip);
    }
  }

  private open(socket: net.Socket, ip: string): void {
    const frames = this.security?.frameProcessor(socket, this.processor) ?? this.processor;
    const conn = new Connection(socket, frames, this.maxRequestBytes, this.logger);
    conn.closeWhenIdle(this.processor.connectionLimits.idleMs);
    socket.resume(); // a socket that waited for a slot was paused
    this.connections.add(conn);
    this.metrics.connectionOpened();
    socket.on('close', () => {
      this.connections.delete(conn);
      this.metrics.connectionClosed();
      this.quotas.release(ip);
      this.admitWaiting();
    });
  }

  private wait(socket: net.Socket, ip: string): void {
    if (this.waiting.length >= MAX_WAITING_CONNECTIONS) {
      this.quotas.noteWaitingFull(ip);
      socket.destroy();
      return;
    }
    socket.pause();
    socket.on('error', () => {}); // a waiting client that resets: its 'close' removes it
    const entry = { socket, ip };
    this.waiting.push(entry);
    this.quotas.noteWaiting(ip, this.waiting.length);
    socket.once('close', () => {
      const i = this.waiting.indexOf(entry);
      if (i >= 0) this.waiting.splice(i, 1);
    });
  }

  /** A connection closed: let waiting ones in, oldest first, while there is room. */
  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.quotas.slotAvailable) {
      const { socket } = this.waiting.shift()!;
      if (!socket.destroyed) this.accept(socket);
    }
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as net.AddressInfo;
        resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  /**
   * Stop accepting, then close every open connection. When the whole broker is stopping, each
   * connection first answers the requests it has in flight (a graceful SIGTERM); a single node
   * going down (stopNode) drops them, as a crashed node would.
   */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const { socket } of this.waiting.splice(0)) socket.destroy();
    if (this.processor.brokerStopping) {
      await Promise.all([...this.connections].map((conn) => conn.drain(DRAIN_TIMEOUT_MS)));
    } else {
      for (const conn of this.connections) conn.close('node stopping');
    }
    await closed;
  }
}
