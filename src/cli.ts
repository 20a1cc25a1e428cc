/** The `minikafka` command line. bin/minikafka only loads this file. */
import yargs from 'yargs';
import { Broker } from './broker';
import { benchCommand } from './cli/bench';
import { faultsCommand } from './cli/faults';
import { groupsCommand } from './cli/groups';
import { topicsCommand } from './cli/topics';
import { transactionsCommand } from './cli/transactions';
import { loadBrokerProperties } from './brokerProperties';
import { BrokerConfig, DEFAULT_CONFIG, DEV_PRESET, devDefaults } from './config';
import { openConsole } from './console/open';
import { SASL_MECHANISMS, SECURITY_PROTOCOLS, SaslMechanismName, SecurityProtocol, parseListener } from './security/listeners';
import { loadUsersFile, parseUserFlag } from './security/users';

/** The console's port when --console is given without --http-port. */
const CONSOLE_PORT = 9080;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Bad usage: say what is wrong and how to get help, exit code 2. */
function usageError(message: string): never {
  process.stderr.write(`minikafka: ${message}\nRun "minikafka --help" for usage.\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('minikafka')
    .usage('$0 <command> [options]')
    .command(
      'start',
      'Start a broker that speaks the Kafka protocol',
      (y) =>
        y
          .option('host', { type: 'string', default: DEFAULT_CONFIG.host, describe: 'Address to listen on' })
          .option('port', { type: 'number', default: DEFAULT_CONFIG.port, describe: 'Port to listen on (0 picks a free port)' })
          .option('advertised-host', { type: 'string', describe: 'Host name given to clients in Metadata (default: --host)' })
          .option('data-dir', { type: 'string', default: DEFAULT_CONFIG.dataDir, describe: 'Where topics and logs are kept' })
          .option('log-level', { type: 'string', default: DEFAULT_CONFIG.logLevel, choices: LOG_LEVELS, describe: 'Log level' })
          .option('num-partitions', { type: 'number', default: DEFAULT_CONFIG.numPartitions, describe: 'Partitions of auto-created topics' })
          .option('auto-create-topics', { type: 'boolean', default: DEFAULT_CONFIG.autoCreateTopics, describe: 'Create unknown topics on first Metadata request' })
          .option('node-id', { type: 'number', default: DEFAULT_CONFIG.nodeId, describe: 'This broker\'s node id' })
          .option('brokers', {
            type: 'number',
            default: 1,
            describe: 'Run a cluster of this many brokers in one process, sharing --data-dir: node ids --node-id, --node-id+1, ..., ports --port, --port+1, ...',
          })
          .option('config', { type: 'string', describe: 'Kafka broker settings from a properties file (log.retention.ms=..., num.partitions=...); flags win over it' })
          .option('log-retention-ms', { type: 'number', describe: `Default retention.ms of topics (log.retention.ms; default ${DEFAULT_CONFIG.topicDefaults.retentionMs}, -1 keeps forever)` })
          .option('log-retention-bytes', { type: 'number', describe: 'Default retention.bytes of topics, per partition (log.retention.bytes; default -1, no limit)' })
          .option('log-segment-bytes', { type: 'number', describe: `Default segment.bytes of topics (log.segment.bytes; default ${DEFAULT_CONFIG.log.segmentBytes})` })
          .option('flush-on-ack', { type: 'boolean', default: DEFAULT_CONFIG.log.flushOnAppend, describe: 'fsync each append before acknowledging it' })
          .option('group-initial-rebalance-delay-ms', {
            type: 'number',
            describe: `How long the first rebalance of an empty group waits for more members (default ${DEFAULT_CONFIG.groups.initialRebalanceDelayMs}, 0 with --dev)`,
          })
          .option('dev', { type: 'boolean', default: false, describe: 'Test-friendly defaults: nothing waits (prints which settings it changes)' })
          .option('in-memory', { type: 'boolean', default: false, describe: 'Keep everything in memory; nothing is written to --data-dir' })
          .option('max-connections', { type: 'number', describe: 'Most client connections; more wait until one closes (max.connections; default no limit)' })
          .option('max-connections-per-ip', { type: 'number', describe: 'Most connections from one address; more are closed at once (max.connections.per.ip; default no limit)' })
          .option('connections-max-idle-ms', { type: 'number', describe: `Close connections idle this long (connections.max.idle.ms; default ${DEFAULT_CONFIG.connections.idleMs}, -1 never)` })
          .option('http-port', { type: 'number', describe: 'Serve the web console, /metrics and the admin API on this port (0 picks one)' })
          .option('console', { type: 'boolean', default: false, describe: `Serve the web console (on --http-port, default ${CONSOLE_PORT}) and open it in a browser` })
          .option('security-protocol', { type: 'string', default: 'PLAINTEXT', choices: SECURITY_PROTOCOLS, describe: 'Security protocol of the --host/--port listener' })
          .option('listener', { type: 'string', array: true, describe: 'Another listener, PROTOCOL://host:port (e.g. SASL_SSL://0.0.0.0:9094); repeatable' })
          .option('tls-cert', { type: 'string', describe: 'PEM certificate (chain) of SSL and SASL_SSL listeners' })
          .option('tls-key', { type: 'string', describe: 'PEM private key of --tls-cert' })
          .option('tls-ca', { type: 'string', describe: 'PEM CA certificates trusted for client certificates' })
          .option('tls-client-auth', { type: 'string', default: 'none', choices: ['required', 'requested', 'none'], describe: 'Client certificates on SSL listeners (ssl.client.auth)' })
          .option('sasl-users', { type: 'string', describe: 'SASL users: a file of name:password lines, or JSON {"name": "password"}' })
          .option('sasl-user', { type: 'string', array: true, describe: 'A SASL user, name:password; repeatable' })
          .option('sasl-mechanisms', { type: 'string', default: SASL_MECHANISMS.join(','), describe: 'SASL mechanisms enabled (sasl.enabled.mechanisms)' })
          .check((args) => {
            if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port must be 0..65535, got ${args.port}`);
            if (!Number.isInteger(args['num-partitions']) || args['num-partitions'] < 1) throw new Error('--num-partitions must be a whole number of at least 1');
            if (!Number.isInteger(args['node-id']) || args['node-id'] < 0) throw new Error('--node-id must be a whole number of at least 0');
            if (!Number.isInteger(args.brokers) || args.brokers < 1) throw new Error('--brokers must be a whole number of at least 1');
            if (args.port !== 0 && args.port + args.brokers - 1 > 65535) {
              throw new Error(`--brokers ${args.brokers} needs ports ${args.port}..${args.port + args.brokers - 1}; choose a lower --port`);
            }
            const delay = args['group-initial-rebalance-delay-ms'];
            if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) {
              throw new Error('--group-initial-rebalance-delay-ms must be a whole number of at least 0');
            }
            for (const [flag, min] of [['log-retention-ms', -1], ['log-retention-bytes', -1], ['log-segment-bytes', 14], ['max-connections', 0], ['max-connections-per-ip', 0], ['connections-max-idle-ms', -1]] as const) {
              const value = args[flag];
              if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new Error(`--${flag} must be a whole number of at least ${min}`);
            }
            for (const spec of args.listener ?? []) parseListener(spec);
            if ((args['tls-cert'] === undefined) !== (args['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together');
            for (const m of args['sasl-mechanisms'].split(',')) {
              if (!SASL_MECHANISMS.includes(m.trim() as SaslMechanismName)) throw new Error(`--sasl-mechanisms: unknown mechanism ${m} (one of ${SASL_MECHANISMS.join(', ')})`);
            }
            for (const u of args['sasl-user'] ?? []) parseUserFlag(u);
            const httpPort = args['http-port'];
            if (httpPort !== undefined && (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)) {
              throw new Error(`--http-port must be 0..65535, got ${httpPort}`);
            }
            return true;
          }),
      async (args) => {
        if (args.dev) reportDevPreset();
        const fromFile = args.config === undefined ? undefined : brokerPropertiesFile(args.config, args.dev);
        // With --config, a flag left at its default does not override the file.
        const pick = <T>(flag: string, value: T, fileValue: T | undefined): T => (fromFile && !flagGiven(argv, flag) ? fileValue! : value);
        const delay = args['group-initial-rebalance-delay-ms'];
        const retention = { retentionMs: args['log-retention-ms'], retentionBytes: args['log-retention-bytes'] };
        const broker = await Broker.start({
          ...fromFile,
          dev: args.dev,
          inMemory: args['in-memory'],
          httpPort: args['http-port'] ?? (args.console ? CONSOLE_PORT : undefined),
          host: args.host,
          port: args.port,
          advertisedHost: args['advertised-host'],
          dataDir: pick('data-dir', args['data-dir'], fromFile?.dataDir),
          logLevel: args['log-level'],
          numPartitions: pick('num-partitions', args['num-partitions'], fromFile?.numPartitions),
          autoCreateTopics: pick('auto-create-topics', args['auto-create-topics'], fromFile?.autoCreateTopics),
          nodeId: pick('node-id', args['node-id'], fromFile?.nodeId),
          nodes: args.brokers,
          log: {
            ...(fromFile?.log ?? DEFAULT_CONFIG.log),
            flushOnAppend: args['flush-on-ack'],
            ...(args['log-segment-bytes'] !== undefined && { segmentBytes: args['log-segment-bytes'] }),
          },
          topicDefaults: { ...fromFile?.topicDefaults, ...definedOnly(retention) } as BrokerConfig['topicDefaults'],
          groups: delay === undefined ? fromFile?.groups : ({ ...fromFile?.groups, initialRebalanceDelayMs: delay } as BrokerConfig['groups']),
          ...securityOptions(args),
          connections: {
            ...(fromFile?.connections ?? DEFAULT_CONFIG.connections),
            ...definedOnly({ maxConnections: args['max-connections'], maxConnectionsPerIp: args['max-connections-per-ip'], idleMs: args['connections-max-idle-ms'] }),
          },
        }).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') {
            const port = (err as { port?: number }).port ?? args.port; // with --brokers, maybe not the first
            process.stderr.write(`minikafka: ${args.host}:${port} is already in use; stop what is listening there or pass --port.\n`);
          } else {
            process.stderr.write(`minikafka: could not start: ${err.message}\n`);
          }
          process.exit(1);
        });
        if (args.console && broker.httpUrl) openConsole(broker.httpUrl);
        stopOnSignals(broker);
      },
    )
    .command(topicsCommand)
    .command(groupsCommand)
    .command(transactionsCommand)
    .command(faultsCommand)
    .command(benchCommand)
    .demandCommand(1, 'Name a command: start, topics, groups, transactions, faults or bench')
    .strict()
    .fail((message, err) => usageError(message ?? err?.message ?? 'invalid arguments'))
    .help()
    .parseAsync();
}

