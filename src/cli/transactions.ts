/**
 * `minikafka transactions`: the transaction coordinator's transactional ids, like
 * `kafka-transactions.sh list` and `describe`, plus the producer state of the partitions in open
 * transactions (`describe-producers`), over the Kafka protocol: ListTransactions (unless
 * --transactional-id), DescribeTransactions for state, producer, timeout, start time and
 * partitions, DescribeProducers for every partition of an open transaction (__consumer_offsets
 * is left out: it is not a real topic on minikafka).
 */
import type { Argv, CommandModule } from 'yargs';
import { DescribeProducers, DescribeProducersResponse } from '../../wire/apis/DescribeProducers';
import { DescribeTransactions, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { ListTransactions, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { ErrorCode } from '../../wire/errors';
import { KafkaClient } from '../client/KafkaClient';

const OFFSETS_TOPIC = '__consumer_offsets';
const OPEN_STATES = ['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence'];

export interface TransactionReport {
  transactionalId: string;
  state: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  /** −1 when no transaction was ever started. */
  startTimeMs: number;
  /** How long the open transaction has run; null when none is open. */
  ageMs: number | null;
  /** `topic-partition`, sorted. */
  partitions: string[];
}

export interface ProducerReport {
  topic: string;
  partition: number;
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: number;
  /** −1 when the producer has no open transaction in this partition. */
  currentTxnStartOffset: number;
  /** The transactional id whose producer this is, when one listed here. */
  transactionalId: string | null;
}

export interface TransactionsOverview {
  transactions: TransactionReport[];
  /** Producers of the partitions in open transactions; null when the broker lacks DescribeProducers. */
  producers: ProducerReport[] | null;
}

export interface OverviewOptions {
  transactionalId?: string;
  states?: string[];
  now?: number;
}

export async function describeTransactions(client: KafkaClient, options: OverviewOptions = {}): Promise<TransactionsOverview> {
  const ids = options.transactionalId !== undefined ? [options.transactionalId] : await listTransactionalIds(client, options.states ?? []);
  if (ids.length === 0) return { transactions: [], producers: [] };
  const described: DescribeTransactionsResponse = await client.request(DescribeTransactions, client.version(DescribeTransactions), { transactionalIds: ids });
  const now = options.now ?? Date.now();
  const transactions: TransactionReport[] = [];
  for (const t of described.transactionStates) {
    if (t.errorCode !== ErrorCode.NONE) {
      throw new Error(`DescribeTransactions for "${t.transactionalId}" failed with error ${ErrorCode[t.errorCode] ?? t.errorCode}`);
    }
    const open = OPEN_STATES.includes(t.transactionState);
    transactions.push({
      transactionalId: t.transactionalId,
      state: t.transactionState,
      producerId: t.producerId,
      producerEpoch: t.producerEpoch,
      timeoutMs: t.transactionTimeoutMs,
      startTimeMs: t.transactionStartTimeMs,
      ageMs: open && t.transactionStartTimeMs >= 0 ? Math.max(0, now - t.transactionStartTimeMs) : null,
      partitions: t.topics.flatMap((tp) => tp.partitions.map((p) => `${tp.topic}-${p}`)).sort(),
    });
  }
  transactions.sort((a, b) => (a.transactionalId < b.transactionalId ? -1 : a.transactionalId > b.transactionalId ? 1 : 0));

  // The partitions of open transactions, for DescribeProducers.
  const wanted = new Map<string, Set<number>>();
  for (const t of described.transactionStates) {
    if (!OPEN_STATES.includes(t.transactionState)) continue;
    for (const tp of t.topics) {
      if (tp.topic === OFFSETS_TOPIC) continue;
      const set = wanted.get(tp.topic) ?? new Set<number>();
      tp.partitions.forEach((p) => set.add(p));
      wanted.set(tp.topic, set);
    }
  }
  return { transactions, producers: await describeProducers(client, wanted, transactions) };
}

async function listTransactionalIds(client: KafkaClient, states: string[]): Promise<string[]> {
  const res: ListTransactionsResponse = await client.request(ListTransactions, client.version(ListTransactions), {
    stateFilters: states,
    producerIdFilters: [],
    durationFilter: -1,
  });
  if (res.errorCode !== ErrorCode.NONE) throw new Error(`ListTransactions failed with error ${ErrorCode[res.errorCode] ?? res.errorCode}`);
  if (res.unknownStateFilters.length > 0) throw new Error(`unknown transaction state: ${res.unknownStateFilters.join(', ')}`);
  return res.transactionStates.map((t) => t.transactionalId).sort();
}

async function describeProducers(client: KafkaClient, wanted: Map<string, Set<number>>, transactions: TransactionReport[]): Promise<ProducerReport[] | null> {
  if (wanted.size === 0) return [];
  let version: number;
  try {
    version = client.version(DescribeProducers);
  } catch {
    return null;
  }
  const res: DescribeProducersResponse = await client.request(DescribeProducers, version, {
    topics: [...wanted].map(([name, partitions]) => ({ name, partitionIndexes: [...partitions].sort((a, b) => a - b) })),
  });
  const owner = new Map(transactions.map((t) => [t.producerId, t.transactionalId]));
  const producers: ProducerReport[] = [];
  for (const t of res.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== ErrorCode.NONE) continue;
      for (const a of p.activeProducers) {
        producers.push({
          topic: t.name,
          partition: p.partitionIndex,
          producerId: a.producerId,
          producerEpoch: a.producerEpoch,
          lastSequence: a.lastSequence,
          lastTimestamp: a.lastTimestamp,
          currentTxnStartOffset: a.currentTxnStartOffset,
          transactionalId: owner.get(a.producerId) ?? null,
        });
      }
    }
  }
  producers.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition || a.producerId - b.producerId));
  return producers;
}

