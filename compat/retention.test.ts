/**
 * Deleting records as clients see it. kafkajs: admin.deleteTopicRecords moves the log start
 * (fetchTopicOffsets reports it as `low`), and group consumers whose committed offset is now below
 * it reset per their policy (fromBeginning: the new start; otherwise the end). kcat: a topic with
 * 1 KiB segments and a short retention.ms loses its old segment files to a retention pass, and
 * `-o beginning` starts at the new log start offset.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Kafka, Producer } from 'kafkajs';
import { Broker } from '../src/broker';
import { DEFAULT_TOPIC_DEFAULTS } from '../src/topics/topicConfig';
import {
  GROUP_TEST_SETTINGS,
  GroupConsumer,
  Target,
  describeIfLocal,
  kafkaClient,
  kcatConsume,
  kcatProduce,
  sleep,
  startTarget,
  stopAllConsumers,
  uniqueTopic,
  waitFor,
  waitForCount,
} from './harness';

describe('kafkajs deleteTopicRecords', () => {
  let target: Target;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    target = await startTarget({ groups: GROUP_TEST_SETTINGS });
    kafka = kafkaClient(target.brokers);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await stopAllConsumers();
    await producer?.disconnect();
    await admin?.disconnect();
    await target?.dispose();
  });

  const send = (topic: string, from: number, to: number) =>
    producer.send({ topic, messages: Array.from({ length: to - from }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })) });

  const committed = async (groupId: string, topic: string) =>
    (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset;

  /** A group that read offsets 0 and 1 and committed 2, then left. */
  async function groupAt2(topic: string, groupId: string): Promise<void> {
    const first = new GroupConsumer(kafka, groupId);
    await first.start(topic, true);
    await waitForCount('the first two records', () => first.got.length, 2);
    await waitFor('offset 2 committed', async () => ((await committed(groupId, topic)) === '2' ? true : undefined));
    await first.stop();
  }

  it('moves the log start; groups committed below it reset per fromBeginning', async () => {
    const topic = uniqueTopic('delrec');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await send(topic, 0, 2);
    await Promise.all([groupAt2(topic, `${topic}-earliest`), groupAt2(topic, `${topic}-latest`)]);
    await send(topic, 2, 10);

    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '5' }] });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, low: '5', high: '10' })]);
    // Never backwards: deleting up to an older offset changes nothing.
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '5' });

    // Committed 2 is now out of range: fromBeginning resets to the log start (5)...
    const earliest = new GroupConsumer(kafka, `${topic}-earliest`);
    await earliest.start(topic, true);
    await waitForCount('records from the new log start', () => earliest.got.length, 5);
    expect(earliest.got.map((r) => r.offset)).toEqual([5, 6, 7, 8, 9]);
    expect(earliest.got[0]).toMatchObject({ key: 'k5', value: 'v5' });

    // ...and fromBeginning false to the end: only what comes next.
    const latest = new GroupConsumer(kafka, `${topic}-latest`);
    await latest.start(topic, false);
    await latest.fetchedTwice();
    await send(topic, 10, 11);
    await waitForCount('the record produced after the reset', () => latest.got.length, 1);
    expect(latest.got.map((r) => r.offset)).toEqual([10]);
    await Promise.all([earliest.stop(), latest.stop()]);
  }, 60_000);
});

describeIfLocal('kcat and retention.ms', () => {
  let broker: Broker;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-compat-retention-'));
    // An hour between passes: the test runs its pass itself.
    broker = await Broker.start({ port: 0, dataDir, logLevel: 'silent', topicDefaults: { ...DEFAULT_TOPIC_DEFAULTS, retentionCheckIntervalMs: 3_600_000 } });
  });

  afterAll(async () => {
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const segmentLogs = (topic: string) =>
    fs
      .readdirSync(path.join(dataDir, `${topic}-0`))
      .filter((f) => f.endsWith('.log'))
      .sort();

  it('old segment files go; -o beginning starts at the new log start offset', async () => {
    const topic = uniqueTopic('retained');
    broker.ensureTopic(topic, 1, { 'segment.bytes': '1024', 'retention.ms': '500' });
    const lines = Array.from({ length: 60 }, (_, i) => `value-${i}-`.padEnd(100, 'x'));
    await kcatProduce(broker.brokers, topic, lines, ['-X', 'linger.ms=0', '-X', 'batch.num.messages=5']);
    const before = segmentLogs(topic);
    expect(before.length).toBeGreaterThan(2);

    await sleep(600); // every record is now older than retention.ms
    const deletions = broker.runRetention();
    const active = before[before.length - 1];
    const newStart = Number(active.slice(0, 20));
    expect(deletions).toEqual([expect.objectContaining({ topic, segments: before.length - 1, logStartOffset: newStart })]);
    // Only the active segment is left, with its index files; the others' files are gone.
    expect(segmentLogs(topic)).toEqual([active]);
    const files = fs.readdirSync(path.join(dataDir, `${topic}-0`));
    for (const old of before.slice(0, -1)) expect(files.filter((f) => f.startsWith(old.slice(0, 20)))).toEqual([]);

    const consumed = await kcatConsume(broker.brokers, topic);
    expect(consumed[0]!.offset).toBe(newStart);
    expect(consumed.map((r) => r.offset)).toEqual(Array.from({ length: 60 - newStart }, (_, i) => newStart + i));
    expect(consumed.map((r) => r.value)).toEqual(lines.slice(newStart));
  }, 30_000);
});
