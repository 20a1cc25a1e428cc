/** The TCP listener: accepts connections; on stop, closes them (draining them when the broker stops). */
import * as net from 'node:net';
import type { Logger } from 'pino';
import { Connection } from './Connection';
import type { Metrics } from '../metrics/Metrics';
import { RequestProcessor } from './RequestProcessor';

/**
 * How long a stopping broker waits for answers still in flight. Long polls end at once on stop;
 * this bounds the rest (e.g. a JoinGroup, answered only when the group coordinator closes).
 */
const DRAIN_TIMEOUT_MS = 2000;

export class Server {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly processor: RequestProcessor,
    private readonly maxRequestBytes: number,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.server = net.createServer((socket) => {
      const conn = new Connection(socket, this.processor, this.maxRequestBytes, this.logger);
      this.connections.add(conn);
      this.metrics.connectionOpened();
      socket.on('close', () => {
        this.connections.delete(conn);
        this.metrics.connectionClosed();
      });
    });
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
    if (this.processor.brokerStopping) {
      await Promise.all([...this.connections].map((conn) => conn.drain(DRAIN_TIMEOUT_MS)));
    } else {
      for (const conn of this.connections) conn.close('node stopping');
    }
    await closed;
  }
}
