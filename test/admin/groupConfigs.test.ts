/**
 * Group configs (the GROUP config resource, type 32) over real TCP: DescribeConfigs lists every
 * group config with the group's value or the broker's default; IncrementalAlterConfigs (SET,
 * DELETE) and AlterConfigs (the whole set) change them with Kafka's validation and errors; they
 * survive a restart. (How they apply to share-partitions: test/share/partition.)
 */
import { devDefaults, resolveConfig } from '../../src/config';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { GroupConfigs, parseIsoDurationMs } from '../../src/groups/GroupConfigs';
import { MemoryVolume } from '../../src/storage/MemoryVolume';
import { AlterConfigs, AlterConfigsResponse } from '../../wire/apis/AlterConfigs';
import { DescribeConfigs, DescribeConfigsResponse, DescribeConfigsResult } from '../../wire/apis/DescribeConfigs';
import { IncrementalAlterConfigs, IncrementalAlterConfigsResponse } from '../../wire/apis/IncrementalAlterConfigs';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient } from '../server/client';

const GROUP = 32;
const SET = 0;
const DELETE = 1;
const APPEND = 2;
const DEFAULT_CONFIG = 5;
const GROUP_CONFIG = 8;
const INT = 3;
const STRING = 2;

const pool = new ClientPool();
let broker: EmbeddedBroker;
let c: TestClient;
let groupCount = 0;

beforeAll(async () => {
  // The dev preset (startBroker's default) lowers group.share.min.record.lock.duration.ms to 1000.
  broker = await startBroker({ config: { shareGroups: { recordLockDurationMs: 20000 } as never } });
});
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(() => pool.closeAll());
afterAll(() => broker.stop());

const newGroup = () => `group-configs-${++groupCount}`;

async function describe_(group: string, keys: string[] | null = null, version = 4, includeSynonyms = false): Promise<DescribeConfigsResult> {
  const res: DescribeConfigsResponse = await c.request(DescribeConfigs, version, {
    resources: [{ resourceType: GROUP, resourceName: group, configurationKeys: keys }],
    includeSynonyms,
    includeDocumentation: false,
  });
  return res.results[0];
}

async function values(group: string): Promise<Record<string, [string | null, number]>> {
  const result = await describe_(group);
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return Object.fromEntries(result.configs.map((e) => [e.name, [e.value, e.configSource]]));
}

function incremental(group: string, configs: { name: string; configOperation: number; value: string | null }[], validateOnly = false) {
  return c
    .request<IncrementalAlterConfigsResponse>(IncrementalAlterConfigs, 1, { resources: [{ resourceType: GROUP, resourceName: group, configs }], validateOnly })
    .then((r) => r.responses[0]);
}

const set = (name: string, value: string | null) => ({ name, configOperation: SET, value });

