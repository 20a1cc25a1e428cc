/**
 * The composition root: config → storage, topics, handlers, and one listener per node. A plain
 * broker is a cluster of one node; with `nodes: N` the same process serves N nodes over one
 * shared state (a simulated cluster: see src/cluster/ClusterView.ts).
 */
import pino, { Logger } from 'pino';
import { ClusterNode, ClusterView } from './cluster/ClusterView';
import { ExtraListener, NodeListener } from './cluster/NodeListener';
import { BrokerConfig, DEFAULT_CONFIG, devDefaults, resolveConfig } from './config';
import { FaultInjector } from './faults/FaultInjector';
import { HANDLERS } from './handlers';
import { RetentionDeletion, RetentionManager } from './log/RetentionManager';
import { LogCleaner, PartitionCleaned } from './log/cleaner/LogCleaner';
import type { BrokerState } from './handlers/types';
import type { HttpServer } from './http/HttpServer';
import { Metrics } from './metrics/Metrics';
import { BrokerStores, openStores } from './state';
import type { MemoryVolume } from './storage/MemoryVolume';
import { createTopic } from './topics/createTopic';
import { forgetBelowLogStart } from './topics/logStartMoved';
import { setUpSecurity } from './security/setup';
import type { SecurityProtocol } from './security/listeners';

export interface BrokerOptions extends Partial<BrokerConfig> {
  /** A logger to use instead of one built from logLevel. */
  logger?: Logger;
  /** Start from the dev preset (config.ts DEV_PRESET) instead of Kafka's defaults. */
  dev?: boolean;
  /**
   * With inMemory: the MemoryVolume to keep everything in. Pass the same one to the next start
   * (after stop()) to find the data again, as a disk restart would; default a fresh, empty one.
   */
  memory?: MemoryVolume;
  /**
   * Broker nodes served by this process, default 1. Node ids count up from nodeId and ports from
   * port (with port 0 each node picks a free one). All nodes share one state and data dir.
   */
  nodes?: number;
}

/** A node as the embedding API reports it. */
export interface NodeInfo {
  readonly nodeId: number;
  /** The host clients are told to connect to. */
  readonly host: string;
  readonly port: number;
  readonly alive: boolean;
}

export class Broker {
  private constructor(
    readonly config: BrokerConfig,
    private readonly listeners: readonly NodeListener[],
    private readonly state: BrokerState,
    private readonly stores: BrokerStores,
    private readonly http: { url: string; server: HttpServer } | null,
    private readonly stopping: AbortController,
    private readonly logger: Logger,
    private readonly retention: RetentionManager,
    private readonly cleaner: LogCleaner,
  ) {}

  /** The address the (first) node listens on. */
  get host(): string {
    return this.listeners[0].boundHost;
  }

  /** The (first) node's port. */
  get port(): number {
    return this.listeners[0].node.port;
  }

  /** `host:port` of every running node: the bootstrap list for clients. */
  get brokers(): string[] {
    return this.listeners.filter((l) => l.node.alive).map((l) => `${this.config.advertisedHost ?? l.boundHost}:${l.node.port}`);
  }

  /**
   * `host:port` of every running node on the listener with this security protocol (the main
   * listener's or one given in `listeners`): the bootstrap list for its clients.
   */
  listenerBrokers(protocol: SecurityProtocol): string[] {
    if (protocol === this.config.securityProtocol) return this.brokers;
    const index = this.config.listeners.findIndex((l) => l.securityProtocol === protocol);
    if (index < 0) throw new Error(`minikafka: there is no ${protocol} listener`);
    return this.listeners.filter((l) => l.node.alive).map((l) => l.extraAddress(index));
  }

  /** Every node, running or stopped, by node id. */
  get nodes(): NodeInfo[] {
    return this.state.cluster.nodes.map(({ nodeId, host, port, alive }) => ({ nodeId, host, port, alive }));
  }

  /** Partition leaders and coordinators; moveLeader() and electPreferredLeaders() change them. */
  get cluster(): ClusterView {
    return this.state.cluster;
  }

