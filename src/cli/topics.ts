/**
 * `minikafka topics`: list, describe, create, delete and alter topics over the Kafka protocol, like
 * `kafka-topics.sh` and `kafka-configs.sh`, so it works against any broker, minikafka or Kafka.
 * Metadata gives partitions, leaders and replicas; ListOffsets (−2/−1, asked of each partition's
 * leader) the log start and end; DescribeLogDirs the sizes and DescribeConfigs the configs, when
 * the broker has them (an old broker's describe shows what it can and says what is missing).
 * Changes go through CreateTopics, DeleteTopics, IncrementalAlterConfigs and CreatePartitions.
 */
import type { Argv, CommandModule } from 'yargs';
import { CreatePartitions, CreatePartitionsResponse } from '../../wire/apis/CreatePartitions';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { DeleteTopics, DeleteTopicsResponse } from '../../wire/apis/DeleteTopics';
import { DescribeConfigs, DescribeConfigsResponse } from '../../wire/apis/DescribeConfigs';
import { DescribeLogDirs, DescribeLogDirsResponse } from '../../wire/apis/DescribeLogDirs';
import { IncrementalAlterConfigs, IncrementalAlterConfigsResponse } from '../../wire/apis/IncrementalAlterConfigs';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { Metadata, MetadataResponse, MetadataResponseBroker } from '../../wire/apis/Metadata';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import type { ApiDefinition } from '../../wire/schema';
import { BrokerError, KafkaClient } from '../client/KafkaClient';

const TOPIC_RESOURCE = 2;
const SET = 0;
const DELETE = 1;
const EARLIEST = -2;
const LATEST = -1;
/** DescribeConfigs' ConfigSource values (v1+), under Kafka's names. */
const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
];
const TIMEOUT_MS = 30000;

const byName = (a: { name: string | null }, b: { name: string | null }) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0);

export interface TopicPartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  /** null when the leader could not say (an error, or it is unreachable). */
  logStartOffset: number | null;
  logEndOffset: number | null;
  /** Bytes on the leader's disk; null when the broker lacks DescribeLogDirs. */
  size: number | null;
}

export interface TopicConfigEntry {
  name: string;
  /** null for sensitive configs. */
  value: string | null;
  /** Kafka's ConfigSource name: DYNAMIC_TOPIC_CONFIG (set on the topic), STATIC_BROKER_CONFIG, DEFAULT_CONFIG, ... */
  source: string;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicDescription {
  name: string;
  topicId: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  partitions: TopicPartitionInfo[];
  /** Non-default configs (all with --all-configs); null when the broker lacks DescribeConfigs. */
  configs: TopicConfigEntry[] | null;
}

/**
 * The bootstrap connection, and connections to the other brokers opened when a partition's leader
 * is elsewhere (ListOffsets and DescribeLogDirs must ask the leader).
 */
export class Connections {
  private readonly others = new Map<number, Promise<KafkaClient>>();

  private constructor(readonly bootstrap: KafkaClient) {}

  static async open(address: string): Promise<Connections> {
    return new Connections(await KafkaClient.connect(address));
  }

  /** The client for a broker named in Metadata (the bootstrap one when it is that broker). */
  to(broker: MetadataResponseBroker): Promise<KafkaClient> {
    const address = `${broker.host}:${broker.port}`;
    if (address === this.bootstrap.address) return Promise.resolve(this.bootstrap);
    let client = this.others.get(broker.nodeId);
    if (!client) this.others.set(broker.nodeId, (client = KafkaClient.connect(address)));
    return client;
  }