describe('DescribeConfigs on a group', () => {
  it('lists every group config with the broker default, for any group id (existing or not)', async () => {
    const result = await describe_(newGroup());
    expect(result).toMatchObject({ errorCode: ErrorCode.NONE, errorMessage: null, resourceType: GROUP });
    expect(result.configs.map((e) => [e.name, e.value, e.configSource, e.readOnly, e.configType])).toEqual([
      ['consumer.heartbeat.interval.ms', '500', DEFAULT_CONFIG, false, INT],
      ['consumer.session.timeout.ms', '10000', DEFAULT_CONFIG, false, INT],
      ['share.auto.offset.reset', 'latest', DEFAULT_CONFIG, false, STRING],
      ['share.delivery.count.limit', '5', DEFAULT_CONFIG, false, INT],
      ['share.heartbeat.interval.ms', '500', DEFAULT_CONFIG, false, INT],
      ['share.isolation.level', 'read_uncommitted', DEFAULT_CONFIG, false, STRING],
      ['share.record.lock.duration.ms', '20000', DEFAULT_CONFIG, false, INT],
      ['share.session.timeout.ms', '10000', DEFAULT_CONFIG, false, INT],
    ]);
  });

  it('filters by configuration keys and gives synonyms when asked', async () => {
    const group = newGroup();
    expect((await incremental(group, [set('share.delivery.count.limit', '3')])).errorCode).toBe(ErrorCode.NONE);
    const result = await describe_(group, ['share.delivery.count.limit'], 4, true);
    expect(result.configs).toHaveLength(1);
    expect(result.configs[0]).toMatchObject({ name: 'share.delivery.count.limit', value: '3', configSource: GROUP_CONFIG, isDefault: false });
    expect(result.configs[0].synonyms).toEqual([{ name: 'share.delivery.count.limit', value: '3', source: GROUP_CONFIG }]);
  });

  it('refuses the empty (default) group resource', async () => {
    expect((await describe_('')).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });
});

describe('IncrementalAlterConfigs on a group', () => {
  it('SET and DELETE change single configs; the others stay', async () => {
    const group = newGroup();
    const r = await incremental(group, [set('share.auto.offset.reset', 'earliest'), set('share.record.lock.duration.ms', '1000'), set('share.isolation.level', 'read_committed')]);
    expect(r).toEqual({ errorCode: ErrorCode.NONE, errorMessage: null, resourceType: GROUP, resourceName: group });
    expect(await values(group)).toMatchObject({
      'share.auto.offset.reset': ['earliest', GROUP_CONFIG],
      'share.record.lock.duration.ms': ['1000', GROUP_CONFIG],
      'share.isolation.level': ['read_committed', GROUP_CONFIG],
      'share.delivery.count.limit': ['5', DEFAULT_CONFIG],
    });

    expect((await incremental(group, [{ name: 'share.record.lock.duration.ms', configOperation: DELETE, value: null }])).errorCode).toBe(ErrorCode.NONE);
    expect(await values(group)).toMatchObject({
      'share.auto.offset.reset': ['earliest', GROUP_CONFIG],
      'share.record.lock.duration.ms': ['20000', DEFAULT_CONFIG],
    });
  });

  it('accepts by_duration with an ISO-8601 duration', async () => {
    const group = newGroup();
    expect((await incremental(group, [set('share.auto.offset.reset', 'by_duration:PT1H30M')])).errorCode).toBe(ErrorCode.NONE);
    expect((await values(group))['share.auto.offset.reset']).toEqual(['by_duration:PT1H30M', GROUP_CONFIG]);
  });

  it.each([
    [set('share.auto.offset.reset', 'oldest'), /^Invalid value oldest for configuration share.auto.offset.reset: .*'by_duration:<PnDTnHnMn.nS.>'/],
    [set('share.auto.offset.reset', 'by_duration'), /share.auto.offset.reset/],
    [set('share.auto.offset.reset', 'by_duration:-PT1H'), /share.auto.offset.reset/],
    [set('share.auto.offset.reset', 'by_duration:1h'), /share.auto.offset.reset/],
    [set('share.isolation.level', 'serializable'), /^Invalid value serializable for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted$/],
    [set('share.record.lock.duration.ms', 'soon'), /^Invalid value soon for configuration share.record.lock.duration.ms: Not a number of type INT$/],
    [set('share.record.lock.duration.ms', '999'), /^Invalid value 999 for configuration share.record.lock.duration.ms: Value must be at least 1000$/],
    [set('share.record.lock.duration.ms', '60001'), /^share.record.lock.duration.ms must be in the range 1000 to 60000 inclusive.$/],
    [set('share.delivery.count.limit', '1'), /^Invalid value 1 for configuration share.delivery.count.limit: Value must be at least 2$/],
    [set('share.delivery.count.limit', '11'), /^share.delivery.count.limit must be in the range 2 to 10 inclusive.$/],
    [set('share.session.timeout.ms', '400'), /^share.session.timeout.ms must be in the range 10000 to 60000 inclusive.$/],
    [set('consumer.heartbeat.interval.ms', '20000'), /^consumer.heartbeat.interval.ms must be in the range 500 to 15000 inclusive.$/],
    [set('group.share.record.lock.duration.ms', '1000'), /^Unknown group config name: group.share.record.lock.duration.ms$/],
  ])('INVALID_CONFIG for %j', async (config, message) => {
    const group = newGroup();
    const r = await incremental(group, [config]);
    expect(r.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(r.errorMessage).toMatch(message);
    expect(Object.values(await values(group)).every(([, source]) => source === DEFAULT_CONFIG)).toBe(true);
  });

  it('INVALID_CONFIG when the session timeout would not exceed the heartbeat interval (with the broker default for the other)', async () => {
    const group = newGroup();
    const r = await incremental(group, [set('share.heartbeat.interval.ms', '10000')]);
    expect(r).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: 'share.session.timeout.ms must be greater than share.heartbeat.interval.ms' });
    expect((await incremental(group, [set('share.heartbeat.interval.ms', '10000'), set('share.session.timeout.ms', '15000')])).errorCode).toBe(ErrorCode.NONE);
  });

  it('APPEND is not allowed (no group config is a list); null SET is INVALID_REQUEST; validateOnly changes nothing', async () => {
    const group = newGroup();
    const appended = await incremental(group, [{ name: 'share.isolation.level', configOperation: APPEND, value: 'read_committed' }]);
    expect(appended).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: 'Config value append is not allowed for config key: share.isolation.level' });
    expect((await incremental(group, [set('share.isolation.level', null)])).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect((await incremental(group, [set('share.delivery.count.limit', '4')], true)).errorCode).toBe(ErrorCode.NONE);
    expect((await values(group))['share.delivery.count.limit']).toEqual(['5', DEFAULT_CONFIG]);
  });
});

