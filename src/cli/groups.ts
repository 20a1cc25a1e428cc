/**
 * `minikafka groups`: groups with their committed offsets and lag, like
 * `kafka-consumer-groups.sh --describe` (and `kafka-share-groups.sh --describe` for share groups),
 * over the Kafka protocol, so it works against any single broker, minikafka or Kafka:
 *
 * - ListGroups (unless --group) names the groups and, from v5, their type: classic, consumer
 *   (KIP-848) or share (KIP-932). Older brokers only have classic groups.
 * - Classic groups: DescribeGroups for state and members; KIP-848 consumer groups:
 *   ConsumerGroupDescribe. For both, OffsetFetch (all topics) per group and ListOffsets latest
 *   for every partition shown. A partition appears when the group has committed an offset for it
 *   or a member is assigned it.
 * - Share groups: ShareGroupDescribe for state and members, DescribeShareGroupOffsets for each
 *   share-partition's start offset and (v1+) lag. How many records are in flight is not in
 *   Kafka's wire APIs: the console shows it.
 */
import type { Argv, CommandModule } from 'yargs';
import { ConsumerGroupDescribe, ConsumerGroupDescribeResponse } from '../../wire/apis/ConsumerGroupDescribe';
import { DescribeGroups, DescribeGroupsResponse } from '../../wire/apis/DescribeGroups';
import { DescribeShareGroupOffsets, DescribeShareGroupOffsetsResponse } from '../../wire/apis/DescribeShareGroupOffsets';
import { ListGroups, ListGroupsResponse } from '../../wire/apis/ListGroups';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { OffsetFetch, OffsetFetchResponse, OffsetFetchResponseTopics } from '../../wire/apis/OffsetFetch';
import { ShareGroupDescribe, ShareGroupDescribeResponse } from '../../wire/apis/ShareGroupDescribe';
import { decodeAssignment } from '../../wire/consumerProtocol';
import { ErrorCode } from '../../wire/errors';
import { BrokerError, KafkaClient } from '../client/KafkaClient';

/** ListGroups v5's group types that this command describes (Kafka 4.1 adds "streams", not shown). */
export type GroupType = 'classic' | 'consumer' | 'share';

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

/** A classic or KIP-848 consumer group. */
export interface GroupLag {
  group: string;
  /** Only for KIP-848 consumer groups: a classic group's JSON stays as it always was. */
  type?: 'consumer';
  state: string;
  protocolType: string;
  members: number;
  partitions: GroupPartitionLag[];
}

export interface SharePartitionLag {
  topic: string;
  partition: number;
  /** The share-partition start offset: every record below it is acknowledged or archived. null when the group has no state for it yet. */
  startOffset: number | null;
  /** Records not yet consumed; null when the broker does not report it (DescribeShareGroupOffsets v0). */
  lag: number | null;
  /** Members assigned this partition (a share group's members may share one). */
  consumerIds: string[];
}

export interface ShareGroupLag {
  group: string;
  type: 'share';
  state: string;
  members: number;
  partitions: SharePartitionLag[];
}

export type AnyGroupLag = GroupLag | ShareGroupLag;

export const isShareGroup = (g: AnyGroupLag): g is ShareGroupLag => g.type === 'share';

