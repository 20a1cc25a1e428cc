/**
 * `minikafka groups`: consumer groups with their committed offsets and lag, like
 * `kafka-consumer-groups.sh --describe`, over the Kafka protocol (so it works against any
 * single broker, minikafka or Kafka): ListGroups (unless --group), DescribeGroups for state and
 * members, OffsetFetch (all topics) per group, ListOffsets latest for every partition shown.
 * A partition appears when the group has committed an offset for it or a member is assigned it.
 */
import type { Argv, CommandModule } from 'yargs';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { OffsetFetch, OffsetFetchResponse, OffsetFetchResponseTopics } from '../../wire/apis/OffsetFetch';
import { decodeAssignment } from '../../wire/consumerProtocol';
import { KafkaClient } from '../client/KafkaClient';

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** null when nothing (or a negative offset) is committed. */
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  /** The member assigned this partition, if any. */
  consumerId: string | null;
}

export interface GroupLag {
  group: string;
  state: string;
  protocolType: string;
  members: number;
  partitions: GroupPartitionLag[];
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Describe the given groups (or every group the broker lists). */
export async function describeGroupLag(client: KafkaClient, only?: string): Promise<GroupLag[]> {
  const groupIds = only !== undefined ? [only] : await listGroupIds(client);
  if (groupIds.length === 0) return [];

  const described: DescribeGroupsResponse = await client.request(DescribeGroups, client.version(DescribeGroups), {
    groups: groupIds,
    includeAuthorizedOperations: false,
  });
  const committedByGroup = await Promise.all(groupIds.map((g) => fetchCommitted(client, g)));

  const reports = groupIds.map((group, i): GroupLag & { committed: Map<string, number | null>; owners: Map<string, string> } => {
    const d = described.groups.find((x) => x.groupId === group);
    const owners = new Map<string, string>();
    if (d?.protocolType === 'consumer') {
      for (const m of d.members) {
        try {
          for (const a of decodeAssignment(m.memberAssignment).assignedPartitions) {
            for (const p of a.partitions) owners.set(key(a.topic, p), m.memberId);
          }
        } catch {
          /* an assignment we cannot read: show the partitions without an owner */
        }
      }
    }
    const committed = new Map<string, number | null>();
    for (const t of committedByGroup[i]) {
      for (const p of t.partitions) committed.set(key(t.name, p.partitionIndex), p.errorCode === 0 && p.committedOffset >= 0 ? p.committedOffset : null);
    }
    return { group, state: d?.groupState ?? '', protocolType: d?.protocolType ?? '', members: d?.members.length ?? 0, partitions: [], committed, owners };
  });

  const shown = new Set<string>();
  for (const r of reports) for (const k of [...r.committed.keys(), ...r.owners.keys()]) shown.add(k);
  const ends = await logEndOffsets(client, [...shown]);

  return reports.map(({ committed, owners, ...report }) => {
    const keys = [...new Set([...committed.keys(), ...owners.keys()])].map((k) => {
      const [topic, partition] = k.split('\u0000');
      return { k, topic, partition: Number(partition) };
    });
    keys.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    report.partitions = keys.map(({ k, topic, partition }) => {
      const currentOffset = committed.get(k) ?? null;
      const logEndOffset = ends.get(k) ?? null;
      const lag = currentOffset !== null && logEndOffset !== null ? logEndOffset - currentOffset : null;
      return { topic, partition, currentOffset, logEndOffset, lag, consumerId: owners.get(k) ?? null };
    });
    return report;
  });
}

async function listGroupIds(client: KafkaClient): Promise<string[]> {
  const res: ListGroupsResponse = await client.request(ListGroups, client.version(ListGroups), { statesFilter: [], typesFilter: [] });
  if (res.errorCode !== 0) throw new Error(`ListGroups failed with error ${res.errorCode}`);
  return res.groups.map((g) => g.groupId).sort();
}

/** Every committed offset of a group (OffsetFetch v2+, topics null). */
async function fetchCommitted(client: KafkaClient, groupId: string): Promise<OffsetFetchResponseTopics[]> {
  const version = client.version(OffsetFetch, 2);
  const res: OffsetFetchResponse = await client.request(OffsetFetch, version, {
    groupId,
    topics: null,
    groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }],
    requireStable: false,
  });
  const errorCode = version >= 8 ? res.groups[0].errorCode : res.errorCode;
  if (errorCode !== 0) throw new Error(`OffsetFetch for group "${groupId}" failed with error ${errorCode}`);
  return version >= 8 ? res.groups[0].topics : res.topics;
}

/** Latest offsets (ListOffsets v1+, timestamp −1) of the given partition keys. */
async function logEndOffsets(client: KafkaClient, keys: string[]): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  if (keys.length === 0) return ends;
  const byTopic = new Map<string, number[]>();
  for (const k of keys) {
    const [topic, partition] = k.split('\u0000');
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), Number(partition)]);
  }
  const res: ListOffsetsResponse = await client.request(ListOffsets, client.version(ListOffsets, 1), {
    replicaId: -1,
    isolationLevel: 0,
    topics: [...byTopic].map(([name, partitions]) => ({
      name,
      partitions: partitions.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 })),
    })),
    timeoutMs: 5000,
  });
  for (const t of res.topics) {
    for (const p of t.partitions) if (p.errorCode === 0 && p.offset >= 0) ends.set(key(t.name, p.partitionIndex), p.offset);
  }
  return ends;
}

const COLUMNS = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'];

/** The kafka-consumer-groups.sh style table; '-' where there is nothing to show. */
export function formatTable(groups: GroupLag[]): string {
  const show = (v: string | number | null) => (v === null ? '-' : String(v));
  const rows: string[][] = [COLUMNS];
  for (const g of groups) {
    if (g.partitions.length === 0) rows.push([g.group, '-', '-', '-', '-', '-', '-']);
    for (const p of g.partitions) {
      rows.push([g.group, p.topic, show(p.partition), show(p.currentOffset), show(p.logEndOffset), show(p.lag), show(p.consumerId)]);
    }
  }
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

interface GroupsArgs {
  'bootstrap-server': string;
  group?: string;
  json: boolean;
}

export const groupsCommand: CommandModule<object, GroupsArgs> = {
  command: 'groups',
  describe: 'Show consumer groups: committed offsets, log end offsets and lag',
  builder: (y: Argv) =>
    y
      .option('bootstrap-server', { type: 'string', default: '127.0.0.1:9092', describe: 'Broker to ask (host:port)' })
      .option('group', { type: 'string', describe: 'Only this group' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of a table' }),
  handler: async (args) => {
    let client: KafkaClient | undefined;
    try {
      client = await KafkaClient.connect(args['bootstrap-server']);
      const groups = await describeGroupLag(client, args.group);
      const missing = groups.find((g) => args.group !== undefined && g.state === 'Dead' && g.partitions.length === 0);
      if (missing) {
        process.stderr.write(`minikafka: consumer group "${missing.group}" does not exist\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(args.json ? JSON.stringify(groups, null, 2) + '\n' : formatTable(groups));
    } catch (err) {
      process.stderr.write(`minikafka: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      client?.close();
    }
  },
};