describe('AlterConfigs on a group', () => {
  it('replaces the whole set, with the same validation', async () => {
    const group = newGroup();
    const alter = (configs: { name: string; value: string | null }[]) =>
      c.request<AlterConfigsResponse>(AlterConfigs, 2, { resources: [{ resourceType: GROUP, resourceName: group, configs }], validateOnly: false }).then((r) => r.responses[0]);
    expect((await alter([{ name: 'share.delivery.count.limit', value: '3' }, { name: 'share.auto.offset.reset', value: 'earliest' }])).errorCode).toBe(ErrorCode.NONE);
    expect((await alter([{ name: 'share.delivery.count.limit', value: '4' }])).errorCode).toBe(ErrorCode.NONE);
    expect(await values(group)).toMatchObject({
      'share.delivery.count.limit': ['4', GROUP_CONFIG],
      'share.auto.offset.reset': ['latest', DEFAULT_CONFIG],
    });
    expect(await alter([{ name: 'share.delivery.count.limit', value: '0' }])).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
  });
});

describe.each([
  ['on disk', false],
  ['in memory', true],
])('group configs survive a restart %s', (_name, inMemory) => {
  test('altered group configs come back', async () => {
    const own = await startBroker({ inMemory });
    try {
      const client = await TestClient.connect(own.port);
      const res: IncrementalAlterConfigsResponse = await client.request(IncrementalAlterConfigs, 1, {
        resources: [{ resourceType: GROUP, resourceName: 'kept', configs: [set('share.delivery.count.limit', '7'), set('consumer.session.timeout.ms', '50000')] }],
        validateOnly: false,
      });
      expect(res.responses[0].errorCode).toBe(ErrorCode.NONE);
      await client.close();
      await own.restart();
      const again = await TestClient.connect(own.port);
      const described: DescribeConfigsResponse = await again.request(DescribeConfigs, 4, {
        resources: [{ resourceType: GROUP, resourceName: 'kept', configurationKeys: ['consumer.session.timeout.ms', 'share.delivery.count.limit'] }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(described.results[0].configs.map((e) => [e.name, e.value, e.configSource])).toEqual([
        ['consumer.session.timeout.ms', '50000', GROUP_CONFIG],
        ['share.delivery.count.limit', '7', GROUP_CONFIG],
      ]);
      await again.close();
    } finally {
      await own.stop();
    }
  });
});

describe('GroupConfigs on its own', () => {
  it('reads ISO-8601 durations as Java\'s Duration.parse does', () => {
    expect(parseIsoDurationMs('PT1H')).toBe(3_600_000);
    expect(parseIsoDurationMs('P1DT2H3M4.5S')).toBe(((24 + 2) * 60 + 3) * 60_000 + 4_500);
    expect(parseIsoDurationMs('pt15m')).toBe(900_000);
    expect(parseIsoDurationMs('PT0S')).toBe(0);
    expect(parseIsoDurationMs('-PT1S')).toBe(-1000);
    for (const bad of ['', 'P', 'PT', '1H', 'PT1H2', 'P1H', 'PT1.5H']) expect(parseIsoDurationMs(bad)).toBeNull();
  });

  it('gives the share settings a group runs with: its configs over the broker defaults', () => {
    const config = devDefaults();
    const volume = new MemoryVolume();
    const configs = new GroupConfigs(config, volume);
    configs.load();
    expect(configs.shareSettings('g')).toEqual({
      autoOffsetReset: { kind: 'latest' },
      recordLockDurationMs: 30000,
      deliveryCountLimit: 5,
      partitionMaxRecordLocks: 2000,
      isolationLevel: 'read_uncommitted',
      sessionTimeoutMs: 10000,
      heartbeatIntervalMs: 500,
    });
    const own = {
      'share.auto.offset.reset': 'by_duration:P1D',
      'share.record.lock.duration.ms': '1000',
      'share.delivery.count.limit': '2',
      'share.isolation.level': 'read_committed',
      'share.session.timeout.ms': '45000',
      'share.heartbeat.interval.ms': '5000',
      'consumer.session.timeout.ms': '50000',
    };
    expect(configs.problem(own)).toBeNull();
    configs.replace('g', own);
    const reloaded = new GroupConfigs(config, volume);
    reloaded.load();
    expect(reloaded.shareSettings('g')).toEqual({
      autoOffsetReset: { kind: 'by_duration', durationMs: 86_400_000 },
      recordLockDurationMs: 1000,
      deliveryCountLimit: 2,
      partitionMaxRecordLocks: 2000,
      isolationLevel: 'read_committed',
      sessionTimeoutMs: 45000,
      heartbeatIntervalMs: 5000,
    });
    expect(reloaded.consumerSettings('g')).toEqual({ sessionTimeoutMs: 50000, heartbeatIntervalMs: 500 });
    reloaded.deleteGroup('g');
    const afterDelete = new GroupConfigs(config, volume);
    afterDelete.load();
    expect(afterDelete.configsOf('g')).toEqual({});
  });

  it('bounds share.record.lock.duration.ms by group.share.min/max.record.lock.duration.ms (Kafka: 15000 to 60000)', () => {
    const configs = new GroupConfigs(resolveConfig({}));
    expect(configs.problem({ 'share.record.lock.duration.ms': '14999' })).toBe('share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive.');
    expect(configs.problem({ 'share.record.lock.duration.ms': '15000' })).toBeNull();
  });
});
