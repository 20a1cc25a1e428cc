/**
 * `minikafka groups` as users run it (bin/minikafka over dist/), against a broker started in
 * process: a simple group (offsets only) and a consumer group with one member owning partitions;
 * then all three kinds at once: a classic group, a KIP-848 consumer group and a share group with
 * records in flight (members driven over the wire by test/console/groupDrivers.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { KafkaClient } from '../../src/client/KafkaClient';
import { AnyGroupLag, formatTable, GroupLag } from '../../src/cli/groups';
import { DEFAULT_CONFIG } from '../../src/config';
import { JoinGroup, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { OffsetCommit, OffsetCommitResponse } from '../../wire/apis/OffsetCommit';
import { SyncGroup, SyncGroupResponse } from '../../wire/apis/SyncGroup';
import { encodeAssignment, encodeSubscription } from '../../wire/consumerProtocol';
import { buildBatch } from '../../wire/records';
import { ACCEPT, ConsumerMember, setGroupConfig, ShareMember } from '../console/groupDrivers';
import { createTopic, produce, TestClient } from './client';
import { ensureBuilt, runCli } from './cliRunner';

let broker: Broker;
let dataDir: string;
let member: TestClient;
let memberId: string;

const run = (args: string[]) => runCli(args, 15000);

async function commit(c: TestClient, groupId: string, partition: number, offset: number, generation = -1, member = ''): Promise<void> {
  const res: OffsetCommitResponse = await c.request(OffsetCommit, 7, {
    groupId,
    generationIdOrMemberEpoch: generation,
    memberId: member,
    groupInstanceId: null,
    topics: [{ name: 'events', partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: '' }] }],
  });
  expect(res.topics[0].partitions[0].errorCode).toBe(0);
}

beforeAll(() => {
  ensureBuilt();
}, 120000);

describe('against a broker with a simple group and a consumer group', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-groups-cmd-'));
    broker = await Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', groups: { ...DEFAULT_CONFIG.groups, initialRebalanceDelayMs: 0 } });
    const c = await TestClient.connect(broker.port);
    await createTopic(c, 'events', 2);
    await produce(c, 'events', 0, buildBatch(Array.from({ length: 5 }, (_, i) => ({ value: `a${i}` }))));
    await produce(c, 'events', 1, buildBatch(Array.from({ length: 3 }, (_, i) => ({ value: `b${i}` }))));

    // "analytics": a simple group, offsets only.
    await commit(c, 'analytics', 0, 2);
    await commit(c, 'analytics', 1, 3);
    await c.close();

    // "live": one consumer that joins, assigns itself both partitions, and commits one.
    member = await TestClient.connect(broker.port);
    const joined: JoinGroupResponse = await member.request(JoinGroup, 3, {
      groupId: 'live',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: 30000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: encodeSubscription({ topics: ['events'] }, 0) }],
    });
    expect(joined.errorCode).toBe(0);
    memberId = joined.memberId;
    const synced: SyncGroupResponse = await member.request(SyncGroup, 3, {
      groupId: 'live',
      generationId: joined.generationId,
      memberId,
      assignments: [{ memberId, assignment: encodeAssignment({ assignedPartitions: [{ topic: 'events', partitions: [0, 1] }] }, 0) }],
    });
    expect(synced.errorCode).toBe(0);
    await commit(member, 'live', 0, 5, joined.generationId, memberId);
  }, 120000);

  afterAll(async () => {
    await member?.close();
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cells = (stdout: string) => stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s+/));

  test('the table: every group, committed and assigned partitions, log end offsets, lag, owner', async () => {
    const result = await run(['groups', '--bootstrap-server', `127.0.0.1:${broker.port}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(cells(result.stdout)).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'],
      ['analytics', 'events', '0', '2', '5', '3', '-'],
      ['analytics', 'events', '1', '3', '3', '0', '-'],
      ['live', 'events', '0', '5', '5', '0', memberId],
      ['live', 'events', '1', '-', '3', '-', memberId],
    ]);
    // Columns line up: each header starts where its values start.
    const lines = result.stdout.split('\n');
    const lagColumn = lines[0].indexOf('LAG');
    expect(lines.slice(1, 5).map((l) => l.slice(lagColumn, lagColumn + 2).trim())).toEqual(['3', '0', '0', '-']);
  });

  test('--json: the same, with group state and members', async () => {
    const result = await run(['groups', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--json']);
    expect(result.code).toBe(0);
    const want: GroupLag[] = [
      {
        group: 'analytics',
        state: 'Empty',
        protocolType: '',
        members: 0,
        partitions: [
          { topic: 'events', partition: 0, currentOffset: 2, logEndOffset: 5, lag: 3, consumerId: null },
          { topic: 'events', partition: 1, currentOffset: 3, logEndOffset: 3, lag: 0, consumerId: null },
        ],
      },
      {
        group: 'live',
        state: 'Stable',
        protocolType: 'consumer',
        members: 1,
        partitions: [
          { topic: 'events', partition: 0, currentOffset: 5, logEndOffset: 5, lag: 0, consumerId: memberId },
          { topic: 'events', partition: 1, currentOffset: null, logEndOffset: 3, lag: null, consumerId: memberId },
        ],
      },
    ];
    expect(JSON.parse(result.stdout)).toEqual(want);
  });

  test('--group: only that group', async () => {
    const result = await run(['groups', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--group', 'analytics']);
    expect(result.code).toBe(0);
    expect(cells(result.stdout)).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'],
      ['analytics', 'events', '0', '2', '5', '3', '-'],
      ['analytics', 'events', '1', '3', '3', '0', '-'],
    ]);
  });

  test('--group naming a group that does not exist → exit code 1 and a message', async () => {
    const result = await run(['groups', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--group', 'nobody']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('minikafka: consumer group "nobody" does not exist\n');
  });
});

describe('against a broker with a classic, a KIP-848 consumer and a share group', () => {
  let mixed: Broker;
  let mixedDir: string;
  let client: KafkaClient;
  let consumer: ConsumerMember;
  let share: ShareMember;
  let address: string;

  beforeAll(async () => {
    mixedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-groups-kinds-'));
    mixed = await Broker.start({ port: 0, host: '127.0.0.1', dataDir: mixedDir, logLevel: 'silent' });
    address = `127.0.0.1:${mixed.port}`;
    const c = await TestClient.connect(mixed.port);
    const eventsId = await createTopic(c, 'events', 2);
    const jobsId = await createTopic(c, 'jobs', 1);
    await produce(c, 'events', 0, buildBatch(Array.from({ length: 5 }, (_, i) => ({ value: `a${i}` }))));
    await produce(c, 'events', 1, buildBatch(Array.from({ length: 3 }, (_, i) => ({ value: `b${i}` }))));
    for (let i = 0; i < 4; i++) await produce(c, 'jobs', 0, buildBatch([{ value: `job-${i}` }]));
    await commit(c, 'analytics', 0, 2);
    await c.close();

    client = await KafkaClient.connect(address);
    consumer = new ConsumerMember(client, 'search', eventsId);
    expect(await consumer.joinOwning('events', 2)).toEqual([0, 1]);
    await setGroupConfig(client, 'workers', 'share.auto.offset.reset', 'earliest');
    share = new ShareMember(client, 'workers', jobsId);
    await share.join('jobs', 1);
    expect(await share.acquire(0, 2)).toEqual([0, 1]);
    await share.acknowledge(0, { 0: ACCEPT }); // the start offset moves past 0
  }, 120000);

  afterAll(async () => {
    client?.close();
    await mixed?.stop();
    fs.rmSync(mixedDir, { recursive: true, force: true });
  });

  const cells = (stdout: string) => stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s+/));

  test('the table: classic and consumer groups as before, then the share group\'s start offset and lag', async () => {
    const result = await run(['groups', '--bootstrap-server', address]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [offsets, shares] = result.stdout.split('\n\n');
    expect(cells(offsets)).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'],
      ['analytics', 'events', '0', '2', '5', '3', '-'],
      ['search', 'events', '0', '-', '5', '-', consumer.memberId],
      ['search', 'events', '1', '-', '3', '-', consumer.memberId],
    ]);
    const [header, row, ...rest] = cells(shares);
    expect(header).toEqual(['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG', 'CONSUMERS']);
    expect(rest).toEqual([]);
    // 0 accepted: start offset 1; lag (KIP-1226): 1 acquired, 2 and 3 not fetched.
    expect(row).toEqual(['workers', 'jobs', '0', '1', '3', '1']);
  });

  test('--state: each group\'s type, state and members', async () => {
    const result = await run(['groups', '--bootstrap-server', address, '--state']);
    expect(result.code).toBe(0);
    expect(cells(result.stdout)).toEqual([
      ['GROUP', 'TYPE', 'STATE', 'MEMBERS'],
      ['analytics', 'classic', 'Empty', '0'],
      ['search', 'consumer', 'Stable', '1'],
      ['workers', 'share', 'Stable', '1'],
    ]);
  });

  test('--group naming a share group, as JSON', async () => {
    const result = await run(['groups', '--bootstrap-server', address, '--group', 'workers', '--json']);
    expect(result.code).toBe(0);
    const [workers, ...others] = JSON.parse(result.stdout) as AnyGroupLag[];
    expect(others).toEqual([]);
    expect(workers).toEqual({
      group: 'workers',
      type: 'share',
      state: 'Stable',
      members: 1,
      partitions: [{ topic: 'jobs', partition: 0, startOffset: 1, lag: 3, consumerIds: [share.memberId] }],
    });
  });
});

test('nothing listening → exit code 1 naming the address', async () => {
  const result = await run(['groups', '--bootstrap-server', '127.0.0.1:1']);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^minikafka: 127\.0\.0\.1:1: connect ECONNREFUSED/);
});

test('a malformed --bootstrap-server → exit code 1', async () => {
  const result = await run(['groups', '--bootstrap-server', 'localhost']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('minikafka: expected host:port, got "localhost"\n');
});

test('formatTable: aligned columns, "-" for what is unknown, a row for a group with nothing to show', () => {
  const table = formatTable([
    { group: 'g', state: 'Empty', protocolType: '', members: 0, partitions: [] },
    {
      group: 'longer-group',
      state: 'Stable',
      protocolType: 'consumer',
      members: 1,
      partitions: [{ topic: 't', partition: 10, currentOffset: 7, logEndOffset: 5, lag: -2, consumerId: 'm-1' }],
    },
  ]);
  expect(table).toBe(
    [
      'GROUP         TOPIC  PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID',
      'g             -      -          -               -               -    -',
      'longer-group  t      10         7               5               -2   m-1',
      '',
    ].join('\n'),
  );
  expect(formatTable([])).toBe('GROUP  TOPIC  PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID\n');
});

