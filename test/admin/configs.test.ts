/**
 * Topic and broker configs over real TCP: DescribeConfigs (v0 isDefault, v1+ sources and
 * synonyms, v3+ types and documentation), AlterConfigs (replaces the set) and
 * IncrementalAlterConfigs (SET/DELETE/APPEND/SUBTRACT), with Kafka's error codes and messages;
 * changes persist across a restart on disk and in memory.
 */
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { AlterConfigs, AlterConfigsResponse } from '../../wire/apis/AlterConfigs';
import { CreateTopics, CreateTopicsResponse } from '../../wire/apis/CreateTopics';
import { DescribeConfigs, DescribeConfigsResponse, DescribeConfigsResult } from '../../wire/apis/DescribeConfigs';
import { IncrementalAlterConfigs, IncrementalAlterConfigsResponse } from '../../wire/apis/IncrementalAlterConfigs';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, createTopic, TestClient } from '../server/client';

const TOPIC = 2;
const BROKER = 4;
const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

const pool = new ClientPool();
let broker: EmbeddedBroker;
let c: TestClient;
let topicCount = 0;

beforeAll(async () => {
  // Broker defaults that differ from Kafka's, so that describing shows where values come from.
  broker = await startBroker({ config: { topicDefaults: { retentionMs: 3600000 } as never, messageMaxBytes: 2000000 } });
});
beforeEach(async () => {
  c = await pool.connect(broker.port);
});
afterEach(() => pool.closeAll());
afterAll(() => broker.stop());

async function newTopic(): Promise<string> {
  const name = `configs-${++topicCount}`;
  await createTopic(c, name, 1);
  return name;
}

async function describeConfigs(
  version: number,
  resources: { resourceType: number; resourceName: string; configurationKeys: string[] | null }[],
  options: { includeSynonyms?: boolean; includeDocumentation?: boolean } = {},
): Promise<DescribeConfigsResult[]> {
  const res: DescribeConfigsResponse = await c.request(DescribeConfigs, version, {
    resources,
    includeSynonyms: options.includeSynonyms ?? false,
    includeDocumentation: options.includeDocumentation ?? false,
  });
  return res.results;
}

async function topicConfig(topic: string, name: string, version = 4, options = {}) {
  const [result] = await describeConfigs(version, [{ resourceType: TOPIC, resourceName: topic, configurationKeys: [name] }], options);
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return result.configs[0];
}

function alter(resources: { resourceType: number; resourceName: string; configs: { name: string; value: string | null }[] }[], validateOnly = false, version = 2) {
  return c.request<AlterConfigsResponse>(AlterConfigs, version, { resources, validateOnly }).then((r) => r.responses);
}

function incremental(
  resourceName: string,
  configs: { name: string; configOperation: number; value: string | null }[],
  options: { validateOnly?: boolean; resourceType?: number; version?: number } = {},
) {
  return c
    .request<IncrementalAlterConfigsResponse>(IncrementalAlterConfigs, options.version ?? 1, {
      resources: [{ resourceType: options.resourceType ?? TOPIC, resourceName, configs }],
      validateOnly: options.validateOnly ?? false,
    })
    .then((r) => r.responses[0]);
}