/** The type a report shows for a group. */
export const typeOf = (g: AnyGroupLag): GroupType => g.type ?? 'classic';

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Describe the given group (or every group the broker lists), in group id order. */
export async function describeGroupLag(client: KafkaClient, only?: string): Promise<AnyGroupLag[]> {
  const groups = only === undefined ? await listGroups(client) : [{ groupId: only, type: await typeOfGroup(client, only) }];
  const idsOf = (type: GroupType) => groups.filter((g) => g.type === type).map((g) => g.groupId);

  const [offsetGroups, shareGroups] = await Promise.all([
    describeOffsetGroups(client, idsOf('classic'), idsOf('consumer')),
    describeShareGroups(client, idsOf('share')),
  ]);
  return [...offsetGroups, ...shareGroups].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

/** Where a group's members are and how many there are, before offsets are read. */
interface Membership {
  group: string;
  type?: 'consumer';
  state: string;
  protocolType: string;
  members: number;
  /** Partition key → id of the member that owns it. */
  owners: Map<string, string>;
}

/** Classic and KIP-848 consumer groups: membership, then committed offsets and log end offsets. */
async function describeOffsetGroups(client: KafkaClient, classicIds: string[], consumerIds: string[]): Promise<GroupLag[]> {
  if (classicIds.length + consumerIds.length === 0) return [];
  const memberships = [...(await describeClassic(client, classicIds)), ...(await describeConsumer(client, consumerIds))];
  const committedByGroup = await Promise.all(memberships.map((m) => fetchCommitted(client, m.group)));

  const reports = memberships.map(({ owners, ...m }, i) => {
    const committed = new Map<string, number | null>();
    for (const t of committedByGroup[i]) {
      for (const p of t.partitions) committed.set(key(t.name, p.partitionIndex), p.errorCode === 0 && p.committedOffset >= 0 ? p.committedOffset : null);
    }
    return { report: { ...m, partitions: [] } as GroupLag, committed, owners };
  });

  const shown = new Set<string>();
  for (const r of reports) for (const k of [...r.committed.keys(), ...r.owners.keys()]) shown.add(k);
  const ends = await logEndOffsets(client, [...shown]);

  return reports.map(({ committed, owners, report }) => {
    report.partitions = sortedKeys([...committed.keys(), ...owners.keys()]).map(({ k, topic, partition }) => {
      const currentOffset = committed.get(k) ?? null;
      const logEndOffset = ends.get(k) ?? null;
      const lag = currentOffset !== null && logEndOffset !== null ? logEndOffset - currentOffset : null;
      return { topic, partition, currentOffset, logEndOffset, lag, consumerId: owners.get(k) ?? null };
    });
    return report;
  });
}

/** DescribeGroups: state, protocol type and, for consumers, who owns which partition. */
async function describeClassic(client: KafkaClient, groupIds: string[]): Promise<Membership[]> {
  if (groupIds.length === 0) return [];
  const described: DescribeGroupsResponse = await client.request(DescribeGroups, client.version(DescribeGroups), {
    groups: groupIds,
    includeAuthorizedOperations: false,
  });
  return groupIds.map((group) => {
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
    return { group, state: d?.groupState ?? '', protocolType: d?.protocolType ?? '', members: d?.members.length ?? 0, owners };
  });
}

/** ConsumerGroupDescribe: state and each member's current assignment (the broker assigns, KIP-848). */
async function describeConsumer(client: KafkaClient, groupIds: string[]): Promise<Membership[]> {
  if (groupIds.length === 0) return [];
  const described: ConsumerGroupDescribeResponse = await client.request(ConsumerGroupDescribe, client.version(ConsumerGroupDescribe), {
    groupIds,
    includeAuthorizedOperations: false,
  });
  return groupIds.map((group) => {
    const d = described.groups.find((x) => x.groupId === group);
    if (d && d.errorCode !== ErrorCode.NONE && d.errorCode !== ErrorCode.GROUP_ID_NOT_FOUND) throw new BrokerError(d.errorCode, d.errorMessage);
    const found = d !== undefined && d.errorCode === ErrorCode.NONE;
    const owners = new Map<string, string>();
    for (const m of found ? d.members : []) {
      for (const t of m.assignment.topicPartitions) for (const p of t.partitions) owners.set(key(t.topicName, p), m.memberId);
    }
    return { group, type: 'consumer', state: found ? d.groupState : 'Dead', protocolType: 'consumer', members: found ? d.members.length : 0, owners };
  });
}

/** ShareGroupDescribe for members and assignments, DescribeShareGroupOffsets for start offsets and lag. */
async function describeShareGroups(client: KafkaClient, groupIds: string[]): Promise<ShareGroupLag[]> {
  if (groupIds.length === 0) return [];
  const [described, offsets] = await Promise.all([
    client.request<ShareGroupDescribeResponse>(ShareGroupDescribe, client.version(ShareGroupDescribe), { groupIds, includeAuthorizedOperations: false }),
    client.request<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsets, client.version(DescribeShareGroupOffsets), {
      groups: groupIds.map((groupId) => ({ groupId, topics: null })),
    }),
  ]);
  return groupIds.map((group): ShareGroupLag => {
    const d = described.groups.find((x) => x.groupId === group);
    if (d && d.errorCode !== ErrorCode.NONE && d.errorCode !== ErrorCode.GROUP_ID_NOT_FOUND) throw new BrokerError(d.errorCode, d.errorMessage);
    const o = offsets.groups.find((x) => x.groupId === group);
    if (o && o.errorCode !== ErrorCode.NONE && o.errorCode !== ErrorCode.GROUP_ID_NOT_FOUND) throw new BrokerError(o.errorCode, o.errorMessage);
    const found = d !== undefined && d.errorCode === ErrorCode.NONE;

    const consumers = new Map<string, string[]>();
    for (const m of found ? d.members : []) {
      for (const t of m.assignment.topicPartitions) {
        for (const p of t.partitions) consumers.set(key(t.topicName, p), [...(consumers.get(key(t.topicName, p)) ?? []), m.memberId]);
      }
    }
    const stored = new Map<string, { startOffset: number | null; lag: number | null }>();
    for (const t of o?.errorCode === ErrorCode.NONE ? o.topics : []) {
      for (const p of t.partitions) {
        const ok = p.errorCode === ErrorCode.NONE;
        stored.set(key(t.topicName, p.partitionIndex), {
          startOffset: ok && p.startOffset >= 0 ? p.startOffset : null,
          lag: ok && p.lag >= 0 ? p.lag : null,
        });
      }
    }
    const partitions = sortedKeys([...stored.keys(), ...consumers.keys()]).map(({ k, topic, partition }) => ({
      topic,
      partition,
      startOffset: stored.get(k)?.startOffset ?? null,
      lag: stored.get(k)?.lag ?? null,
      consumerIds: [...(consumers.get(k) ?? [])].sort(),
    }));
    return { group, type: 'share', state: found ? d.groupState : 'Dead', members: found ? d.members.length : 0, partitions };
  });
}