const TXN_COLUMNS = ['TRANSACTIONAL-ID', 'STATE', 'PRODUCER-ID', 'EPOCH', 'TIMEOUT-MS', 'AGE-MS', 'PARTITIONS'];
const PRODUCER_COLUMNS = ['TOPIC', 'PARTITION', 'PRODUCER-ID', 'EPOCH', 'LAST-SEQUENCE', 'TXN-START-OFFSET', 'TRANSACTIONAL-ID'];

function table(columns: string[], rows: string[][]): string {
  const all = [columns, ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** The kafka-transactions.sh style tables; '-' where there is nothing to show. */
export function formatOverview(overview: TransactionsOverview): string {
  const show = (v: string | number | null) => (v === null || v === '' ? '-' : String(v));
  let out = table(
    TXN_COLUMNS,
    overview.transactions.map((t) => [
      t.transactionalId,
      t.state,
      show(t.producerId),
      show(t.producerEpoch),
      show(t.timeoutMs),
      show(t.ageMs),
      t.partitions.length > 0 ? t.partitions.join(',') : '-',
    ]),
  );
  if (overview.producers === null) {
    out += '\n(the broker does not support DescribeProducers)\n';
  } else if (overview.producers.length > 0) {
    out +=
      '\n' +
      table(
        PRODUCER_COLUMNS,
        overview.producers.map((p) => [
          p.topic,
          show(p.partition),
          show(p.producerId),
          show(p.producerEpoch),
          show(p.lastSequence),
          p.currentTxnStartOffset >= 0 ? String(p.currentTxnStartOffset) : '-',
          show(p.transactionalId),
        ]),
      );
  }
  return out;
}

interface TransactionsArgs {
  'bootstrap-server': string;
  'transactional-id'?: string;
  state?: string[];
  json: boolean;
}

export const transactionsCommand: CommandModule<object, TransactionsArgs> = {
  command: 'transactions',
  describe: 'Show transactional ids: state, producer, age and partitions of open transactions, and their producers',
  builder: (y: Argv) =>
    y
      .option('bootstrap-server', { type: 'string', default: '127.0.0.1:9092', describe: 'Broker to ask (host:port)' })
      .option('transactional-id', { type: 'string', describe: 'Only this transactional id' })
      .option('state', { type: 'string', array: true, describe: 'Only these states (e.g. Ongoing)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of tables' }) as Argv<TransactionsArgs>,
  handler: async (args) => {
    let client: KafkaClient | undefined;
    try {
      client = await KafkaClient.connect(args['bootstrap-server']);
      const overview = await describeTransactions(client, { transactionalId: args['transactional-id'], states: args.state });
      process.stdout.write(args.json ? JSON.stringify(overview, null, 2) + '\n' : formatOverview(overview));
    } catch (err) {
      process.stderr.write(`minikafka: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      client?.close();
    }
  },
};
