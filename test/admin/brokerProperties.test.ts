/**
 * Broker-wide defaults: the properties file format (as Java reads it), Kafka's setting names
 * mapped onto the broker config, and `minikafka start --config ... --log-*` over the real CLI,
 * checked through DescribeConfigs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyBrokerProperties, parseProperties } from '../../src/brokerProperties';
import { DEFAULT_CONFIG, devDefaults } from '../../src/config';
import { DescribeConfigs, DescribeConfigsResponse } from '../../wire/apis/DescribeConfigs';
import { TestClient } from '../server/client';
import { BIN, ensureBuilt, ROOT, runCli } from '../server/cliRunner';

describe('parseProperties', () => {
  test('=, : and white space separate; # and ! comment; blank lines are skipped', () => {
    const text = ['# a comment', '! another', '', 'a=1', 'b : 2', 'c 3', '  d=  spaced value  ', 'e=', 'f'].join('\n');
    expect(parseProperties(text).map(({ key, value }) => [key, value])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', 'spaced value  '],
      ['e', ''],
      ['f', ''],
    ]);
  });

  test('a trailing backslash continues the line (leading spaces of the next dropped); \\\\ does not', () => {
    const text = 'list=a,\\\n    b,\\\r\n    c\nliteral=ends\\\\\nnext=1';
    expect(parseProperties(text)).toEqual([
      { key: 'list', value: 'a,b,c', line: 1 },
      { key: 'literal', value: 'ends\\', line: 4 },
      { key: 'next', value: '1', line: 5 },
    ]);
  });

  test('escapes: \\t \\n \\uXXXX, escaped separators in keys, # inside a value', () => {
    const text = 'tab=a\\tb\nuni=\\u00e9t\\u00e9\nkey\\=with\\:seps=v\nhash=a#b';
    expect(parseProperties(text).map(({ key, value }) => [key, value])).toEqual([
      ['tab', 'a\tb'],
      ['uni', 'été'],
      ['key=with:seps', 'v'],
      ['hash', 'a#b'],
    ]);
  });
});

describe('applyBrokerProperties', () => {
  test('Kafka\'s names set the broker config; the base is left alone', () => {
    const base = devDefaults();
    const text = [
      'log.retention.hours=2',
      'log.retention.bytes=1000000',
      'log.segment.bytes=1048576',
      'log.roll.hours=1',
      'log.cleanup.policy=compact, delete',
      'log.cleaner.delete.retention.ms=500',
      'log.cleaner.min.compaction.lag.ms=100',
      'log.message.timestamp.type=LogAppendTime',
      'log.retention.check.interval.ms=2000',
      'num.partitions=3',
      'auto.create.topics.enable=false',
      'message.max.bytes=2000000',
      'group.initial.rebalance.delay.ms=10',
      'node.id=4',
      'log.dirs=/var/lib/minikafka',
    ].join('\n');
    const { config, unknown } = applyBrokerProperties(base, text);
    expect(unknown).toEqual([]);
    expect(config.topicDefaults).toMatchObject({
      retentionMs: 2 * 3600000,
      retentionBytes: 1000000,
      cleanupPolicy: 'compact,delete',
      deleteRetentionMs: 500,
      minCompactionLagMs: 100,
      messageTimestampType: 'LogAppendTime',
      retentionCheckIntervalMs: 2000,
    });
    expect(config.log).toMatchObject({ segmentBytes: 1048576, segmentMs: 3600000 });
    expect(config).toMatchObject({ numPartitions: 3, autoCreateTopics: false, messageMaxBytes: 2000000, nodeId: 4, dataDir: '/var/lib/minikafka' });
    expect(config.groups.initialRebalanceDelayMs).toBe(10);
    expect(base).toEqual(devDefaults());
    expect(DEFAULT_CONFIG.topicDefaults.retentionMs).toBe(604800000);
  });

  test('group.consumer.* and group.share.* set the KIP-848 and share group defaults', () => {
    const text = [
      'group.consumer.session.timeout.ms=20000',
      'group.consumer.heartbeat.interval.ms=2000',
      'group.share.record.lock.duration.ms=5000',
      'group.share.min.record.lock.duration.ms=2000',
      'group.share.delivery.count.limit=3',
      'group.share.heartbeat.interval.ms=1000',
      'group.share.max.size=10',
    ].join('\n');
    const { config, unknown } = applyBrokerProperties(DEFAULT_CONFIG, text);
    expect(unknown).toEqual([]);
    expect(config.consumerGroups).toMatchObject({ sessionTimeoutMs: 20000, heartbeatIntervalMs: 2000 });
    expect(config.shareGroups).toMatchObject({
      recordLockDurationMs: 5000,
      minRecordLockDurationMs: 2000,
      deliveryCountLimit: 3,
      heartbeatIntervalMs: 1000,
      maxSize: 10,
    });
    expect(DEFAULT_CONFIG.shareGroups.recordLockDurationMs).toBe(30000);
  });

  test('log.retention.ms wins over .minutes over .hours whatever the order; unknown keys are listed once', () => {
    const { config, unknown } = applyBrokerProperties(DEFAULT_CONFIG, 'log.retention.ms=1234\nlog.retention.hours=5\nlog.retention.minutes=7\nlisteners=PLAINTEXT://:9092\nlisteners=x\nfoo.bar=1');
    expect(config.topicDefaults.retentionMs).toBe(1234);
    expect(unknown).toEqual(['listeners', 'foo.bar']);
    expect(applyBrokerProperties(DEFAULT_CONFIG, 'log.retention.hours=5\nlog.retention.minutes=7').config.topicDefaults.retentionMs).toBe(7 * 60000);
  });

  test('a bad value names the file, the line and Kafka\'s reason', () => {
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, '# c\nnum.partitions=0', 'server.properties')).toThrow(
      'server.properties line 2: Invalid value 0 for configuration num.partitions: Value must be at least 1',
    );
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, 'log.retention.ms=week')).toThrow(
      'broker.properties line 1: Invalid value week for configuration log.retention.ms: Not a number of type LONG',
    );
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, 'log.cleanup.policy=forever')).toThrow(/String must be one of: compact, delete/);
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, 'auto.create.topics.enable=maybe')).toThrow(/Expected value to be either true or false/);
  });

  test('connection limits: max.connections, max.connections.per.ip (and overrides), connections.max.idle.ms', () => {
    expect(DEFAULT_CONFIG.connections).toEqual({ maxConnections: 2147483647, maxConnectionsPerIp: 2147483647, maxConnectionsPerIpOverrides: {}, idleMs: 600000 });
    const text = 'max.connections=100\nmax.connections.per.ip=10\nmax.connections.per.ip.overrides=127.0.0.1:50,10.0.0.9:0\nconnections.max.idle.ms=-1';
    const { config, unknown } = applyBrokerProperties(DEFAULT_CONFIG, text);
    expect(unknown).toEqual([]);
    expect(config.connections).toEqual({ maxConnections: 100, maxConnectionsPerIp: 10, maxConnectionsPerIpOverrides: { '127.0.0.1': 50, '10.0.0.9': 0 }, idleMs: -1 });
    expect(DEFAULT_CONFIG.connections.maxConnections).toBe(2147483647);
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, 'max.connections=-1')).toThrow('Invalid value -1 for configuration max.connections: Value must be at least 0');
    expect(() => applyBrokerProperties(DEFAULT_CONFIG, 'x=1\nmax.connections.per.ip.overrides=127.0.0.1')).toThrow(
      'broker.properties line 2: Invalid value 127.0.0.1 for configuration max.connections.per.ip.overrides: "127.0.0.1" is not host:count',
    );
  });
});

describe('minikafka start --config', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  beforeAll(() => ensureBuilt(), 120000);
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-props-'));
    dirs.push(dir);
    return dir;
  }

  /** Start the CLI and resolve with its port once it logs that it listens. */
  function start(args: string[]): Promise<{ port: number; stderr: () => string }> {
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--log-level', 'info', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`not listening; stderr: ${stderr}`)), 10000);
      child.stdout!.on('data', (d) => {
        out += d;
        const match = /"port":(\d+)[^\n]*listening|listening[^\n]*"port":(\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve({ port: Number(match[1] ?? match[2]), stderr: () => stderr });
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
  }

  test('the file sets the defaults, flags win over it, unknown keys get one warning', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broker.properties');
    fs.writeFileSync(file, `log.retention.ms=60000\nlog.segment.bytes=2048\nnum.partitions=4\nlog.dirs=${path.join(dir, 'data')}\nlisteners=PLAINTEXT://:9092\n`);
    const { port, stderr } = await start(['--config', file, '--log-segment-bytes', '4096', '--log-retention-bytes', '9999']);
    const client = await TestClient.connect(port);
    try {
      const res: DescribeConfigsResponse = await client.request(DescribeConfigs, 4, {
        resources: [{ resourceType: 4, resourceName: '1', configurationKeys: ['log.retention.ms', 'log.retention.bytes', 'log.segment.bytes', 'num.partitions', 'log.dirs'] }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(Object.fromEntries(res.results[0].configs.map((e) => [e.name, e.value]))).toEqual({
        'log.dirs': path.join(dir, 'data'),
        'num.partitions': '4',
        'log.retention.ms': '60000',
        'log.retention.bytes': '9999',
        'log.segment.bytes': '4096',
      });
    } finally {
      await client.close();
    }
    expect(stderr()).toContain(`ignoring settings minikafka does not know in ${file} (as Kafka ignores unknown ones): listeners`);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(true);
  }, 20000);

  test('connection limits from the file and flags: described back, and enforced', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broker.properties');
    fs.writeFileSync(file, `max.connections.per.ip=2\nconnections.max.idle.ms=60000\nlog.dirs=${path.join(dir, 'data')}\n`);
    const { port } = await start(['--config', file, '--max-connections', '5']);
    const client = await TestClient.connect(port);
    const second = await TestClient.connect(port);
    const third = await TestClient.connect(port);
    try {
      expect(await third.waitClosed(2000)).toBe(true); // a third from 127.0.0.1 is one too many
      const res: DescribeConfigsResponse = await client.request(DescribeConfigs, 4, {
        resources: [{ resourceType: 4, resourceName: '1', configurationKeys: ['max.connections', 'max.connections.per.ip', 'connections.max.idle.ms'] }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(Object.fromEntries(res.results[0].configs.map((e) => [e.name, e.value]))).toEqual({
        'max.connections': '5',
        'max.connections.per.ip': '2',
        'connections.max.idle.ms': '60000',
      });
    } finally {
      await client.close();
      await second.close();
    }
  }, 20000);

  test('a bad value or a missing file exits 2 saying what is wrong', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.properties');
    fs.writeFileSync(file, 'log.segment.bytes=big\n');
    const bad = await runCli(['start', '--config', file, '--port', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file} line 1: Invalid value big for configuration log.segment.bytes: Not a number of type INT`);
    const missing = await runCli(['start', '--config', path.join(dir, 'nope.properties'), '--port', '0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read --config');
    const flag = await runCli(['start', '--log-segment-bytes', '10', '--port', '0']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--log-segment-bytes must be a whole number of at least 14');
  }, 30000);
});
