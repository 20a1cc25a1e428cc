/** The composition root: config → storage, topics, handlers, server. */
import * as fs from 'node:fs';
import pino, { Logger } from 'pino';
import { loadOrCreateClusterId } from './clusterIdentity';
import { BrokerConfig, resolveConfig } from './config';
import { HANDLERS } from './handlers';
import type { BrokerState } from './handlers/types';
import { DiskStorage } from './log/DiskStorage';
import { RequestProcessor } from './server/RequestProcessor';
import { Server } from './server/Server';
import { TopicRegistry } from './topics/TopicRegistry';

export interface BrokerOptions extends Partial<BrokerConfig> {
  /** A logger to use instead of one built from logLevel. */
  logger?: Logger;
}

export class Broker {
  private constructor(
    readonly config: BrokerConfig,
    readonly host: string,
    readonly port: number,
    private readonly server: Server,
    private readonly topics: TopicRegistry,
    private readonly stopping: AbortController,
    private readonly logger: Logger,
  ) {}

  /** `host:port` strings for clients. */
  get brokers(): string[] {
    return [`${this.config.advertisedHost ?? this.host}:${this.port}`];
  }

  static async start(options: BrokerOptions = {}): Promise<Broker> {
    const { logger: givenLogger, ...overrides } = options;
    const config = resolveConfig(overrides);
    const logger = givenLogger ?? pino({ level: config.logLevel });
    fs.mkdirSync(config.dataDir, { recursive: true });
    const clusterId = loadOrCreateClusterId(config.dataDir, config.nodeId);
    const topics = new TopicRegistry(config.dataDir, new DiskStorage(config.dataDir, logger), config.log);
    topics.load();

    const stopping = new AbortController();
    const advertised = { host: config.advertisedHost ?? config.host, port: config.port };
    const state: BrokerState = {
      config,
      topics,
      logger,
      clusterId,
      advertised,
      handlers: HANDLERS,
      shutdown: stopping.signal,
    };
    const server = new Server(new RequestProcessor(state, logger), config.socketRequestMaxBytes, logger);
    let bound;
    try {
      bound = await server.listen(config.host, config.port);
    } catch (err) {
      topics.close();
      throw err;
    }
    advertised.port = bound.port;
    logger.info(
      { host: bound.host, port: bound.port, advertised: `${advertised.host}:${advertised.port}`, dataDir: config.dataDir, clusterId },
      `minikafka listening on ${bound.host}:${bound.port}`,
    );
    return new Broker(config, bound.host, bound.port, server, topics, stopping, logger);
  }

  /** Stop accepting, answer pending long polls, close connections, flush and close the logs. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.server.close();
    this.topics.flush();
    this.topics.close();
    this.logger.info('minikafka stopped');
  }
}