  close(): void {
    this.bootstrap.close();
    for (const c of this.others.values()) c.then((client) => client.close(), () => {});
  }
}

/** A clear error for a broker that predates an API (the Kafka release that added it is named). */
function requireApi(client: KafkaClient, api: ApiDefinition, purpose: string, since: string): number {
  if (!client.supports(api)) {
    throw new Error(`${client.address} does not support ${api.name} (Kafka ${since}+), which is needed to ${purpose}`);
  }
  return client.version(api);
}

async function metadata(client: KafkaClient, topics: string[] | null): Promise<MetadataResponse> {
  // v4+: never auto-create the topics asked about.
  return client.request<MetadataResponse>(Metadata, client.version(Metadata, 4, 12), {
    topics: topics === null ? null : topics.map((name) => ({ name, topicId: ZERO_UUID })),
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
}

/** Every topic's name, sorted (internal ones too, as kafka-topics.sh --list). */
export async function listTopics(client: KafkaClient): Promise<{ name: string; internal: boolean; partitions: number }[]> {
  const res = await metadata(client, null);
  return res.topics
    .filter((t) => t.errorCode === ErrorCode.NONE && t.name !== null)
    .map((t) => ({ name: t.name!, internal: t.isInternal, partitions: t.partitions.length }))
    .sort(byName);
}

/** One topic (or all of them) with partitions, offsets, sizes and configs. */
export async function describeTopics(conns: Connections, only: string | undefined, allConfigs: boolean): Promise<TopicDescription[]> {
  const client = conns.bootstrap;
  const res = await metadata(client, only === undefined ? null : [only]);
  const topics = res.topics.filter((t) => t.name !== null).sort(byName);
  for (const t of topics) {
    if (t.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new BrokerError(t.errorCode, `Topic '${t.name}' does not exist.`);
    if (t.errorCode !== ErrorCode.NONE) throw new BrokerError(t.errorCode, null);
  }
  const descriptions: TopicDescription[] = topics.map((t) => {
    const partitions = [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex);
    return {
      name: t.name!,
      topicId: t.topicId,
      internal: t.isInternal,
      partitionCount: partitions.length,
      replicationFactor: partitions[0]?.replicaNodes.length ?? 0,
      partitions: partitions.map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        logStartOffset: null,
        logEndOffset: null,
        size: null,
      })),
      configs: null,
    };
  });
  await Promise.all([fillOffsetsAndSizes(conns, res.brokers, descriptions), fillConfigs(client, descriptions, allConfigs)]);
  return descriptions;
}

/** Asks each leader for its partitions' log start and end offsets and, if it can, their sizes. */
async function fillOffsetsAndSizes(conns: Connections, brokers: MetadataResponseBroker[], topics: TopicDescription[]): Promise<void> {
  const byLeader = new Map<number, Map<string, TopicPartitionInfo[]>>();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.leader < 0) continue;
      const mine = byLeader.get(p.leader) ?? new Map<string, TopicPartitionInfo[]>();
      mine.set(t.name, [...(mine.get(t.name) ?? []), p]);
      byLeader.set(p.leader, mine);
    }
  }
  await Promise.all(
    [...byLeader].map(async ([leader, partitions]) => {
      const broker = brokers.find((b) => b.nodeId === leader);
      // A leader we cannot reach leaves its partitions' offsets and sizes unknown ('-'), not the whole describe.
      const client = broker && (await conns.to(broker).catch(() => undefined));
      if (!client) return;
      const [start, end] = await Promise.all([offsets(client, partitions, EARLIEST), offsets(client, partitions, LATEST)]);
      for (const [topic, list] of partitions) {
        for (const p of list) {
          p.logStartOffset = start.get(`${topic}\u0000${p.partition}`) ?? null;
          p.logEndOffset = end.get(`${topic}\u0000${p.partition}`) ?? null;
        }
      }
      if (!client.supports(DescribeLogDirs)) return;
      const dirs: DescribeLogDirsResponse = await client.request(DescribeLogDirs, client.version(DescribeLogDirs), {
        topics: [...partitions].map(([topic, list]) => ({ topic, partitions: list.map((p) => p.partition) })),
      });
      for (const dir of dirs.results) {
        if (dir.errorCode !== ErrorCode.NONE) continue;
        for (const t of dir.topics) {
          for (const d of t.partitions) {
            const p = partitions.get(t.name)?.find((x) => x.partition === d.partitionIndex);
            if (p && !d.isFutureKey) p.size = (p.size ?? 0) + d.partitionSize;
          }
        }
      }
    }),
  );
}