describe('DescribeConfigs', () => {
  test('every Kafka topic config is described, with the broker defaults this broker was started with', async () => {
    const topic = await newTopic();
    const [result] = await describeConfigs(4, [{ resourceType: TOPIC, resourceName: topic, configurationKeys: null }]);
    expect(result).toMatchObject({ errorCode: ErrorCode.NONE, errorMessage: null, resourceType: TOPIC, resourceName: topic });
    const byName = Object.fromEntries(result.configs.map((e) => [e.name, e]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['cleanup.policy', 'retention.ms', 'segment.bytes', 'max.message.bytes', 'min.insync.replicas']));
    expect(result.configs).toHaveLength(31);
    expect(byName['retention.ms']).toMatchObject({ value: '3600000', configSource: STATIC_BROKER_CONFIG, readOnly: false, isSensitive: false });
    expect(byName['max.message.bytes']).toMatchObject({ value: '2000000', configSource: STATIC_BROKER_CONFIG });
    expect(byName['cleanup.policy']).toMatchObject({ value: 'delete', configSource: DEFAULT_CONFIG });
    expect(byName['segment.bytes']).toMatchObject({ value: '1073741824', configSource: DEFAULT_CONFIG, configType: 3 /* INT */ });
    expect(byName['retention.ms'].configType).toBe(5); // LONG
    expect(byName['cleanup.policy'].configType).toBe(7); // LIST
    expect(byName['message.timestamp.type'].configType).toBe(2); // STRING
    expect(byName['preallocate'].configType).toBe(1); // BOOLEAN
    expect(byName['min.cleanable.dirty.ratio'].configType).toBe(6); // DOUBLE
    expect(byName['retention.ms'].synonyms).toEqual([]); // not asked for
    expect(byName['retention.ms'].documentation).toBeNull(); // not asked for
  });

  test('v0 says isDefault; v1+ the source and, when asked, the synonyms in Kafka\'s order; v3+ documentation when asked', async () => {
    const topic = `configs-${++topicCount}`;
    const created: CreateTopicsResponse = await c.request(CreateTopics, 7, {
      topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '60000' }] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);

    const v0 = await topicConfig(topic, 'retention.ms', 0);
    expect(v0).toMatchObject({ value: '60000', isDefault: false });
    expect((await topicConfig(topic, 'cleanup.policy', 0)).isDefault).toBe(true);

    const v1 = await topicConfig(topic, 'retention.ms', 1, { includeSynonyms: true });
    expect(v1).toMatchObject({ value: '60000', configSource: DYNAMIC_TOPIC_CONFIG });
    expect(v1.synonyms).toEqual([
      { name: 'retention.ms', value: '60000', source: DYNAMIC_TOPIC_CONFIG },
      { name: 'log.retention.ms', value: '3600000', source: STATIC_BROKER_CONFIG },
      { name: 'log.retention.hours', value: '168', source: DEFAULT_CONFIG },
    ]);
    const segment = await topicConfig(topic, 'segment.bytes', 2, { includeSynonyms: true });
    expect(segment.synonyms).toEqual([{ name: 'log.segment.bytes', value: '1073741824', source: DEFAULT_CONFIG }]);

    const v3 = await topicConfig(topic, 'cleanup.policy', 3, { includeDocumentation: true });
    expect(v3.documentation).toMatch(/compact/);
    expect(v3.configType).toBe(7);
  });

  test('unknown topic is 3, an illegal name 17; unknown keys are left out', async () => {
    const [missing, illegal] = await describeConfigs(4, [
      { resourceType: TOPIC, resourceName: 'no-such-topic', configurationKeys: null },
      { resourceType: TOPIC, resourceName: 'bad/name', configurationKeys: null },
    ]);
    expect(missing).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: "Topic 'no-such-topic' does not exist.", configs: [] });
    expect(illegal.errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    const topic = await newTopic();
    const [only] = await describeConfigs(4, [{ resourceType: TOPIC, resourceName: topic, configurationKeys: ['retention.bytes', 'not.a.config'] }]);
    expect(only.configs.map((e) => e.name)).toEqual(['retention.bytes']);
  });

  test('the broker resource is named by this node\'s id; its settings are read-only, under Kafka\'s names', async () => {
    const [node, other, notNumber, defaults] = await describeConfigs(4, [
      { resourceType: BROKER, resourceName: '1', configurationKeys: null },
      { resourceType: BROKER, resourceName: '2', configurationKeys: null },
      { resourceType: BROKER, resourceName: 'one', configurationKeys: null },
      { resourceType: BROKER, resourceName: '', configurationKeys: null },
    ]);
    expect(node.errorCode).toBe(ErrorCode.NONE);
    const byName = Object.fromEntries(node.configs.map((e) => [e.name, e]));
    expect(byName['log.retention.ms']).toMatchObject({ value: '3600000', readOnly: true, configSource: STATIC_BROKER_CONFIG, configType: 5 });
    expect(byName['num.partitions']).toMatchObject({ value: '1', readOnly: true, configSource: DEFAULT_CONFIG });
    expect(byName['log.segment.bytes']).toMatchObject({ value: '1073741824' });
    expect(byName['auto.create.topics.enable']).toMatchObject({ value: 'true', configType: 1 });
    expect(byName['group.initial.rebalance.delay.ms']).toMatchObject({ value: '0', configSource: STATIC_BROKER_CONFIG }); // the dev preset
    expect(other).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Unexpected broker id, expected 1 or empty string, but received 2', configs: [] });
    expect(notNumber).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Broker id must be an integer, but it is: one' });
    expect(defaults).toMatchObject({ errorCode: ErrorCode.NONE, configs: [] });
  });
});

