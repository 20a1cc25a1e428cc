/**
 * One node's listeners: the main one (the node's host and port) and any more (e.g. SASL_SSL on
 * another port), each its own server and request processor over the shared broker state.
 * Stopping closes every port and connection, as a broker going down would; starting again
 * listens on the same ports.
 */
import type { Logger } from 'pino';
import type { BrokerState } from '../handlers/types';
import type { ListenerSecurity } from '../security/ListenerSecurity';
import { RequestProcessor } from '../server/RequestProcessor';
import { Server } from '../server/Server';
import type { ClusterNode } from './ClusterView';
import { listenerState } from './listenerView';

/** A listener beyond the main one, shared by every node. */
export interface ExtraListener {
  /** The listener's name (its security protocol), for logs. */
  readonly name: string;
  readonly security: ListenerSecurity;
  /** The address listened on. */
  readonly host: string;
  /** The host clients are told to connect to on this listener. */
  readonly advertisedHost: string;
  /** Node id → the port each node listens on (filled as they bind): what this listener's clients are told. */
  readonly ports: Map<number, number>;
}

export class NodeListener {
  private servers: Server[] = [];
  /** The address actually listened on (set once started). */
  boundHost = '';

  constructor(
    readonly node: ClusterNode,
    private readonly state: BrokerState,
    private readonly logger: Logger,
    /** Security of the main listener; none: PLAINTEXT. */
    private readonly security?: ListenerSecurity,
    /** More listeners, with this node's port on each (0 picks a free one). */
    private readonly extras: readonly { listener: ExtraListener; port: number }[] = [],
  ) {}

  get listening(): boolean {
    return this.servers.length > 0;
  }

  /** Listen on host:port (0 picks a free port) and on every extra listener; ports become the ones bound. */
  async start(host: string, port: number): Promise<void> {
    if (this.listening) return;
    const { state, node } = this;
    const maxBytes = state.config.socketRequestMaxBytes;
    const started: Server[] = [];
    try {
      const main = new Server(new RequestProcessor(state, this.logger, node.nodeId), maxBytes, this.logger, state.metrics, this.security);
      const bound = await main.listen(host, port);
      started.push(main);
      this.boundHost = bound.host;
      node.port = bound.port;
      for (const extra of this.extras) {
        const { listener } = extra;
        const view = listenerState(state, (nodeId) => {
          const p = listener.ports.get(nodeId);
          return p === undefined ? undefined : { host: listener.advertisedHost, port: p };
        });
        const server = new Server(new RequestProcessor(view, this.logger, node.nodeId), maxBytes, this.logger, state.metrics, listener.security);
        const b = await server.listen(listener.host, listener.ports.get(node.nodeId) ?? extra.port);
        started.push(server);
        listener.ports.set(node.nodeId, b.port);
      }
    } catch (err) {
      for (const s of started) await s.close();
      throw err;
    }
    this.servers = started;
  }

  /** `host:port` clients are told for this node on extra listener `index`. */
  extraAddress(index: number): string {
    const { listener } = this.extras[index];
    return `${listener.advertisedHost}:${listener.ports.get(this.node.nodeId)}`;
  }

  /** Stop accepting and close every connection to this node. */
  async stop(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    for (const s of servers) await s.close();
  }
}
