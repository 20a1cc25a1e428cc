/**
 * `minikafka topics` as users run it (bin/minikafka over dist/), against brokers started in
 * process: create, list, describe (partitions, offsets, sizes, configs), alter and delete, with
 * exact outputs and exit codes (0 done, 1 the broker refused, 2 bad usage); and describe against
 * a two-node cluster, where offsets must be asked of each partition's leader.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import type { TopicDescription } from '../../src/cli/topics';
import { buildBatch } from '../../wire/records';
import { produce, TestClient } from '../server/client';
import { ensureBuilt, runCli } from '../server/cliRunner';

const dataDirs: string[] = [];

async function start(nodes = 1): Promise<Broker> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-topics-cmd-'));
  dataDirs.push(dataDir);
  return Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', nodes });
}

beforeAll(() => {
  ensureBuilt();
}, 120000);

afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('against one broker', () => {
  let broker: Broker;
  let topics: (...args: string[]) => ReturnType<typeof runCli>;

  beforeAll(async () => {
    broker = await start();
    topics = (...args) => runCli(['topics', '--bootstrap-server', broker.brokers[0], ...args], 15000);
  });

  afterAll(async () => {
    await broker?.stop();
  });

  const describeJson = async (topic: string): Promise<TopicDescription> => {
    const r = await topics('describe', topic, '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    return (JSON.parse(r.stdout) as TopicDescription[])[0];
  };

  test('create, then list; creating it again or with a bad config is refused with Kafka\'s error', async () => {
    expect(await topics('create', 'events', '--partitions', '2', '--config', 'retention.ms=60000', '--config', 'max.message.bytes=2000')).toMatchObject({
      code: 0,
      stdout: 'Created topic events.\n',
      stderr: '',
    });
    expect(await topics('create', 'audit')).toMatchObject({ code: 0, stdout: 'Created topic audit.\n' });
    expect(await topics('list')).toMatchObject({ code: 0, stdout: 'audit\nevents\n', stderr: '' });
    expect(JSON.parse((await topics('list', '--json')).stdout)).toEqual([
      { name: 'audit', internal: false, partitions: broker.config.numPartitions },
      { name: 'events', internal: false, partitions: 2 },
    ]);

    expect(await topics('create', 'events')).toMatchObject({ code: 1, stdout: '', stderr: "minikafka: TOPIC_ALREADY_EXISTS: Topic 'events' already exists.\n" });
    const unknownConfig = await topics('create', 'other', '--config', 'no.such.config=1');
    expect(unknownConfig).toMatchObject({ code: 1, stdout: '' });
    expect(unknownConfig.stderr).toMatch(/^minikafka: INVALID_CONFIG: .*no\.such\.config/);
    expect((await topics('list')).stdout).toBe('audit\nevents\n');
  });

  test('describe shows partitions with offsets and sizes, and the configs set on the topic', async () => {
    const batch = buildBatch(Array.from({ length: 5 }, (_, i) => ({ value: `e${i}` })));
    const c = await TestClient.connect(broker.port);
    await produce(c, 'events', 1, batch);
    await c.close();

    const { topicId } = await describeJson('events');
    expect(await topics('describe', 'events')).toEqual({
      code: 0,
      signal: null,
      stderr: '',
      stdout:
        `Topic: events  TopicId: ${topicId}  PartitionCount: 2  ReplicationFactor: 1\n` +
        'Configs:\n' +
        '  max.message.bytes=2000\n' +
        '  retention.ms=60000\n' +
        'PARTITION  LEADER  REPLICAS  ISR  LOG-START-OFFSET  LOG-END-OFFSET  SIZE\n' +
        '0          1       1         1    0                 0               0\n' +
        `1          1       1         1    0                 5               ${batch.length}\n`,
    });

    expect(await describeJson('events')).toEqual({
      name: 'events',
      topicId,
      internal: false,
      partitionCount: 2,
      replicationFactor: 1,
      partitions: [
        { partition: 0, leader: 1, replicas: [1], isr: [1], logStartOffset: 0, logEndOffset: 0, size: 0 },
        { partition: 1, leader: 1, replicas: [1], isr: [1], logStartOffset: 0, logEndOffset: 5, size: batch.length },
      ],
      configs: [
        { name: 'max.message.bytes', value: '2000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
        { name: 'retention.ms', value: '60000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
      ],
    });

    // --all-configs adds the defaults, each with its source.
    const all = await topics('describe', 'events', '--all-configs');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('\n  retention.ms=60000  DYNAMIC_TOPIC_CONFIG\n');
    expect(all.stdout).toContain('\n  cleanup.policy=delete  DEFAULT_CONFIG\n');

    // Without a topic: every topic, in name order.
    const every = await topics('describe');
    expect(every.code).toBe(0);
    expect(every.stdout.match(/^Topic: \S+/gm)).toEqual(['Topic: audit', 'Topic: events']);
    expect(every.stdout).toContain('Configs: (none set)\n');

    expect(await topics('describe', 'missing')).toMatchObject({ code: 1, stdout: '', stderr: "minikafka: UNKNOWN_TOPIC_OR_PARTITION: Topic 'missing' does not exist.\n" });
  });

  test('alter sets and removes configs and adds partitions; the broker refuses bad values and shrinking', async () => {
    expect(await topics('alter', 'events', '--set', 'cleanup.policy=compact', '--set', 'retention.ms=120000', '--delete', 'max.message.bytes')).toMatchObject({
      code: 0,
      stdout: 'Completed updating config for topic events.\n',
      stderr: '',
    });
    expect(await topics('alter', 'events', '--partitions', '3')).toMatchObject({ code: 0, stdout: 'Topic events now has 3 partitions.\n', stderr: '' });
    const after = await describeJson('events');
    expect(after.configs).toEqual([
      { name: 'cleanup.policy', value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
      { name: 'retention.ms', value: '120000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false },
    ]);
    expect(after.partitions.map((p) => [p.partition, p.logEndOffset])).toEqual([
      [0, 0],
      [1, 5],
      [2, 0],
    ]);

    expect(await topics('alter', 'events', '--partitions', '2')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'minikafka: INVALID_PARTITIONS: Topic currently has 3 partitions, which is higher than the requested 2.\n',
    });
    const bad = await topics('alter', 'events', '--set', 'retention.ms=soon');
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^minikafka: INVALID_CONFIG: .*retention\.ms/);
    const missing = await topics('alter', 'missing', '--set', 'retention.ms=1');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^minikafka: UNKNOWN_TOPIC_OR_PARTITION: /);
    // Refused changes changed nothing.
    expect((await describeJson('events')).configs).toEqual(after.configs);
  });

  test('delete removes the topic; deleting it again is refused', async () => {
    expect(await topics('delete', 'audit')).toMatchObject({ code: 0, stdout: 'Deleted topic audit.\n', stderr: '' });
    expect((await topics('list')).stdout).toBe('events\n');
    expect(await topics('delete', 'audit')).toMatchObject({ code: 1, stdout: '', stderr: "minikafka: UNKNOWN_TOPIC_OR_PARTITION: Topic 'audit' does not exist.\n" });
  });

  test('bad usage exits 2 and names the problem', async () => {
    const cases: [string[], string][] = [
      [['create', 'x', '--config', 'retention.ms'], '--config expects name=value, got "retention.ms"'],
      [['create', 'x', '--partitions', '0'], '--partitions must be a whole number of at least 1'],
      [['alter', 'events'], 'Nothing to alter: give --set name=value, --delete name or --partitions N'],
      [['alter', 'events', '--set', '=1'], '--set expects name=value, got "=1"'],
      [[], 'Name a topics command: list, describe, create, delete or alter'],
    ];
    for (const [args, message] of cases) {
      const r = await topics(...args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toContain(`minikafka: ${message}\n`);
    }
    expect((await topics('list')).stdout).toBe('events\n');
  });
});

test('a broker that is not there: exit 1 with the address', async () => {
  const r = await runCli(['topics', 'list', '--bootstrap-server', '127.0.0.1:1'], 15000);
  expect(r).toMatchObject({ code: 1, stdout: '' });
  expect(r.stderr).toMatch(/^minikafka: 127\.0\.0\.1:1: connect ECONNREFUSED/);
});

test('against a two-node cluster, offsets come from each partition\'s leader', async () => {
  const cluster = await start(2);
  try {
    const topics = (...args: string[]) => runCli(['topics', '--bootstrap-server', cluster.brokers[0], ...args], 15000);
    expect((await topics('create', 'spread', '--partitions', '4', '--replication-factor', '2')).code).toBe(0);
    const before = JSON.parse((await topics('describe', 'spread', '--json')).stdout)[0] as TopicDescription;
    expect(new Set(before.partitions.map((p) => p.leader)).size).toBe(2); // both nodes lead some

    // Three records into each partition, through its leader.
    const batch = buildBatch([{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    for (const p of before.partitions) {
      const c = await TestClient.connect(cluster.nodes.find((n) => n.nodeId === p.leader)!.port);
      await produce(c, 'spread', p.partition, batch);
      await c.close();
    }
    const after = JSON.parse((await topics('describe', 'spread', '--json')).stdout)[0] as TopicDescription;
    expect(after.replicationFactor).toBe(2);
    expect(after.partitions.map((p) => [p.logStartOffset, p.logEndOffset])).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
  } finally {
    await cluster.stop();
  }
});