/** The listener, TLS and SASL flags as broker settings; a bad users file exits 2 (its error never quotes a password). */
function securityOptions(args: {
  'security-protocol': string;
  listener?: string[];
  'tls-cert'?: string;
  'tls-key'?: string;
  'tls-ca'?: string;
  'tls-client-auth': string;
  'sasl-users'?: string;
  'sasl-user'?: string[];
  'sasl-mechanisms': string;
}): Pick<BrokerConfig, 'securityProtocol' | 'listeners' | 'tls' | 'sasl'> {
  let users;
  try {
    users = [...(args['sasl-users'] === undefined ? [] : loadUsersFile(args['sasl-users'])), ...(args['sasl-user'] ?? []).map(parseUserFlag)];
  } catch (err) {
    usageError(`--sasl-users: ${(err as Error).message}`);
  }
  const certFile = args['tls-cert'];
  const keyFile = args['tls-key'];
  return {
    securityProtocol: args['security-protocol'] as SecurityProtocol,
    listeners: (args.listener ?? []).map(parseListener),
    tls:
      certFile !== undefined && keyFile !== undefined
        ? { certFile, keyFile, caFile: args['tls-ca'], clientAuth: args['tls-client-auth'] as 'required' | 'requested' | 'none' }
        : undefined,
    sasl: { mechanisms: args['sasl-mechanisms'].split(',').map((m) => m.trim() as SaslMechanismName), users },
  };
}

