/** The composition root: config → storage, topics, handlers, server. */
import pino, { Logger } from 'pino';
import { BrokerConfig, DEFAULT_CONFIG, devDefaults, resolveConfig } from './config';
import { FaultInjector } from './faults/FaultInjector';
import { HANDLERS } from './handlers';
import type { BrokerState } from './handlers/types';
import { HttpServer } from './http/HttpServer';
import { registerRoutes } from './http/routes';
import { Metrics } from './metrics/Metrics';
import { RequestProcessor } from './server/RequestProcessor';
import { Server } from './server/Server';
import { BrokerStores, openStores } from './state';
import { createTopic } from './topics/createTopic';

export interface BrokerOptions extends Partial<BrokerConfig> {
  /** A logger to use instead of one built from logLevel. */
  logger?: Logger;
  /** Start from the dev preset (config.ts DEV_PRESET) instead of Kafka's defaults. */
  dev?: boolean;
}

export class Broker {
  private constructor(
    readonly config: BrokerConfig,
    readonly host: string,
    readonly port: number,
    private readonly server: Server,
    private readonly state: BrokerState,
    private readonly stores: BrokerStores,
    private readonly http: { url: string; server: HttpServer } | null,
    private readonly stopping: AbortController,
    private readonly logger: Logger,
  ) {}

  /** `host:port` strings for clients. */
  get brokers(): string[] {
    return [`${this.config.advertisedHost ?? this.host}:${this.port}`];
  }

  static async start(options: BrokerOptions = {}): Promise<Broker> {
    const { logger: givenLogger, dev, ...overrides } = options;
    const config = resolveConfig(overrides, dev ? devDefaults() : DEFAULT_CONFIG);
    const logger = givenLogger ?? pino({ level: config.logLevel });
    const stores = openStores(config, logger);

    const stopping = new AbortController();
    const advertised = { host: config.advertisedHost ?? config.host, port: config.port };
    const state: BrokerState = {
      config,
      topics: stores.topics,
      groups: stores.groups,
      offsets: stores.offsets,
      producerIds: stores.producerIds,
      transactions: stores.transactions,
      logger,
      clusterId: stores.clusterId,
      advertised,
      handlers: HANDLERS,
      shutdown: stopping.signal,
      metrics: new Metrics(),
      faults: new FaultInjector(logger),
    };
    const server = new Server(new RequestProcessor(state, logger), config.socketRequestMaxBytes, logger, state.metrics);
    let http: { url: string; server: HttpServer } | null = null;
    let bound;
    try {
      bound = await server.listen(config.host, config.port);
      if (config.httpPort !== undefined) http = await startHttp(state, config.host, config.httpPort);
    } catch (err) {
      await server.close();
      stores.close();
      throw err;
    }
    advertised.port = bound.port;
    logger.info(
      { host: bound.host, port: bound.port, advertised: `${advertised.host}:${advertised.port}`, dataDir: config.inMemory ? null : config.dataDir, clusterId: stores.clusterId },
      `minikafka listening on ${bound.host}:${bound.port}`,
    );
    return new Broker(config, bound.host, bound.port, server, state, stores, http, stopping, logger);
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

  /** Stop accepting, answer pending long polls, close connections, flush and close the logs. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.server.close();
    await this.http?.server.close();
    this.stores.close();
    this.logger.info('minikafka stopped');
  }
}

async function startHttp(state: BrokerState, host: string, port: number): Promise<{ url: string; server: HttpServer }> {
  const server = new HttpServer(state.logger);
  registerRoutes(server, state);
  const bound = await server.listen(host, port);
  const url = `http://${bound.host.includes(':') ? `[${bound.host}]` : bound.host}:${bound.port}/`;
  state.logger.info({ url }, `minikafka console on ${url}`);
  return { url, server };
}