async function offsets(client: KafkaClient, partitions: Map<string, TopicPartitionInfo[]>, timestamp: number): Promise<Map<string, number>> {
  const res: ListOffsetsResponse = await client.request(ListOffsets, client.version(ListOffsets, 1), {
    replicaId: -1,
    isolationLevel: 0,
    topics: [...partitions].map(([name, list]) => ({
      name,
      partitions: list.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })),
    })),
    timeoutMs: TIMEOUT_MS,
  });
  const found = new Map<string, number>();
  for (const t of res.topics) {
    for (const p of t.partitions) if (p.errorCode === ErrorCode.NONE && p.offset >= 0) found.set(`${t.name}\u0000${p.partitionIndex}`, p.offset);
  }
  return found;
}

async function fillConfigs(client: KafkaClient, topics: TopicDescription[], all: boolean): Promise<void> {
  if (topics.length === 0 || !client.supports(DescribeConfigs)) return;
  const version = client.version(DescribeConfigs);
  const res: DescribeConfigsResponse = await client.request(DescribeConfigs, version, {
    resources: topics.map((t) => ({ resourceType: TOPIC_RESOURCE, resourceName: t.name, configurationKeys: null })),
    includeSynonyms: false,
    includeDocumentation: false,
  });
  for (const r of res.results) {
    const topic = topics.find((t) => t.name === r.resourceName);
    if (!topic) continue;
    if (r.errorCode !== ErrorCode.NONE) throw new BrokerError(r.errorCode, r.errorMessage);
    // As kafka-topics.sh: "non-default" is anything not at Kafka's built-in default.
    const entries = r.configs.map((c) => ({
      name: c.name,
      value: c.value,
      source: version >= 1 ? (CONFIG_SOURCES[c.configSource] ?? 'UNKNOWN') : c.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN',
      readOnly: c.readOnly,
      sensitive: c.isSensitive,
    }));
    topic.configs = entries.filter((c) => all || c.source !== 'DEFAULT_CONFIG').sort(byName);
  }
}

export interface CreateOptions {
  partitions?: number;
  replicationFactor?: number;
  configs: Record<string, string>;
}

export async function createTopic(client: KafkaClient, name: string, options: CreateOptions): Promise<void> {
  const res: CreateTopicsResponse = await client.request(CreateTopics, client.version(CreateTopics), {
    topics: [
      {
        name,
        numPartitions: options.partitions ?? -1,
        replicationFactor: options.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(options.configs).map(([k, value]) => ({ name: k, value })),
      },
    ],
    timeoutMs: TIMEOUT_MS,
    validateOnly: false,
  });
  const result = res.topics.find((t) => t.name === name);
  if (!result) throw new Error(`${client.address} did not answer for topic '${name}'`);
  if (result.errorCode !== ErrorCode.NONE) throw new BrokerError(result.errorCode, result.errorMessage);
}

export async function deleteTopic(client: KafkaClient, name: string): Promise<void> {
  const res: DeleteTopicsResponse = await client.request(DeleteTopics, client.version(DeleteTopics), {
    topics: [{ name, topicId: ZERO_UUID }],
    topicNames: [name],
    timeoutMs: TIMEOUT_MS,
  });
  const result = res.responses.find((r) => r.name === name);
  if (!result) throw new Error(`${client.address} did not answer for topic '${name}'`);
  if (result.errorCode !== ErrorCode.NONE) throw new BrokerError(result.errorCode, result.errorMessage);
}

/** Sets and removes topic configs (removed ones fall back to the broker's default). */
export async function alterTopicConfigs(client: KafkaClient, name: string, set: Record<string, string>, remove: string[]): Promise<void> {
  const version = requireApi(client, IncrementalAlterConfigs, 'change topic configs', '2.3');
  const res: IncrementalAlterConfigsResponse = await client.request(IncrementalAlterConfigs, version, {
    resources: [
      {
        resourceType: TOPIC_RESOURCE,
        resourceName: name,
        configs: [
          ...Object.entries(set).map(([k, value]) => ({ name: k, configOperation: SET, value })),
          ...remove.map((k) => ({ name: k, configOperation: DELETE, value: null })),
        ],
      },
    ],
    validateOnly: false,
  });
  const result = res.responses.find((r) => r.resourceName === name);
  if (!result) throw new Error(`${client.address} did not answer for topic '${name}'`);
  if (result.errorCode !== ErrorCode.NONE) throw new BrokerError(result.errorCode, result.errorMessage);
}