/** The --config file applied over the defaults (the dev preset with --dev); bad values exit 2. */
function brokerPropertiesFile(file: string, dev: boolean): BrokerConfig {
  let loaded: ReturnType<typeof loadBrokerProperties>;
  try {
    loaded = loadBrokerProperties(file, dev ? devDefaults() : DEFAULT_CONFIG);
  } catch (err) {
    usageError((err as Error).message);
  }
  if (loaded.unknown.length > 0) {
    process.stderr.write(`minikafka: ignoring settings minikafka does not know in ${file} (as Kafka ignores unknown ones): ${loaded.unknown.join(', ')}\n`);
  }
  return loaded.config;
}

/** Whether the command line names this flag itself (not just its default). */
function flagGiven(argv: string[], flag: string): boolean {
  return argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`) || a === `--no-${flag}`);
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function reportDevPreset(): void {
  const lines = DEV_PRESET.map((p) => `  ${p.setting}=${p.value} (Kafka's default: ${p.kafkaDefault})`);
  process.stderr.write(`minikafka: --dev preset:\n${lines.join('\n')}\n`);
}

function stopOnSignals(broker: Broker): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: give up waiting
    stopping = true;
    process.stderr.write(`minikafka: ${signal} received, shutting down\n`);
    broker.stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`minikafka: error while stopping: ${err}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
