/**
 * `minikafka faults`: add, list and remove fault rules on a running broker through its admin API
 * (the HTTP port, --http-port), so a client's error handling can be tried from a shell:
 *
 *   minikafka faults add --api Produce --error NOT_LEADER_OR_FOLLOWER --count 3 --topic orders
 *   minikafka faults list
 *   minikafka faults remove 1
 *   minikafka faults clear
 *
 * Rules are checked here first (the same checks as the broker's), so a bad flag exits 2 at once.
 */
import type { Argv, CommandModule } from 'yargs';
import type { FaultRule, FaultRuleInfo } from '../faults/rules';
import { FaultRuleError, validateRule } from '../faults/rules';
import { HANDLERS } from '../handlers';

const DEFAULT_ADMIN = 'http://127.0.0.1:9080';

interface AdminArgs {
  admin: string;
}

interface AddArgs extends AdminArgs {
  api: string;
  error?: string;
  count?: string;
  topic?: string;
  partition?: number;
  group?: string;
  'transactional-id'?: string;
  'node-id'?: number;
  'delay-ms'?: number;
  drop?: string;
  'throttle-ms'?: number;
  json: boolean;
}

/** A failure to report on stderr with this exit code (2: bad usage, 1: the broker said no or is unreachable). */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const addCommand: CommandModule<AdminArgs, AddArgs> = {
  command: 'add',
  describe: 'Add a rule: the next --count requests of --api get --error, a delay, a dropped connection or a throttle',
  builder: (y: Argv<AdminArgs>) =>
    y
      .option('api', { type: 'string', demandOption: true, describe: 'API to break, e.g. Produce, Fetch, Heartbeat, JoinGroup, Metadata' })
      .option('error', { type: 'string', describe: 'Answer with this Kafka error (name or code), e.g. NOT_LEADER_OR_FOLLOWER' })
      .option('count', { type: 'string', describe: 'How many matching requests (default 1; Infinity: until removed)' })
      .option('topic', { type: 'string', describe: 'Only requests naming this topic (only its entries get the error)' })
      .option('partition', { type: 'number', describe: 'Only this partition' })
      .option('group', { type: 'string', describe: 'Only requests for this consumer group' })
      .option('transactional-id', { type: 'string', describe: 'Only requests for this transactional id' })
      .option('node-id', { type: 'number', describe: 'Only requests received by this node' })
      .option('delay-ms', { type: 'number', describe: 'Hold the response back this long' })
      .option('drop', { type: 'string', choices: ['before', 'after'], describe: 'Close the connection instead of answering, before or after running the request' })
      .option('throttle-ms', { type: 'number', describe: 'Report this throttle time in the response' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the added rule as JSON' }),
  handler: (args) =>
    run(async () => {
      const rule = ruleFromFlags(args);
      const added = (await admin(args.admin, 'POST', '/api/faults', rule)) as { id: number; rule: FaultRuleInfo };
      process.stdout.write(args.json ? JSON.stringify(added.rule, null, 2) + '\n' : `Added fault rule ${added.id}: ${summary(added.rule)}\n`);
    }),
};

const listCommand: CommandModule<AdminArgs, AdminArgs & { json: boolean }> = {
  command: 'list',
  describe: 'Show the rules in force',
  builder: (y: Argv<AdminArgs>) => y.option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of a table' }),
  handler: (args) =>
    run(async () => {
      const rules = (await admin(args.admin, 'GET', '/api/faults')) as FaultRuleInfo[];
      process.stdout.write(args.json ? JSON.stringify(rules, null, 2) + '\n' : formatRules(rules));
    }),
};

const removeCommand: CommandModule<AdminArgs, AdminArgs & { id: number }> = {
  command: 'remove <id>',
  describe: 'Remove one rule',
  builder: (y: Argv<AdminArgs>) =>
    y.positional('id', { type: 'number', demandOption: true, describe: 'The rule id (from add or list)' }).check((args) => {
      if (!Number.isSafeInteger(args.id) || args.id < 1) throw new Error(`the rule id must be a whole number (from "minikafka faults list"), got ${args.id}`);
      return true;
    }),
  handler: (args) =>
    run(async () => {
      await admin(args.admin, 'DELETE', `/api/faults/${args.id}`);
      process.stdout.write(`Removed fault rule ${args.id}\n`);
    }),
};

const clearCommand: CommandModule<AdminArgs, AdminArgs> = {
  command: 'clear',
  describe: 'Remove every rule',
  handler: (args) =>
    run(async () => {
      const { removed } = (await admin(args.admin, 'DELETE', '/api/faults')) as { removed: number };
      process.stdout.write(`Removed ${removed} fault rule${removed === 1 ? '' : 's'}\n`);
    }),
};

export const faultsCommand: CommandModule<object, AdminArgs> = {
  command: 'faults',
  describe: 'Inject faults into a running broker (needs its --http-port): add, list, remove, clear',
  builder: (y: Argv) =>
    y
      .option('admin', {
        type: 'string',
        default: process.env.MINIKAFKA_ADMIN ?? DEFAULT_ADMIN,
        describe: 'The broker\'s HTTP address (its --http-port); default $MINIKAFKA_ADMIN or ' + DEFAULT_ADMIN,
      })
      .command(addCommand)
      .command(listCommand)
      .command(removeCommand)
      .command(clearCommand)
      .demandCommand(1, 'Name a faults command: add, list, remove or clear'),
  handler: () => {},
};

function ruleFromFlags(args: AddArgs): FaultRule {
  const given: Record<string, unknown> = {
    api: args.api,
    errorCode: args.error,
    count: args.count,
    topic: args.topic,
    partition: args.partition,
    group: args.group,
    transactionalId: args['transactional-id'],
    nodeId: args['node-id'],
    delayMs: args['delay-ms'],
    dropConnection: args.drop,
    throttleMs: args['throttle-ms'],
  };
  const rule = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as unknown as FaultRule;
  try {
    validateRule(rule, HANDLERS);
  } catch (err) {
    if (err instanceof FaultRuleError) throw new CommandError(flagNames(err.message), 2);
    throw err;
  }
  return rule;
}

/** The validator names rule fields (in quotes); on the command line they are flags. */
function flagNames(message: string): string {
  const flags: Record<string, string> = {
    errorCode: '--error',
    transactionalId: '--transactional-id',
    nodeId: '--node-id',
    delayMs: '--delay-ms',
    dropConnection: '--drop',
    throttleMs: '--throttle-ms',
  };
  return message.replace(/"(errorCode|transactionalId|nodeId|delayMs|dropConnection|throttleMs|count|topic|partition|group|api)"/g, (_m, f: string) => flags[f] ?? `--${f}`);
}

async function admin(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    throw new CommandError(`--admin must be the broker's HTTP address, such as ${DEFAULT_ADMIN}; got "${base}"`, 2);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new CommandError(`cannot reach the admin API at ${url.origin} (${reason}); start the broker with --http-port, or point --admin (or MINIKAFKA_ADMIN) at it`, 1);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandError(`${url.origin} answered ${res.status} without JSON; is --admin a minikafka HTTP port? ${text.slice(0, 200)}`, 1);
  }
  if (!res.ok) {
    const message = (parsed as { error?: string }).error ?? `HTTP ${res.status}`;
    throw new CommandError(message, res.status === 400 ? 2 : 1);
  }
  return parsed;
}

async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    const exitCode = err instanceof CommandError ? err.exitCode : 1;
    process.stderr.write(`minikafka: ${(err as Error).message}\n`);
    process.exitCode = exitCode;
  }
}

