/** The composition root: config → storage, topics, handlers, server. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino, { Logger } from 'pino';
import { loadOrCreateClusterId } from './clusterIdentity';
import { BrokerConfig, resolveConfig } from './config';
import { HANDLERS } from './handlers';
import type { BrokerState } from './handlers/types';
import { GroupCoordinator } from './groups/GroupCoordinator';
import { GroupProtocolTypes } from './groups/GroupProtocolTypes';
import { OffsetStore } from './groups/OffsetStore';
import { DiskStorage } from './log/DiskStorage';
import { ProducerIdManager } from './producers/ProducerIdManager';
import { TransactionCoordinator } from './transactions/TransactionCoordinator';
import { RequestProcessor } from './server/RequestProcessor';
import { Server } from './server/Server';
import { createTopic } from './topics/createTopic';
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
    private readonly state: BrokerState,
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
    const offsets = new OffsetStore(config.dataDir, logger, { flushOnWrite: config.log.flushOnAppend });
    offsets.load();
    const groups = new GroupCoordinator(config.groups, offsets, logger, new GroupProtocolTypes(path.join(config.dataDir, 'groups.json')));
    const producerIds = new ProducerIdManager(config.dataDir);
    producerIds.load();
    const transactions = new TransactionCoordinator({ config, topics, offsets, producerIds, logger });
    transactions.load();

    const stopping = new AbortController();
    const advertised = { host: config.advertisedHost ?? config.host, port: config.port };
    const state: BrokerState = {
      config,
      topics,
      groups,
      offsets,
      producerIds,
      transactions,
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
      transactions.close();
      groups.close();
      offsets.close();
      topics.close();
      throw err;
    }
    advertised.port = bound.port;
    logger.info(
      { host: bound.host, port: bound.port, advertised: `${advertised.host}:${advertised.port}`, dataDir: config.dataDir, clusterId },
      `minikafka listening on ${bound.host}:${bound.port}`,
    );
    return new Broker(config, bound.host, bound.port, server, state, stopping, logger);
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
    this.state.transactions.close();
    this.state.groups.close();
    this.state.offsets.close();
    this.state.topics.flush();
    this.state.topics.close();
    this.logger.info('minikafka stopped');
  }
}
