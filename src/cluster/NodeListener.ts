/**
 * One node's listener: its own TCP server and request processor over the shared broker state.
 * Stopping it closes the port and every connection, as a broker going down would; starting it
 * again listens on the same port.
 */
import type { Logger } from 'pino';
import type { BrokerState } from '../handlers/types';
import { RequestProcessor } from '../server/RequestProcessor';
import { Server } from '../server/Server';
import type { ClusterNode } from './ClusterView';

export class NodeListener {
  private server: Server | null = null;
  /** The address actually listened on (set once started). */
  boundHost = '';

  constructor(
    readonly node: ClusterNode,
    private readonly state: BrokerState,
    private readonly logger: Logger,
  ) {}

  get listening(): boolean {
    return this.server !== null;
  }

  /** Listen on host:port (0 picks a free port); the node's port becomes the one bound. */
  async start(host: string, port: number): Promise<void> {
    if (this.server) return;
    const { state } = this;
    const server = new Server(new RequestProcessor(state, this.logger, this.node.nodeId), state.config.socketRequestMaxBytes, this.logger, state.metrics);
    const bound = await server.listen(host, port);
    this.server = server;
    this.boundHost = bound.host;
    this.node.port = bound.port;
  }

  /** Stop accepting and close every connection to this node. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await server.close();
  }
}