/** One line: what the rule applies to and what it does. */
export function summary(rule: FaultRuleInfo): string {
  return `${rule.api}${scopeText(rule)} → ${effectText(rule)}, ${countText(rule.count)}`;
}

function scopeText(rule: FaultRuleInfo): string {
  const parts = [
    rule.topic !== undefined ? `topic ${rule.topic}` : '',
    rule.partition !== undefined ? `partition ${rule.partition}` : '',
    rule.group !== undefined ? `group ${rule.group}` : '',
    rule.transactionalId !== undefined ? `transactional id ${rule.transactionalId}` : '',
    rule.nodeId !== undefined ? `node ${rule.nodeId}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function effectText(rule: FaultRuleInfo): string {
  return [
    rule.errorCode !== undefined ? `error ${rule.error ?? rule.errorCode}${rule.error ? ` (${rule.errorCode})` : ''}` : '',
    rule.delayMs !== undefined ? `delay ${rule.delayMs} ms` : '',
    rule.throttleMs !== undefined ? `throttle ${rule.throttleMs} ms` : '',
    rule.dropConnection !== undefined ? `drop connection ${rule.dropConnection} running` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function countText(count: number | string): string {
  return count === Infinity || count === 'Infinity' ? 'until removed' : `${count} time${count === 1 ? '' : 's'}`;
}

const COLUMNS = ['ID', 'API', 'MATCHES', 'EFFECT', 'REMAINING', 'FIRED'];

export function formatRules(rules: FaultRuleInfo[]): string {
  if (rules.length === 0) return 'No fault rules.\n';
  const rows = [COLUMNS, ...rules.map((r) => [String(r.id), r.api, scopeText(r).replace(/^ \((.*)\)$/, '$1') || 'all requests', effectText(r), String(r.remaining), String(r.fired)])];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