/** Raises the partition count (Kafka never lowers it). */
export async function addPartitions(client: KafkaClient, name: string, count: number): Promise<void> {
  const version = requireApi(client, CreatePartitions, 'add partitions', '1.0');
  const res: CreatePartitionsResponse = await client.request(CreatePartitions, version, {
    topics: [{ name, count, assignments: null }],
    timeoutMs: TIMEOUT_MS,
    validateOnly: false,
  });
  const result = res.results.find((r) => r.name === name);
  if (!result) throw new Error(`${client.address} did not answer for topic '${name}'`);
  if (result.errorCode !== ErrorCode.NONE) throw new BrokerError(result.errorCode, result.errorMessage);
}

// ---- Output ----

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** What `topics describe` prints: a header line, the configs, and a table of partitions. */
export function formatDescriptions(topics: TopicDescription[], allConfigs: boolean): string {
  const show = (v: number | null) => (v === null ? '-' : String(v));
  return topics
    .map((t) => {
      let out = `Topic: ${t.name}  TopicId: ${t.topicId}  PartitionCount: ${t.partitionCount}  ReplicationFactor: ${t.replicationFactor}\n`;
      if (t.configs === null) out += 'Configs: (not shown: the broker does not support DescribeConfigs)\n';
      else if (t.configs.length === 0) out += 'Configs: (none set)\n';
      else {
        const line = (c: TopicConfigEntry) => `  ${c.name}=${c.sensitive ? '(sensitive)' : (c.value ?? '')}${allConfigs ? `  ${c.source}` : ''}`;
        out += `Configs:\n${t.configs.map(line).join('\n')}\n`;
      }
      const rows = [['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOG-START-OFFSET', 'LOG-END-OFFSET', 'SIZE']];
      for (const p of t.partitions) {
        rows.push([String(p.partition), String(p.leader), p.replicas.join(','), p.isr.join(','), show(p.logStartOffset), show(p.logEndOffset), show(p.size)]);
      }
      return out + table(rows);
    })
    .join('\n');
}

// ---- Command line ----

interface CommonArgs {
  'bootstrap-server': string;
  json: boolean;
}

/** Repeatable string options: one value is a string, several an array. */
const list = (v: unknown): string[] => ([] as unknown[]).concat(v).map(String);

/** Repeatable `name=value` options into a record; throwing makes yargs report bad usage (exit 2). */
const pairs = (option: string) => (v: unknown): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const pair of list(v)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`${option} expects name=value, got "${pair}"`);
    result[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return result;
};