  static async start(options: BrokerOptions = {}): Promise<Broker> {
    const { logger: givenLogger, dev, memory, nodes: nodeCount = 1, ...overrides } = options;
    const config = resolveConfig(overrides, dev ? devDefaults() : DEFAULT_CONFIG);
    checkNodeCount(nodeCount, config.port);
    const logger = givenLogger ?? pino({ level: config.logLevel });
    // Before the stores open: bad TLS files or SASL settings fail the start with nothing to undo.
    const security = setUpSecurity(config, HANDLERS, logger);
    const stores = openStores(config, logger, memory);

    const stopping = new AbortController();
    const host = config.advertisedHost ?? config.host;
    const nodes: ClusterNode[] = Array.from({ length: nodeCount }, (_, i) => ({
      nodeId: config.nodeId + i,
      host,
      port: config.port === 0 ? 0 : config.port + i,
      alive: true,
    }));
    const cluster = new ClusterView(nodes, stores.topics, logger);
    const state: BrokerState = {
      config,
      topics: stores.topics,
      groups: stores.groups,
      consumerGroups: stores.consumerGroups,
      shareGroups: stores.shareGroups,
      sharePartitions: stores.sharePartitions,
      groupConfigs: stores.groupConfigs,
      offsets: stores.offsets,
      producerIds: stores.producerIds,
      transactions: stores.transactions,
      logger,
      clusterId: stores.clusterId,
      cluster,
      handlers: HANDLERS,
      shutdown: stopping.signal,
      metrics: new Metrics(),
      faults: new FaultInjector(logger),
    };
    const extraPort = (port: number, i: number): number => (port === 0 ? 0 : port + i);
    const listeners = cluster.nodes.map(
      (node, i) => new NodeListener(node, state, logger, security.main, security.extras.map((e) => ({ listener: e.listener, port: extraPort(e.port, i) }))),
    );
    let http: { url: string; server: HttpServer } | null = null;
    try {
      for (const l of listeners) await l.start(config.host, l.node.port);
      if (config.httpPort !== undefined) http = await startHttp(state, config.host, config.httpPort);
    } catch (err) {
      for (const l of listeners) await l.stop();
      stores.close();
      throw err;
    }
    const retention = new RetentionManager(stores.topics, logger, (partition) => forgetBelowLogStart(partition, stores.transactions));
    retention.start(config.topicDefaults.retentionCheckIntervalMs);
    const cleaner = new LogCleaner(stores.topics, logger);
    cleaner.start(config.topicDefaults.cleanerBackoffMs);
    const first = listeners[0];
    const addresses = listeners.map((l) => `${l.boundHost}:${l.node.port}`).join(', ');
    logger.info(
      {
        host: first.boundHost,
        port: first.node.port,
        advertised: `${host}:${first.node.port}`,
        ...(nodeCount > 1 ? { nodes: nodes.map((n) => ({ nodeId: n.nodeId, port: n.port })) } : {}),
        dataDir: config.inMemory ? null : config.dataDir,
        clusterId: stores.clusterId,
        ...(security.main || security.extras.length > 0 ? { listeners: listenerSummary(config, addresses, security.extras.map((e) => e.listener)) } : {}),
      },
      nodeCount > 1 ? `minikafka: ${nodeCount} nodes listening on ${addresses}` : `minikafka listening on ${addresses}`,
    );
    return new Broker(config, listeners, state, stores, http, stopping, logger, retention, cleaner);
  }

  /** The console's URL (http://host:port/) when --http-port is set, else null. */
  get httpUrl(): string | null {
    return this.http ? this.http.url : null;
  }

  /** Fault injection rules for this broker (see src/faults). */
  get faults(): FaultInjector {
    return this.state.faults;
  }

  /**
   * Create a topic unless it exists (as CreateTopics would, with Kafka's checks); partitions
   * default to num.partitions. Throws with Kafka's reason when the topic cannot be created.
   */
  ensureTopic(name: string, partitions = this.config.numPartitions, configs: Record<string, string> = {}): void {
    if (this.state.topics.get(name)) return;
    const created = createTopic(this.state, name, partitions, configs);
    if ('errorCode' in created) throw new Error(`minikafka: cannot create topic '${name}': ${created.errorMessage}`);
  }

