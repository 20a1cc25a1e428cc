/** The TCP listener: accepts connections and closes them all on stop. */
import * as net from 'node:net';
import type { Logger } from 'pino';
import { Connection } from './Connection';
import type { Metrics } from '../metrics/Metrics';
import { RequestProcessor } from './RequestProcessor';

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

  /** Stop accepting, then close every open connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of this.connections) conn.close('broker stopping');
    await closed;
  }
}
