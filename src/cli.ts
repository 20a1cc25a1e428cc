/** The `minikafka` command line. bin/minikafka only loads this file. */
import yargs from 'yargs';
import { Broker } from './broker';
import { groupsCommand } from './cli/groups';
import { transactionsCommand } from './cli/transactions';
import { DEFAULT_CONFIG } from './config';

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
          .option('flush-on-ack', { type: 'boolean', default: DEFAULT_CONFIG.log.flushOnAppend, describe: 'fsync each append before acknowledging it' })
          .option('group-initial-rebalance-delay-ms', {
            type: 'number',
            default: DEFAULT_CONFIG.groups.initialRebalanceDelayMs,
            describe: 'How long the first rebalance of an empty group waits for more members',
          })
          .check((args) => {
            if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port must be 0..65535, got ${args.port}`);
            if (!Number.isInteger(args['num-partitions']) || args['num-partitions'] < 1) throw new Error('--num-partitions must be a whole number of at least 1');
            if (!Number.isInteger(args['node-id']) || args['node-id'] < 0) throw new Error('--node-id must be a whole number of at least 0');
            const delay = args['group-initial-rebalance-delay-ms'];
            if (!Number.isInteger(delay) || delay < 0) throw new Error('--group-initial-rebalance-delay-ms must be a whole number of at least 0');
            return true;
          }),
      async (args) => {
        const broker = await Broker.start({
          host: args.host,
          port: args.port,
          advertisedHost: args['advertised-host'],
          dataDir: args['data-dir'],
          logLevel: args['log-level'],
          numPartitions: args['num-partitions'],
          autoCreateTopics: args['auto-create-topics'],
          nodeId: args['node-id'],
          log: { ...DEFAULT_CONFIG.log, flushOnAppend: args['flush-on-ack'] },
          groups: { ...DEFAULT_CONFIG.groups, initialRebalanceDelayMs: args['group-initial-rebalance-delay-ms'] },
        }).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') {
            process.stderr.write(`minikafka: ${args.host}:${args.port} is already in use; stop what is listening there or pass --port.\n`);
          } else {
            process.stderr.write(`minikafka: could not start: ${err.message}\n`);
          }
          process.exit(1);
        });
        stopOnSignals(broker);
      },
    )
    .command(groupsCommand)
    .command(transactionsCommand)
    .demandCommand(1, 'Name a command: start, groups or transactions')
    .strict()
    .fail((message, err) => usageError(message ?? err?.message ?? 'invalid arguments'))
    .help()
    .parseAsync();
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
