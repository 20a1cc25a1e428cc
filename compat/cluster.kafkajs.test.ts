/**
 * kafkajs 2.2.4 against a three-node minikafka cluster in one process (startCluster): an
 * idempotent producer and a consumer group on a six-partition topic whose leaders are spread over
 * the nodes. Stopping a leader mid-run, moving leaders and stopping the group's coordinator must
 * each be survived by the stock clients: every acknowledged record is consumed exactly once, in
 * order per partition.
 */
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import { startCluster, EmbeddedCluster } from '../src/cluster/startCluster';
import { describeIfLocal, expectExactlyOnce, GroupConsumer, GroupRecord, kafkaClient, sleep, stopAllConsumers, uniqueTopic, waitFor, waitForCommittedToEnd } from './harness';

const PARTITIONS = 6;

describeIfLocal('kafkajs on a three-node cluster', () => {
  let cluster: EmbeddedCluster;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    cluster = await startCluster({ brokers: 3 });
    // Retries enough to ride out a leader change (a metadata refresh and one more attempt).
    kafka = kafkaClient(cluster.brokers, { retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 500 } });
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await stopAllConsumers();
    await producer?.disconnect();
    await admin?.disconnect();
    await cluster?.stop();
  });

  async function createTopic(): Promise<string> {
    const topic = uniqueTopic('cluster');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true })).toBe(true);
    return topic;
  }

  /** One record per partition, acks=all; returns what was acknowledged, with its offset. */
  async function produceRound(topic: string, round: number): Promise<GroupRecord[]> {
    const messages = Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, key: `k-${p}`, value: `r${round}-p${p}` }));
    const meta = await producer.send({ topic, acks: -1, messages });
    return meta.map((m) => {
      expect(m.errorCode).toBe(0);
      return { partition: m.partition, offset: Number(m.baseOffset), key: `k-${m.partition}`, value: `r${round}-p${m.partition}` };
    });
  }

  async function produceRounds(topic: string, from: number, to: number, acked: GroupRecord[]): Promise<void> {
    for (let round = from; round < to; round++) acked.push(...(await produceRound(topic, round)));
  }

  const waitForAll = (consumer: GroupConsumer, acked: GroupRecord[]) =>
    waitFor(`the group to read ${acked.length} records`, async () => (consumer.got.length >= acked.length ? true : undefined), 20_000);

  test('a leader stops mid-run: producer and group fail over, and every acknowledged record is read once, in order', async () => {
    const topic = await createTopic();
    const leaders = Array.from({ length: PARTITIONS }, (_, p) => cluster.leaderOf(topic, p));
    expect(new Set(leaders).size).toBe(3);
    const consumer = new GroupConsumer(kafka, uniqueTopic('g-failover'));
    await consumer.start(topic, true);

    const acked: GroupRecord[] = [];
    await produceRounds(topic, 0, 5, acked);
    // A node that leads partitions but does not coordinate the group (that is the next test).
    const victim = [1, 2, 3].find((id) => id !== cluster.groupCoordinator(consumer.groupId) && leaders.includes(id))!;
    await cluster.stopBroker(victim);
    await produceRounds(topic, 5, 10, acked);

    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    for (const p of meta.topics[0]!.partitions) {
      expect(p.leader).not.toBe(victim);
      expect(p.leader).toBe(cluster.leaderOf(topic, p.partitionId));
      expect(p.isr).not.toContain(victim);
    }
    await waitForAll(consumer, acked);
    await sleep(300); // a duplicate would show up here
    expectExactlyOnce(consumer.got, acked);
    await consumer.stop();
    await cluster.startBroker(victim);
  });

  test('moveLeader: the producer follows the new leaders and the group keeps reading', async () => {
    const topic = await createTopic();
    const consumer = new GroupConsumer(kafka, uniqueTopic('g-move'));
    await consumer.start(topic, true);
    const acked: GroupRecord[] = [];
    await produceRounds(topic, 0, 3, acked);

    // Every partition to the node after its current leader.
    for (let p = 0; p < PARTITIONS; p++) cluster.moveLeader(topic, p, (cluster.leaderOf(topic, p) % 3) + 1);
    const moved = Array.from({ length: PARTITIONS }, (_, p) => cluster.leaderOf(topic, p));
    await produceRounds(topic, 3, 6, acked);

    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]!.partitions.sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader)).toEqual(moved);
    await waitForAll(consumer, acked);
    await sleep(300);
    expectExactlyOnce(consumer.got, acked);
    await consumer.stop();
  });

  test('the group coordinator stops: the group carries on and commits to the new coordinator', async () => {
    const topic = await createTopic();
    const groupId = uniqueTopic('g-coordinator');
    // The restarted consumer rejoins as a new member: the rebalance waits this long for the old one.
    const consumer = new GroupConsumer(kafka, groupId, { rebalanceTimeout: 1500 });
    await consumer.start(topic, true);
    const acked: GroupRecord[] = [];
    await produceRounds(topic, 0, 3, acked);
    await waitForAll(consumer, acked);
    // Committed first: kafkajs restarts its consumer when the coordinator's port refuses it (as
    // it would with Kafka), and resumes from the committed offsets.
    await waitForCommittedToEnd(admin, groupId, topic);

    const coordinator = cluster.groupCoordinator(groupId);
    await cluster.stopBroker(coordinator);
    expect(cluster.groupCoordinator(groupId)).not.toBe(coordinator);
    await produceRounds(topic, 3, 6, acked);
    await waitForAll(consumer, acked);
    await sleep(300);
    expectExactlyOnce(consumer.got, acked);
    await waitForCommittedToEnd(admin, groupId, topic);
    await consumer.stop();
    await cluster.startBroker(coordinator);
  });
});
