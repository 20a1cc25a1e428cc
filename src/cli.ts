/** The `minikafka` command line. bin/minikafka only loads this file. */
import yargs from 'yargs';
import { Broker } from './broker';
import { faultsCommand } from './cli/faults';
import { groupsCommand } from './cli/groups';
import { transactionsCommand } from './cli/transactions';
import { BrokerConfig, DEFAULT_CONFIG, DEV_PRESET } from './config';
import { openConsole } from './console/open';

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
          .option('flush-on-ack', { type: 'boolean', default: DEFAULT_CONFIG.log.flushOnAppend, describe: 'fsync each append before acknowledging it' })
          .option('group-initial-rebalance-delay-ms', {
            type: 'number',
            describe: `How long the first rebalance of an empty group waits for more members (default ${DEFAULT_CONFIG.groups.initialRebalanceDelayMs}, 0 with --dev)`,
          })
          .option('dev', { type: 'boolean', default: false, describe: 'Test-friendly defaults: nothing waits (prints which settings it changes)' })
          .option('in-memory', { type: 'boolean', default: false, describe: 'Keep everything in memory; nothing is written to --data-dir' })
          .option('http-port', { type: 'number', describe: 'Serve the web console, /metrics and the admin API on this port (0 picks one)' })
          .option('console', { type: 'boolean', default: false, describe: `Serve the web console (on --http-port, default ${CONSOLE_PORT}) and open it in a browser` })
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
            const httpPort = args['http-port'];
            if (httpPort !== undefined && (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)) {
              throw new Error(`--http-port must be 0..65535, got ${httpPort}`);
            }
            return true;
          }),
      async (args) => {
        if (args.dev) reportDevPreset();
        const delay = args['group-initial-rebalance-delay-ms'];
        const broker = await Broker.start({
          dev: args.dev,
          inMemory: args['in-memory'],
          httpPort: args['http-port'] ?? (args.console ? CONSOLE_PORT : undefined),
          host: args.host,
          port: args.port,
          advertisedHost: args['advertised-host'],
          dataDir: args['data-dir'],
          logLevel: args['log-level'],
          numPartitions: args['num-partitions'],
          autoCreateTopics: args['auto-create-topics'],
          nodeId: args['node-id'],
          nodes: args.brokers,
          log: { ...DEFAULT_CONFIG.log, flushOnAppend: args['flush-on-ack'] },
          groups: delay === undefined ? undefined : ({ initialRebalanceDelayMs: delay } as BrokerConfig['groups']),
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
    .command(groupsCommand)
    .command(transactionsCommand)
    .command(faultsCommand)
    .demandCommand(1, 'Name a command: start, groups, transactions or faults')
    .strict()
    .fail((message, err) => usageError(message ?? err?.message ?? 'invalid arguments'))
    .help()
    .parseAsync();
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
