/**
 * kafkajs's admin client against the broker: createPartitions (and kcat -L seeing them),
 * describeConfigs of a topic and of a broker (with synonyms), alterConfigs (the legacy API),
 * deleteTopicRecords, fetchTopicOffsetsByTimestamp, describeCluster, listTopics; configs and
 * partitions surviving a restart.
 */
import { Admin, ConfigResourceTypes, Partitioners, Producer } from 'kafkajs';
import { Target, isLocal, itIfLocal, kafkaClient, kcatOk, startTarget, uniqueTopic } from './harness';

let target: Target;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  target = await startTarget();
  const kafka = kafkaClient(target.brokers);
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await target?.dispose();
});

async function topicConfigs(topic: string, names?: string[]) {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: true,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }],
  });
  expect(resources[0].errorCode).toBe(0);
  return Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e]));
}

test('createPartitions grows a topic; kafkajs and kcat -L see the new partitions; shrinking is refused', async () => {
  const topic = uniqueTopic('admin-grow');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
  const described = await admin.fetchTopicMetadata({ topics: [topic] });
  expect(described.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

  await producer.send({ topic, messages: [{ partition: 2, value: 'on the new partition' }] });
  expect(await admin.fetchTopicOffsets(topic)).toEqual(
    expect.arrayContaining([expect.objectContaining({ partition: 2, offset: '1', high: '1', low: '0' })]),
  );

  const listing = await kcatOk(target.brokers, ['-L', '-t', topic]);
  expect(listing.stdout).toContain(`topic "${topic}" with 3 partitions:`);

  await expect(admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] })).rejects.toMatchObject({
    type: 'INVALID_PARTITIONS',
  });
});

test('describeConfigs of a topic: its own values and the defaults, with sources and synonyms', async () => {
  const topic = uniqueTopic('admin-describe');
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact' }] }],
  });
  const configs = await topicConfigs(topic);
  expect(configs['retention.ms']).toMatchObject({ configValue: '3600000', isDefault: false, configSource: 1, readOnly: false, isSensitive: false });
  expect(configs['retention.ms'].configSynonyms[0]).toEqual({ configName: 'retention.ms', configValue: '3600000', configSource: 1 });
  expect(configs['cleanup.policy']).toMatchObject({ configValue: 'compact', configSource: 1 });
  expect(configs['segment.bytes']).toMatchObject({ configValue: '1073741824', isDefault: true, configSource: 5 });
  expect(configs['segment.bytes'].configSynonyms).toEqual([{ configName: 'log.segment.bytes', configValue: '1073741824', configSource: 5 }]);
  expect(configs['max.message.bytes'].configValue).toBe('1048588');
  expect(configs['message.timestamp.type'].configValue).toBe('CreateTime');
  expect(configs['min.insync.replicas'].configValue).toBe('1');
});

test('describeConfigs of a broker, by its id from describeCluster', async () => {
  const { brokers, controller, clusterId } = await admin.describeCluster();
  expect(brokers.length).toBeGreaterThanOrEqual(1);
  expect(brokers.map((b) => b.nodeId)).toContain(controller);
  expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const nodeId = String(brokers[0].nodeId);
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.BROKER, name: nodeId, configNames: ['log.retention.ms', 'num.partitions', 'log.segment.bytes', 'auto.create.topics.enable'] }],
  });
  expect(resources[0]).toMatchObject({ errorCode: 0, resourceName: nodeId });
  const byName = Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
  expect(byName['log.segment.bytes']).toBe('1073741824');
  expect(byName['auto.create.topics.enable']).toBe('true');
  if (isLocal) expect(byName).toMatchObject({ 'log.retention.ms': '604800000', 'num.partitions': '1' });
});

test('alterConfigs (the legacy API) replaces the topic\'s configs; a bad value is INVALID_CONFIG', async () => {
  const topic = uniqueTopic('admin-alter');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '120000' }] }],
  });
  const configs = await topicConfigs(topic, ['retention.ms', 'cleanup.policy']);
  expect(configs['retention.ms']).toMatchObject({ configValue: '120000', configSource: 1 });
  expect(configs['cleanup.policy']).toMatchObject({ configValue: 'delete', isDefault: true }); // replaced, not merged

  await expect(
    admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: 'soon' }] }],
    }),
  ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
});

test('deleteTopicRecords moves the low watermark; fetchTopicOffsetsByTimestamp finds offsets by time', async () => {
  const topic = uniqueTopic('admin-records');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  const base = Date.now() - 60_000;
  await producer.send({ topic, messages: [0, 1, 2, 3].map((i) => ({ value: `v${i}`, timestamp: String(base + i * 1000) })) });

  expect(await admin.fetchTopicOffsetsByTimestamp(topic, base + 2000)).toEqual([{ partition: 0, offset: '2' }]);
  expect(await admin.fetchTopicOffsetsByTimestamp(topic, base + 10_000)).toEqual([{ partition: 0, offset: '4' }]);

  await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
  expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, low: '3', high: '4' })]);
});

test('listTopics lists created topics and not deleted ones', async () => {
  const kept = uniqueTopic('admin-list');
  const gone = uniqueTopic('admin-gone');
  await admin.createTopics({ topics: [{ topic: kept }, { topic: gone }] });
  await admin.deleteTopics({ topics: [gone] });
  const topics = await admin.listTopics();
  expect(topics).toContain(kept);
  expect(topics).not.toContain(gone);
});

itIfLocal('altered configs and added partitions survive a restart', async () => {
  const topic = uniqueTopic('admin-restart');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.bytes', value: '1000000' }] }],
  });
  await admin.disconnect();
  const brokers = await target.restart();
  admin = kafkaClient(brokers).admin();
  await admin.connect();
  expect((await topicConfigs(topic, ['retention.bytes']))['retention.bytes']).toMatchObject({ configValue: '1000000', configSource: 1 });
  expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions).toHaveLength(2);
});
