/**
 * Confluent's Node client, @confluentinc/kafka-javascript (librdkafka 2.15 inside), through its
 * KafkaJS-compatible API with the KIP-848 consumer group protocol ('group.protocol': 'consumer'):
 * members joining and splitting partitions (server-side assignment), rebalancing when members
 * join and leave, commit and resume, static membership, regex subscriptions, and a classic
 * (kafkajs) group reading the same topic independently. Every record is checked to be read
 * exactly once, in offset order. The broker runs with the dev preset (500 ms heartbeats).
 *
 * Without the client built (compat/clients/install.sh) this fails, saying so, unless
 * MINIKAFKA_SKIP_CONFLUENT=1 asks to skip it.
 */
import { Admin, Kafka as KafkaJs, Producer } from 'kafkajs';
import { EmbeddedBroker, startBroker } from '../src/embedded';
import { ConsumerGroupDescribe, ConsumerGroupDescribeGroup, ConsumerGroupDescribeResponse } from '../wire/apis/ConsumerGroupDescribe';
import { TestClient } from '../test/server/client';
import { GroupRecord as Rec, committedOffsets, expectExactlyOnce, kafkaClient, sortRecords, uniqueTopic, waitFor, waitForCount } from './harness';
import { CkjsConsumer, CkjsKafka, CkjsModule, assignedPartitions, describeWithConfluent } from './confluentClient';

describeWithConfluent('@confluentinc/kafka-javascript, KIP-848 consumer group protocol', describeConsumerProtocol);