  /**
   * Take one node down as a broker shutdown would: its partitions get new leaders (epochs go up),
   * then its port closes with every connection to it. The other nodes keep serving.
   */
  async stopNode(nodeId: number): Promise<void> {
    const listener = this.listener(nodeId);
    if (!listener.listening) return;
    this.state.cluster.stopNode(nodeId);
    await listener.stop();
  }

  /** Bring a stopped node back on its port. It leads nothing until leaders move (see ClusterView). */
  async startNode(nodeId: number): Promise<void> {
    const listener = this.listener(nodeId);
    if (listener.listening) return;
    if (this.stopping.signal.aborted) throw new Error('minikafka: cannot start a node of a stopped broker');
    try {
      await listener.start(this.config.host, listener.node.port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(`minikafka: cannot start node ${nodeId}: port ${listener.node.port} is taken by another process`);
      }
      throw err;
    }
    this.state.cluster.startNode(nodeId);
  }

  /**
   * Apply retention.ms and retention.bytes to every partition now, as the background pass every
   * log.retention.check.interval.ms does; returns what was deleted.
   */
  runRetention(): RetentionDeletion[] {
    return this.retention.runOnce();
  }

  /**
   * Compact every partition of every cleanup.policy=compact topic now, as the background pass
   * every log.cleaner.backoff.ms does; returns what was cleaned.
   */
  runCleaner(): Promise<PartitionCleaned[]> {
    return this.cleaner.runOnce();
  }

  /** Stop accepting, answer pending long polls, close connections, flush and close the logs. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    this.retention.stop();
    this.cleaner.stop();
    // Pending JoinGroup / SyncGroup answer NOT_COORDINATOR now, not after the drain has waited
    // out its limit for them (consumer and share groups hold no waiting requests).
    this.state.groups.close();
    for (const l of this.listeners) await l.stop();
    await this.http?.server.close();
    this.stores.close();
    this.logger.info('minikafka stopped');
  }

  private listener(nodeId: number): NodeListener {
    const listener = this.listeners.find((l) => l.node.nodeId === nodeId);
    if (!listener) {
      const ids = this.listeners.map((l) => l.node.nodeId).join(', ');
      throw new Error(`minikafka: there is no node ${nodeId} in this cluster (its nodes are ${ids})`);
    }
    return listener;
  }
}

/** A node count that is a whole number, and ports that stay in range. */
function checkNodeCount(nodes: number, port: number): void {
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`minikafka: the number of nodes must be a whole number of at least 1, got ${nodes}`);
  if (port !== 0 && port + nodes - 1 > 65535) {
    throw new Error(`minikafka: ${nodes} nodes need ports ${port}..${port + nodes - 1}, beyond 65535; choose a lower port`);
  }
}

async function startHttp(state: BrokerState, host: string, port: number): Promise<{ url: string; server: HttpServer }> {
  // Loaded only when asked for: the console's modules would add to every broker's start time.
  const [{ HttpServer }, { registerRoutes }] = await Promise.all([import('./http/HttpServer'), import('./http/routes')]);
  const server = new HttpServer(state.logger);
  registerRoutes(server, state);
  const bound = await server.listen(host, port);
  const url = `http://${bound.host.includes(':') ? `[${bound.host}]` : bound.host}:${bound.port}/`;
  state.logger.info({ url }, `minikafka console on ${url}`);
  return { url, server };
}

/** Each listener's protocol and bound ports, for the start-up log line. */
function listenerSummary(config: BrokerConfig, mainAddresses: string, extras: readonly ExtraListener[]): Record<string, string> {
  const summary: Record<string, string> = { [config.securityProtocol]: mainAddresses };
  for (const l of extras) summary[l.name] = [...l.ports.values()].map((port) => `${l.host}:${port}`).join(', ');
  return summary;
}