describe('AlterConfigs', () => {
  test('replaces the whole set: keys left out go back to their defaults', async () => {
    const topic = await newTopic();
    let [r] = await alter([{ resourceType: TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', value: '1000' }, { name: 'cleanup.policy', value: 'compact' }] }]);
    expect(r).toEqual({ errorCode: ErrorCode.NONE, errorMessage: null, resourceType: TOPIC, resourceName: topic });
    expect(await topicConfig(topic, 'retention.ms')).toMatchObject({ value: '1000', configSource: DYNAMIC_TOPIC_CONFIG });
    expect((await topicConfig(topic, 'cleanup.policy')).value).toBe('compact');

    [r] = await alter([{ resourceType: TOPIC, resourceName: topic, configs: [{ name: 'retention.bytes', value: '5000' }] }], false, 0);
    expect(r.errorCode).toBe(ErrorCode.NONE);
    expect(await topicConfig(topic, 'retention.ms')).toMatchObject({ value: '3600000', configSource: STATIC_BROKER_CONFIG });
    expect(await topicConfig(topic, 'cleanup.policy')).toMatchObject({ value: 'delete', configSource: DEFAULT_CONFIG });
    expect((await topicConfig(topic, 'retention.bytes')).value).toBe('5000');
  });

  test('bad values are 40 INVALID_CONFIG with Kafka\'s message, and change nothing', async () => {
    const topic = await newTopic();
    const cases: [string, string, string][] = [
      ['retention.ms', 'soon', 'Invalid value soon for configuration retention.ms: Not a number of type LONG'],
      ['segment.bytes', '10', 'Invalid value 10 for configuration segment.bytes: Value must be at least 14'],
      ['segment.bytes', '4294967296', 'Invalid value 4294967296 for configuration segment.bytes: Not a number of type INT'],
      ['cleanup.policy', 'compact,archive', 'Invalid value archive for configuration cleanup.policy: String must be one of: compact, delete'],
      ['message.timestamp.type', 'BrokerTime', 'Invalid value BrokerTime for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime'],
      ['preallocate', 'yes', 'Invalid value yes for configuration preallocate: Expected value to be either true or false'],
      ['min.cleanable.dirty.ratio', '1.5', 'Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1'],
      ['min.insync.replicas', '0', 'Invalid value 0 for configuration min.insync.replicas: Value must be at least 1'],
      ['retention.msec', '1', 'Unknown topic config name: retention.msec'],
    ];
    for (const [name, value, message] of cases) {
      const [r] = await alter([{ resourceType: TOPIC, resourceName: topic, configs: [{ name, value }] }]);
      expect(r).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: message });
    }
    expect((await topicConfig(topic, 'cleanup.policy')).configSource).toBe(DEFAULT_CONFIG);
  });

  test('validateOnly checks without changing; unknown topic is 3; broker settings cannot change at run time', async () => {
    const topic = await newTopic();
    const [checked, missing, node] = await alter(
      [
        { resourceType: TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', value: '1000' }] },
        { resourceType: TOPIC, resourceName: 'no-such-topic', configs: [] },
        { resourceType: BROKER, resourceName: '1', configs: [{ name: 'log.retention.ms', value: '1000' }] },
      ],
      true,
    );
    expect(checked.errorCode).toBe(ErrorCode.NONE);
    expect((await topicConfig(topic, 'retention.ms')).configSource).toBe(STATIC_BROKER_CONFIG);
    expect(missing.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(node.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(node.errorMessage).toMatch(/^Invalid config value for resource ConfigResource\(type=BROKER, name='1'\): Cannot update these configs dynamically: log.retention.ms\./);
  });
});

describe('IncrementalAlterConfigs', () => {
  test('SET and DELETE change single keys; the others stay', async () => {
    const topic = await newTopic();
    expect(await incremental(topic, [{ name: 'retention.ms', configOperation: SET, value: '1000' }, { name: 'retention.bytes', configOperation: SET, value: '100000' }], { version: 0 })).toMatchObject({
      errorCode: ErrorCode.NONE,
    });
    expect(await incremental(topic, [{ name: 'retention.ms', configOperation: DELETE, value: null }])).toMatchObject({ errorCode: ErrorCode.NONE });
    expect((await topicConfig(topic, 'retention.ms')).configSource).toBe(STATIC_BROKER_CONFIG);
    expect(await topicConfig(topic, 'retention.bytes')).toMatchObject({ value: '100000', configSource: DYNAMIC_TOPIC_CONFIG });
  });

  test('APPEND and SUBTRACT work on lists, from the default when unset; other types are 40', async () => {
    const topic = await newTopic();
    expect((await incremental(topic, [{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }])).errorCode).toBe(ErrorCode.NONE);
    expect((await topicConfig(topic, 'cleanup.policy')).value).toBe('delete,compact');
    expect((await incremental(topic, [{ name: 'cleanup.policy', configOperation: APPEND, value: 'delete' }])).errorCode).toBe(ErrorCode.NONE);
    expect((await topicConfig(topic, 'cleanup.policy')).value).toBe('delete,compact');
    expect((await incremental(topic, [{ name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' }])).errorCode).toBe(ErrorCode.NONE);
    expect((await topicConfig(topic, 'cleanup.policy')).value).toBe('compact');

    expect(await incremental(topic, [{ name: 'retention.ms', configOperation: APPEND, value: '1' }])).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: 'Config value append is not allowed for config key: retention.ms',
    });
    expect(await incremental(topic, [{ name: 'retention.ms', configOperation: SUBTRACT, value: '1' }])).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: 'Config value subtract is not allowed for config key: retention.ms',
    });
  });

  test('bad values are 40, duplicate keys 42, validateOnly changes nothing, unknown topic is 3', async () => {
    const topic = await newTopic();
    expect(await incremental(topic, [{ name: 'segment.ms', configOperation: SET, value: '0' }])).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: 'Invalid value 0 for configuration segment.ms: Value must be at least 1',
    });
    expect(
      await incremental(topic, [
        { name: 'retention.ms', configOperation: SET, value: '1' },
        { name: 'retention.ms', configOperation: DELETE, value: null },
      ]),
    ).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Error due to duplicate config keys' });
    expect((await incremental(topic, [{ name: 'retention.ms', configOperation: SET, value: '1' }], { validateOnly: true })).errorCode).toBe(ErrorCode.NONE);
    expect((await topicConfig(topic, 'retention.ms')).configSource).toBe(STATIC_BROKER_CONFIG);
    expect((await incremental('no-such-topic', [])).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await incremental('1', [{ name: 'num.partitions', configOperation: SET, value: '3' }], { resourceType: BROKER })).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });
});

describe.each([
  ['on disk', false],
  ['in memory', true],
])('configs survive a restart %s', (_name, inMemory) => {
  test('altered configs come back', async () => {
    const own = await startBroker({ inMemory, topics: ['kept'] });
    try {
      const client = await TestClient.connect(own.port);
      const res: IncrementalAlterConfigsResponse = await client.request(IncrementalAlterConfigs, 1, {
        resources: [{ resourceType: TOPIC, resourceName: 'kept', configs: [{ name: 'cleanup.policy', configOperation: SET, value: 'compact' }, { name: 'retention.ms', configOperation: SET, value: '5000' }] }],
        validateOnly: false,
      });
      expect(res.responses[0].errorCode).toBe(ErrorCode.NONE);
      await client.close();
      await own.restart();
      const again = await TestClient.connect(own.port);
      const described: DescribeConfigsResponse = await again.request(DescribeConfigs, 4, {
        resources: [{ resourceType: TOPIC, resourceName: 'kept', configurationKeys: ['cleanup.policy', 'retention.ms'] }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(described.results[0].configs.map((e) => [e.name, e.value, e.configSource])).toEqual([
        ['cleanup.policy', 'compact', DYNAMIC_TOPIC_CONFIG],
        ['retention.ms', '5000', DYNAMIC_TOPIC_CONFIG],
      ]);
      await again.close();
    } finally {
      await own.stop();
    }
  });
});