function describeConsumerProtocol(ckjs: CkjsModule): void {
  let broker: EmbeddedBroker;
  let client: CkjsKafka;
  let kafkajs: KafkaJs;
  let admin: Admin;
  let producer: Producer;
  let raw: TestClient;
  const running = new Set<Member>();

  /** A KIP-848 group member that records what it reads. */
  class Member {
    readonly consumer: CkjsConsumer;
    readonly got: (Rec & { topic: string })[] = [];

    constructor(groupId: string, outer: Record<string, unknown> = {}, kafkaJS: Record<string, unknown> = {}) {
      this.consumer = client.consumer({
        'group.protocol': 'consumer',
        ...outer,
        kafkaJS: { groupId, fromBeginning: true, maxWaitTimeInMs: 100, autoCommit: true, autoCommitInterval: 100, ...kafkaJS },
      });
    }

    async start(topics: (string | RegExp)[]): Promise<void> {
      running.add(this);
      await this.consumer.connect();
      await this.consumer.subscribe({ topics });
      await this.consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          this.got.push({ topic, partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        },
      });
    }

    assigned(topic: string): number[] {
      return assignedPartitions(this.consumer, topic);
    }

    async stop(): Promise<void> {
      running.delete(this);
      await this.consumer.disconnect();
    }
  }

  beforeAll(async () => {
    broker = await startBroker();
    client = new ckjs.KafkaJS.Kafka({ kafkaJS: { brokers: broker.brokers, clientId: 'minikafka-compat-848', logLevel: ckjs.KafkaJS.logLevel.NOTHING } });
    kafkajs = kafkaClient(broker.brokers);
    admin = kafkajs.admin();
    producer = kafkajs.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    raw = await TestClient.connect(broker.port);
  });

  afterEach(async () => {
    await Promise.all([...running].map((m) => m.stop().catch(() => {})));
  });

  afterAll(async () => {
    raw?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  async function createTopic(topic: string, numPartitions: number): Promise<void> {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true })).toBe(true);
  }

  async function produce(topic: string, partitions: number, perPartition: number, tag: string): Promise<Rec[]> {
    const messages = [];
    for (let i = 0; i < perPartition; i++) {
      for (let part = 0; part < partitions; part++) messages.push({ partition: part, key: `k-${part}-${i}`, value: `${tag}-${part}-${i}` });
    }
    const meta = await producer.send({ topic, messages });
    const expected: Rec[] = [];
    for (const m of meta) {
      const base = Number(m.baseOffset);
      for (let i = 0; i < perPartition; i++) {
        expected.push({ partition: m.partition, offset: base + i, key: `k-${m.partition}-${i}`, value: `${tag}-${m.partition}-${i}` });
      }
    }
    return sortRecords(expected);
  }

  async function describeGroup(groupId: string): Promise<ConsumerGroupDescribeGroup> {
    const res: ConsumerGroupDescribeResponse = await raw.request(ConsumerGroupDescribe, 0, { groupIds: [groupId], includeAuthorizedOperations: false });
    return res.groups[0]!;
  }

  /**
   * Waits until the broker says the group is Stable with exactly these members, every partition
   * owned by one of them, and each client owns what the broker says; returns each one's partitions.
   */
  async function waitForSpread(groupId: string, topic: string, partitions: number, members: Member[]): Promise<number[][]> {
    return waitFor(
      `${members.length} members of ${groupId} to split ${partitions} partitions`,
      async () => {
        const group = await describeGroup(groupId);
        if (group.groupState !== 'Stable' || group.members.length !== members.length) return undefined;
        const onBroker = group.members.map((m) => m.assignment.topicPartitions.find((t) => t.topicName === topic)?.partitions.slice().sort((a, b) => a - b) ?? []);
        const onClients = members.map((m) => m.assigned(topic));
        if (onClients.flat().sort((a, b) => a - b).join() !== Array.from({ length: partitions }, (_, p) => p).join()) return undefined;
        if (onClients.map(String).sort().join('|') !== onBroker.map(String).sort().join('|')) return undefined;
        return onClients;
      },
      30_000,
    );
  }

  const plain = (rs: (Rec & { topic?: string })[]): Rec[] => rs.map(({ partition, offset, key, value }) => ({ partition, offset, key, value }));
  const totalRead = (members: Member[]) => members.reduce((n, m) => n + m.got.length, 0);

  it('members split the partitions, a third joins and one leaves: every record read exactly once', async () => {
    const topic = uniqueTopic('k848');
    const groupId = uniqueTopic('k848-g');
    await createTopic(topic, 4);
    const [a, b, c] = [new Member(groupId), new Member(groupId), new Member(groupId)];

    await a.start([topic]);
    expect(await waitForSpread(groupId, topic, 4, [a])).toEqual([[0, 1, 2, 3]]);
    await b.start([topic]);
    const spread2 = await waitForSpread(groupId, topic, 4, [a, b]);
    expect(spread2.map((ps) => ps.length)).toEqual([2, 2]);
    const batch1 = await produce(topic, 4, 5, 'one');
    await waitForCount('batch 1', () => totalRead([a, b]), batch1.length);
    expectExactlyOnce([plain(a.got), plain(b.got)], batch1);

    await c.start([topic]);
    const spread3 = await waitForSpread(groupId, topic, 4, [a, b, c]);
    expect(spread3.map((ps) => ps.length).sort()).toEqual([1, 1, 2]);
    const batch2 = await produce(topic, 4, 5, 'two');
    await waitForCount('batch 2', () => totalRead([a, b, c]), batch1.length + batch2.length);
    expectExactlyOnce([plain(a.got), plain(b.got), plain(c.got)], [...batch1, ...batch2]);
    await waitFor(`${groupId} to commit`, async () => ((await committedOffsets(admin, groupId, topic)).join() === '10,10,10,10' ? true : undefined));

    await a.stop(); // leaves with epoch -1: b and c take over its partitions
    const after = await waitForSpread(groupId, topic, 4, [b, c]);
    expect(after.map((ps) => ps.length)).toEqual([2, 2]);
    const batch3 = await produce(topic, 4, 5, 'three');
    await waitForCount('batch 3', () => totalRead([a, b, c]), batch1.length + batch2.length + batch3.length);
    expectExactlyOnce([plain(a.got), plain(b.got), plain(c.got)], [...batch1, ...batch2, ...batch3]);
  }, 90_000);

  it('commits offsets and a new member resumes exactly from them', async () => {
    const topic = uniqueTopic('k848-commit');
    const groupId = uniqueTopic('k848-g');
    await createTopic(topic, 2);
    const batch1 = await produce(topic, 2, 6, 'one');
    const first = new Member(groupId, {}, { autoCommit: false });
    await first.start([topic]);
    await waitForCount('batch 1', () => first.got.length, batch1.length);
    expectExactlyOnce(plain(first.got), batch1);
    await first.consumer.commitOffsets();
    await first.consumer.commitOffsets([{ topic, partition: 1, offset: '2' }]);
    await waitFor('commits', async () => ((await committedOffsets(admin, groupId, topic)).join() === '6,2' ? true : undefined));
    await first.stop();

    const batch2 = await produce(topic, 2, 3, 'two');
    const second = new Member(groupId, {}, { autoCommit: false });
    await second.start([topic]);
    const expected = sortRecords([...batch1.filter((r) => r.partition === 1 && r.offset >= 2), ...batch2]);
    await waitForCount('the records after the committed offsets', () => second.got.length, expected.length);
    expectExactlyOnce(plain(second.got), expected);
    await second.consumer.commitOffsets();
    await waitFor('commits', async () => ((await committedOffsets(admin, groupId, topic)).join() === '9,9' ? true : undefined));
  }, 60_000);

  it('a static member that restarts gets its partitions back without moving the others', async () => {
    const topic = uniqueTopic('k848-static');
    const groupId = uniqueTopic('k848-g');
    await createTopic(topic, 4);
    const a = new Member(groupId, { 'group.instance.id': 'static-a' });
    const b = new Member(groupId, { 'group.instance.id': 'static-b' });
    await Promise.all([a.start([topic]), b.start([topic])]);
    const [aParts, bParts] = await waitForSpread(groupId, topic, 4, [a, b]);
    const before = await describeGroup(groupId);
    expect(before.members.map((m) => m.instanceId).sort()).toEqual(['static-a', 'static-b']);

    await a.stop(); // a static member leaves with epoch -2: its partitions wait for it
    const away = await describeGroup(groupId);
    expect(away.members.find((m) => m.instanceId === 'static-a')?.memberEpoch).toBe(-2);
    expect(away.groupEpoch).toBe(before.groupEpoch);

    const a2 = new Member(groupId, { 'group.instance.id': 'static-a' });
    await a2.start([topic]);
    const [a2Parts, bAfter] = await waitForSpread(groupId, topic, 4, [a2, b]);
    expect(a2Parts).toEqual(aParts);
    expect(bAfter).toEqual(bParts);
    const batch = await produce(topic, 4, 3, 'static');
    await waitForCount('batch', () => a2.got.length + b.got.length, batch.length);
    expectExactlyOnce([plain(a2.got), plain(b.got)], batch);
  }, 60_000);

  it('a regex subscription picks up a matching topic created later', async () => {
    const prefix = uniqueTopic('k848rx');
    const groupId = uniqueTopic('k848-g');
    await createTopic(`${prefix}-one`, 1);
    const m = new Member(groupId);
    await m.start([new RegExp(`^${prefix}-.*`)]);
    await waitFor('the first topic assigned', async () => (m.assigned(`${prefix}-one`).length === 1 ? true : undefined), 20_000);
    await createTopic(`${prefix}-two`, 2);
    await waitFor('the second topic assigned', async () => (m.assigned(`${prefix}-two`).length === 2 ? true : undefined), 20_000);
    const one = await produce(`${prefix}-one`, 1, 3, 'one');
    const two = await produce(`${prefix}-two`, 2, 3, 'two');
    await waitForCount('both topics', () => m.got.length, one.length + two.length);
    expectExactlyOnce(plain(m.got.filter((r) => r.topic === `${prefix}-one`)), one);
    expectExactlyOnce(plain(m.got.filter((r) => r.topic === `${prefix}-two`)), two);
    // librdkafka sends its regex subscriptions joined with "|", each in parentheses.
    expect((await describeGroup(groupId)).members[0]!.subscribedTopicRegex).toBe(`(^${prefix}-.*)`);
  }, 60_000);

  it('a classic (kafkajs) group and a consumer group read the same topic independently', async () => {
    const topic = uniqueTopic('k848-both');
    await createTopic(topic, 2);
    const batch = await produce(topic, 2, 4, 'both');
    const modern = new Member(uniqueTopic('k848-g'));
    await modern.start([topic]);

    const classicGroup = uniqueTopic('classic-g');
    const classic = kafkajs.consumer({ groupId: classicGroup, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
    const classicGot: Rec[] = [];
    await classic.connect();
    try {
      await classic.subscribe({ topics: [topic], fromBeginning: true });
      await classic.run({
        eachMessage: async ({ partition, message }) => {
          classicGot.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        },
      });
      await waitForCount('the consumer group', () => modern.got.length, batch.length);
      await waitForCount('the classic group', () => classicGot.length, batch.length);
      expectExactlyOnce(plain(modern.got), batch);
      expectExactlyOnce(classicGot, batch);
      const groups = await admin.listGroups();
      expect(groups.groups.find((g) => g.groupId === classicGroup)?.protocolType).toBe('consumer');
    } finally {
      await classic.disconnect();
    }
  }, 60_000);

  it("Confluent's admin client lists and describes both kinds; deleting a group with members is refused", async () => {
    const { ConsumerGroupTypes, ConsumerGroupStates } = ckjs.KafkaJS;
    const topic = uniqueTopic('k848-admin');
    await createTopic(topic, 2);
    const modernGroup = uniqueTopic('k848-g');
    const modern = new Member(modernGroup);
    await modern.start([topic]);
    await waitForSpread(modernGroup, topic, 2, [modern]);

    const classicGroup = uniqueTopic('classic-g');
    const classic = kafkajs.consumer({ groupId: classicGroup, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
    const ckAdmin = client.admin();
    await Promise.all([classic.connect(), ckAdmin.connect()]);
    try {
      await classic.subscribe({ topics: [topic], fromBeginning: true });
      await classic.run({ eachMessage: async () => {} });
      await waitFor('the classic group to be Stable', async () => ((await admin.describeGroups([classicGroup])).groups[0].state === 'Stable' ? true : undefined), 30_000);

      // ListGroups v5: each group with its type.
      const listed = (await ckAdmin.listGroups()).groups;
      expect(listed.find((g) => g.groupId === modernGroup)).toMatchObject({ protocolType: 'consumer', type: ConsumerGroupTypes.CONSUMER, state: ConsumerGroupStates.STABLE });
      expect(listed.find((g) => g.groupId === classicGroup)).toMatchObject({ protocolType: 'consumer', type: ConsumerGroupTypes.CLASSIC, state: ConsumerGroupStates.STABLE });
      const onlyConsumer = (await ckAdmin.listGroups({ matchConsumerGroupTypes: [ConsumerGroupTypes.CONSUMER] })).groups.map((g) => g.groupId);
      expect(onlyConsumer).toContain(modernGroup);
      expect(onlyConsumer).not.toContain(classicGroup);

      // librdkafka describes a KIP-848 group with ConsumerGroupDescribe and a classic one with DescribeGroups.
      const described = (await ckAdmin.describeGroups([modernGroup, classicGroup])).groups;
      const modernView = described.find((g) => g.groupId === modernGroup)!;
      expect(modernView).toMatchObject({ type: ConsumerGroupTypes.CONSUMER, state: ConsumerGroupStates.STABLE, partitionAssignor: 'uniform' });
      expect(modernView.error).toBeFalsy();
      expect(modernView.members).toHaveLength(1);
      expect(modernView.members[0].assignment.topicPartitions.map((tp) => `${tp.topic}:${tp.partition}`).sort()).toEqual([`${topic}:0`, `${topic}:1`]);
      const classicView = described.find((g) => g.groupId === classicGroup)!;
      expect(classicView).toMatchObject({ type: ConsumerGroupTypes.CLASSIC, state: ConsumerGroupStates.STABLE });
      expect(classicView.members).toHaveLength(1);

      // NON_EMPTY_GROUP (68) while it has members; deleted once the member has left.
      const refused = await ckAdmin.deleteGroups([modernGroup]).then(
        () => null,
        (err: { groups?: { groupId: string; errorCode?: number }[] }) => err.groups,
      );
      expect(refused).toEqual([expect.objectContaining({ groupId: modernGroup, errorCode: 68 })]);
      await modern.stop();
      await waitFor('the consumer group to be Empty', async () => ((await describeGroup(modernGroup)).groupState === 'Empty' ? true : undefined), 30_000);
      const deleted = (await ckAdmin.deleteGroups([modernGroup]))[0];
      expect(deleted.errorCode ?? 0).toBe(0);
      expect((await ckAdmin.listGroups()).groups.map((g) => g.groupId)).not.toContain(modernGroup);
    } finally {
      await Promise.all([classic.disconnect(), ckAdmin.disconnect()]);
    }
  }, 60_000);
}