/**
 * Every group the broker lists, with its type (ListGroups v5+; before that every group is
 * classic), sorted by id. Should a broker list an id under two types, the newer kind wins.
 */
async function listGroups(client: KafkaClient): Promise<{ groupId: string; type: GroupType }[]> {
  const version = client.version(ListGroups);
  const res: ListGroupsResponse = await client.request(ListGroups, version, { statesFilter: [], typesFilter: [] });
  if (res.errorCode !== 0) throw new Error(`ListGroups failed with error ${res.errorCode}`);
  const byId = new Map<string, GroupType>();
  for (const g of res.groups) {
    const type = version >= 5 ? describableType(client, g.groupType) : 'classic';
    if (type === undefined) continue;
    if (byId.get(g.groupId) === undefined || byId.get(g.groupId) === 'classic') byId.set(g.groupId, type);
  }
  return [...byId].map(([groupId, type]) => ({ groupId, type })).sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/** A named group's type, from the broker's list; classic when the broker has no group types (ListGroups < v5) or does not list it. */
async function typeOfGroup(client: KafkaClient, groupId: string): Promise<GroupType> {
  if (!client.supports(ListGroups, 5)) return 'classic';
  return (await listGroups(client)).find((g) => g.groupId === groupId)?.type ?? 'classic';
}

/** The type to describe a listed group as; undefined for types this command cannot describe (e.g. streams). */
function describableType(client: KafkaClient, groupType: string): GroupType | undefined {
  switch (groupType.toLowerCase()) {
    case '':
    case 'classic':
      return 'classic';
    case 'consumer':
      return client.supports(ConsumerGroupDescribe) ? 'consumer' : 'classic';
    case 'share':
      return client.supports(ShareGroupDescribe) && client.supports(DescribeShareGroupOffsets) ? 'share' : undefined;
    default:
      return undefined;
  }
}

/** Partition keys, deduplicated, by topic then partition. */
function sortedKeys(keys: string[]): { k: string; topic: string; partition: number }[] {
  const parsed = [...new Set(keys)].map((k) => {
    const [topic, partition] = k.split('\u0000');
    return { k, topic, partition: Number(partition) };
  });
  return parsed.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
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
const SHARE_COLUMNS = ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG', 'CONSUMERS'];
const STATE_COLUMNS = ['GROUP', 'TYPE', 'STATE', 'MEMBERS'];

const show = (v: string | number | null) => (v === null ? '-' : String(v));

/**
 * The kafka-consumer-groups.sh style table of classic and consumer groups ('-' where there is
 * nothing to show), then, if there are share groups, kafka-share-groups.sh's table of their
 * share-partitions (CONSUMERS: how many members are assigned the partition).
 */
export function formatTable(groups: AnyGroupLag[]): string {
  const offsetGroups = groups.filter((g): g is GroupLag => !isShareGroup(g));
  const shareGroups = groups.filter(isShareGroup);
  const tables: string[] = [];
  if (offsetGroups.length > 0 || shareGroups.length === 0) {
    const rows: string[][] = [COLUMNS];
    for (const g of offsetGroups) {
      if (g.partitions.length === 0) rows.push([g.group, '-', '-', '-', '-', '-', '-']);
      for (const p of g.partitions) {
        rows.push([g.group, p.topic, show(p.partition), show(p.currentOffset), show(p.logEndOffset), show(p.lag), show(p.consumerId)]);
      }
    }
    tables.push(align(rows));
  }
  if (shareGroups.length > 0) {
    const rows: string[][] = [SHARE_COLUMNS];
    for (const g of shareGroups) {
      if (g.partitions.length === 0) rows.push([g.group, '-', '-', '-', '-', '-']);
      for (const p of g.partitions) rows.push([g.group, p.topic, show(p.partition), show(p.startOffset), show(p.lag), show(p.consumerIds.length)]);
    }
    tables.push(align(rows));
  }
  return tables.join('\n');
}

/** `--state`: one line per group with its type, state and member count. */
export function formatStateTable(groups: AnyGroupLag[]): string {
  return align([STATE_COLUMNS, ...groups.map((g) => [g.group, typeOf(g), g.state || '-', show(g.members)])]);
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
function align(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

interface GroupsArgs {
  'bootstrap-server': string;
  group?: string;
  state: boolean;
  json: boolean;
}

export const groupsCommand: CommandModule<object, GroupsArgs> = {
  command: 'groups',
  describe: 'Show groups (classic, consumer and share): committed offsets or share-partition start offsets, and lag',
  builder: (y: Argv) =>
    y
      .option('bootstrap-server', { type: 'string', default: '127.0.0.1:9092', describe: 'Broker to ask (host:port)' })
      .option('group', { type: 'string', describe: 'Only this group' })
      .option('state', { type: 'boolean', default: false, describe: 'One line per group: its type (classic, consumer, share), state and members' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of a table' }),
  handler: async (args) => {
    let client: KafkaClient | undefined;
    try {
      client = await KafkaClient.connect(args['bootstrap-server']);
      const groups = await describeGroupLag(client, args.group);
      const missing = groups.find((g) => args.group !== undefined && g.state === 'Dead' && g.partitions.length === 0);
      if (missing) {
        process.stderr.write(`minikafka: ${isShareGroup(missing) ? 'share' : 'consumer'} group "${missing.group}" does not exist\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(args.json ? JSON.stringify(groups, null, 2) + '\n' : args.state ? formatStateTable(groups) : formatTable(groups));
    } catch (err) {
      process.stderr.write(`minikafka: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      client?.close();
    }
  },
};
