/**
 * kcat (librdkafka) against a three-node minikafka cluster in one process: `kcat -L` shows the
 * three brokers and each partition's leader, replicas and ISR; records produced with kcat to
 * partitions led by different nodes are all read back in order by a kcat consumer that keeps
 * running while every leader moves and a node stops (its connections drop, and librdkafka finds
 * the partitions' new leaders).
 */
import { startCluster, EmbeddedCluster } from '../src/cluster/startCluster';
import { byPartition, describeIfLocal, KCAT_FORMAT, kcatOk, kcatProduce, sleep, spawnKcat, uniqueTopic, waitFor } from './harness';

const PARTITIONS = 6;

interface KcatMetadata {
  controllerid: number;
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

describeIfLocal('kcat on a three-node cluster', () => {
  let cluster: EmbeddedCluster;
  let topic: string;

  beforeAll(async () => {
    topic = uniqueTopic('kcat-cluster');
    cluster = await startCluster({ brokers: 3, topics: [{ name: topic, partitions: PARTITIONS }] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  async function metadata(): Promise<KcatMetadata> {
    return JSON.parse((await kcatOk(cluster.brokers, ['-L', '-J', '-t', topic])).stdout) as KcatMetadata;
  }

  /** n values tagged with where and when they were produced. */
  const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}-${i}`);

  test('kcat -L shows the three brokers and each partition\'s leader, replicas and ISR', async () => {
    const md = await metadata();
    expect(md.brokers).toEqual(cluster.nodes.map((n) => ({ id: n.nodeId, name: `127.0.0.1:${n.port}` })));
    expect([1, 2, 3]).toContain(md.controllerid);
    const partitions = md.topics[0]!.partitions.sort((a, b) => a.partition - b.partition);
    expect(partitions.map((p) => p.leader)).toEqual(partitions.map((p) => cluster.leaderOf(topic, p.partition)));
    expect(new Set(partitions.map((p) => p.leader))).toEqual(new Set([1, 2, 3]));
    for (const p of partitions) {
      expect(p.replicas.map((r) => r.id)[0]).toBe(p.leader);
      expect(p.replicas.map((r) => r.id).sort()).toEqual([1, 2, 3]);
      expect(p.isrs.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    }
    const text = (await kcatOk(cluster.brokers, ['-L', '-t', topic])).stdout;
    expect(text).toContain(' 3 brokers:');
    for (const n of cluster.nodes) expect(text).toContain(`broker ${n.nodeId} at 127.0.0.1:${n.port}`);
  });

  test('a running kcat consumer follows moved leaders and a stopped node; every record is read once, in order', async () => {
    // A consumer that keeps running caches the leaders, so it must notice each change by itself.
    const consumer = spawnKcat(cluster.brokers, ['-C', '-t', topic, '-o', 'beginning', '-u', '-q', '-X', 'fetch.wait.max.ms=100', '-f', KCAT_FORMAT]);
    const expected = new Map<number, string[]>();
    const produceAll = async (tag: string) => {
      for (let p = 0; p < PARTITIONS; p++) {
        const values = lines(`${tag}-p${p}`, 3);
        await kcatProduce(cluster.brokers, topic, values, ['-p', String(p)]);
        expected.set(p, [...(expected.get(p) ?? []), ...values]);
      }
      const total = [...expected.values()].flat().length;
      await waitFor(`kcat to read ${total} records`, async () => (consumer.records().length >= total ? true : undefined), 15_000);
    };
    try {
      await produceAll('before');

      // Every leader moves to the next node. librdkafka 2.0 fetches with v11 and no leader epoch,
      // which the old leaders, now followers, keep serving, as Kafka's replicas do (KIP-392).
      for (let p = 0; p < PARTITIONS; p++) cluster.moveLeader(topic, p, (cluster.leaderOf(topic, p) % 3) + 1);
      await produceAll('moved');

      // A node stops: its connections drop and its partitions are led elsewhere.
      const victim = cluster.leaderOf(topic, 0);
      await cluster.stopBroker(victim);
      expect((await metadata()).brokers.map((b) => b.id)).not.toContain(victim);
      await produceAll('stopped');
      await cluster.startBroker(victim);
      await sleep(300); // a duplicate would show up here
    } finally {
      await consumer.stop('SIGKILL');
    }

    const got = byPartition(consumer.records());
    for (let p = 0; p < PARTITIONS; p++) {
      const records = got.get(p) ?? [];
      expect(records.map((r) => r.value)).toEqual(expected.get(p));
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 9 }, (_, i) => i));
    }
  });
});