/** Connects, runs, prints broker errors (exit 1) and always closes the connections. */
async function run(args: CommonArgs, action: (conns: Connections) => Promise<string>): Promise<void> {
  let conns: Connections | undefined;
  try {
    conns = await Connections.open(args['bootstrap-server']);
    process.stdout.write(await action(conns));
  } catch (err) {
    process.stderr.write(`minikafka: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    conns?.close();
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
const wholeNumber = (name: string, min: number) => (v: number | undefined) => {
  if (v !== undefined && (!Number.isInteger(v) || v < min)) throw new Error(`--${name} must be a whole number of at least ${min}`);
  return v;
};

export const topicsCommand: CommandModule<object, CommonArgs> = {
  command: 'topics',
  describe: 'List, describe, create, delete and alter topics of a running broker',
  builder: (y: Argv) =>
    y
      .option('bootstrap-server', { type: 'string', default: '127.0.0.1:9092', describe: 'Broker to ask (host:port)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
      .command<CommonArgs>('list', 'List topic names', (c) => c, (args) =>
        run(args, async ({ bootstrap }) => {
          const topics = await listTopics(bootstrap);
          return args.json ? json(topics) : topics.map((t) => t.name + '\n').join('');
        }),
      )
      .command<CommonArgs & { topic?: string; 'all-configs': boolean }>(
        'describe [topic]',
        'Partitions (leader, replicas, ISR, offsets, size) and configs of one topic or all',
        (c) =>
          c
            .positional('topic', { type: 'string', describe: 'The topic (default: all topics)' })
            .option('all-configs', { type: 'boolean', default: false, describe: 'Show every config, not only those that differ from the defaults' }),
        (args) =>
          run(args, async (conns) => {
            const topics = await describeTopics(conns, args.topic, args['all-configs']);
            return args.json ? json(topics) : formatDescriptions(topics, args['all-configs']);
          }),
      )
      .command<CommonArgs & { topic: string; partitions?: number; 'replication-factor'?: number; config?: Record<string, string> }>(
        'create <topic>',
        'Create a topic',
        (c) =>
          c
            .positional('topic', { type: 'string', demandOption: true, describe: 'The topic' })
            .option('partitions', { type: 'number', describe: "Partition count (default: the broker's num.partitions)", coerce: wholeNumber('partitions', 1) })
            .option('replication-factor', { type: 'number', describe: "Replicas per partition (default: the broker's)", coerce: wholeNumber('replication-factor', 1) })
            .option('config', { type: 'string', describe: 'A topic config, name=value (repeatable)', coerce: pairs('--config') }),
        (args) =>
          run(args, async ({ bootstrap }) => {
            const configs = args.config ?? {};
            await createTopic(bootstrap, args.topic, { partitions: args.partitions, replicationFactor: args['replication-factor'], configs });
            return args.json ? json({ created: args.topic }) : `Created topic ${args.topic}.\n`;
          }),
      )
      .command<CommonArgs & { topic: string }>(
        'delete <topic>',
        'Delete a topic and its data',
        (c) => c.positional('topic', { type: 'string', demandOption: true, describe: 'The topic' }),
        (args) =>
          run(args, async ({ bootstrap }) => {
            await deleteTopic(bootstrap, args.topic);
            return args.json ? json({ deleted: args.topic }) : `Deleted topic ${args.topic}.\n`;
          }),
      )
      .command<CommonArgs & { topic: string; set?: Record<string, string>; delete?: string[]; partitions?: number }>(
        'alter <topic>',
        'Set or remove topic configs, or add partitions',
        (c) =>
          c
            .positional('topic', { type: 'string', demandOption: true, describe: 'The topic' })
            .option('set', { type: 'string', describe: 'Set a config, name=value (repeatable)', coerce: pairs('--set') })
            .option('delete', { type: 'string', describe: "Remove a config: back to the broker's default (repeatable)", coerce: list })
            .option('partitions', { type: 'number', describe: 'Raise the partition count to this', coerce: wholeNumber('partitions', 1) })
            .check((a) => {
              if (a.set === undefined && a.delete === undefined && a.partitions === undefined) {
                throw new Error('Nothing to alter: give --set name=value, --delete name or --partitions N');
              }
              return true;
            }),
        (args) =>
          run(args, async ({ bootstrap }) => {
            const set = args.set ?? {};
            const remove = args.delete ?? [];
            const done: string[] = [];
            if (Object.keys(set).length > 0 || remove.length > 0) {
              await alterTopicConfigs(bootstrap, args.topic, set, remove);
              done.push(`Completed updating config for topic ${args.topic}.`);
            }
            if (args.partitions !== undefined) {
              await addPartitions(bootstrap, args.topic, args.partitions);
              done.push(`Topic ${args.topic} now has ${args.partitions} partitions.`);
            }
            return args.json ? json({ altered: args.topic, set, deleted: remove, partitions: args.partitions ?? null }) : done.map((l) => l + '\n').join('');
          }),
      )
      .demandCommand(1, 'Name a topics command: list, describe, create, delete or alter'),
  handler: () => {},
};
