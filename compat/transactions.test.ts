/**
 * Transactions with stock clients: kafkajs 2.2.4 transactional producers (InitProducerId,
 * AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn) and consumers reading with
 * read_committed (kafkajs' default) or read_uncommitted; kcat with isolation.level.
 *
 * - A committed transaction over two topics, with sendOffsets, becomes visible at once, offsets
 *   included; nothing of it is visible to read_committed before.
 * - An aborted transaction is never visible to read_committed, entirely to read_uncommitted.
 * - Consume-transform-produce with sendOffsets: a processor that dies mid-transaction and is
 *   restarted produces every output exactly once.
 */
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import {
  GROUP_TEST_SETTINGS,
  GroupConsumer,
  GroupRecord,
  Target,
  committedOffsets,
  kafkaClient,
  kcatConsume,
  startTarget,
  stopAllConsumers,
  uniqueTopic,
  waitFor,
  waitForCount,
} from './harness';

let target: Target;
let kafka: Kafka;
let admin: Admin;
const producers = new Set<Producer>();

beforeAll(async () => {
  target = await startTarget({ groups: GROUP_TEST_SETTINGS });
  kafka = kafkaClient(target.brokers);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await stopAllConsumers();
  for (const p of producers) await p.disconnect().catch(() => {});
  await admin?.disconnect();
  await target?.dispose();
});

async function createTopics(...topics: string[]): Promise<void> {
  expect(await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true })).toBe(true);
}

async function transactionalProducer(transactionalId: string): Promise<Producer> {
  const p = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await p.connect();
  producers.add(p);
  return p;
}

async function plainProducer(): Promise<Producer> {
  const p = kafka.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  producers.add(p);
  return p;
}

const values = (rs: GroupRecord[]) => rs.map((r) => r.value);
const messages = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${tag}-${i}` }));

/** A group consumer of one topic from the beginning, reading committed (default) or uncommitted data. */
async function consumer(topic: string, readUncommitted = false): Promise<GroupConsumer> {
  const c = new GroupConsumer(kafka, uniqueTopic(readUncommitted ? 'ru' : 'rc'), { readUncommitted });
  await c.start(topic, true);
  await c.fetchedTwice();
  return c;
}

describe('kafkajs transactions', () => {
  it('makes sends to two topics and sendOffsets visible together, on commit only', async () => {
    const a = uniqueTopic('txa');
    const b = uniqueTopic('txb');
    const input = uniqueTopic('txin');
    await createTopics(a, b, input);
    const [readA, readB, dirtyA] = [await consumer(a), await consumer(b), await consumer(a, true)];

    const producer = await transactionalProducer(uniqueTopic('tid'));
    const txn = await producer.transaction();
    await txn.send({ topic: a, messages: messages('a', 3) });
    await txn.send({ topic: b, messages: messages('b', 2) });
    await txn.sendOffsets({ consumerGroupId: 'txn-offsets-group', topics: [{ topic: input, partitions: [{ partition: 0, offset: '7' }] }] });

    // Open: read_uncommitted sees the data, read_committed sees nothing, the offset is not committed.
    await waitForCount('read_uncommitted to see the open transaction', () => dirtyA.got.length, 3);
    await readA.fetchedTwice();
    await readB.fetchedTwice();
    expect(readA.got).toEqual([]);
    expect(readB.got).toEqual([]);
    expect(await committedOffsets(admin, 'txn-offsets-group', input)).toEqual(['-1']);

    await txn.commit();
    await waitForCount('topic a after the commit', () => readA.got.length, 3);
    await waitForCount('topic b after the commit', () => readB.got.length, 2);
    expect(values(readA.got)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(values(readB.got)).toEqual(['b-0', 'b-1']);
    expect(await committedOffsets(admin, 'txn-offsets-group', input)).toEqual(['7']);
    // The COMMIT marker took an offset: a-2 is at 2, the end is 4.
    expect(readA.got.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect((await admin.fetchTopicOffsets(a))[0]).toMatchObject({ high: '4' });
  });

  it('hides an aborted transaction from read_committed, but not from read_uncommitted', async () => {
    const topic = uniqueTopic('txabort');
    await createTopics(topic);
    const producer = await transactionalProducer(uniqueTopic('tid'));

    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: messages('aborted', 4) });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: messages('committed', 2) });
    await committed.commit();

    const clean = await consumer(topic);
    const dirty = await consumer(topic, true);
    await waitForCount('read_committed', () => clean.got.length, 2);
    await waitForCount('read_uncommitted', () => dirty.got.length, 6);
    expect(values(clean.got)).toEqual(['committed-0', 'committed-1']);
    expect(clean.got.map((r) => r.offset)).toEqual([5, 6]); // after 4 aborted records and their ABORT marker
    expect(values(dirty.got)).toEqual([...messages('aborted', 4), ...messages('committed', 2)].map((m) => m.value));

    // kcat: the same through librdkafka's isolation.level.
    const rc = await kcatConsume(target.brokers, topic, ['-o', 'beginning', '-X', 'isolation.level=read_committed']);
    const ru = await kcatConsume(target.brokers, topic, ['-o', 'beginning', '-X', 'isolation.level=read_uncommitted']);
    expect(rc.map((r) => r.value)).toEqual(['committed-0', 'committed-1']);
    expect(ru.map((r) => r.value)).toEqual(values(dirty.got));
  });

  it('fences an older instance of the same transactional id', async () => {
    const topic = uniqueTopic('txfence');
    await createTopics(topic);
    const transactionalId = uniqueTopic('tid');
    const zombie = await transactionalProducer(transactionalId);
    const zombieTxn = await zombie.transaction();
    await zombieTxn.send({ topic, messages: messages('zombie', 1) });

    // The new instance's InitProducerId aborts the zombie's open transaction (after a retry).
    const fresh = await transactionalProducer(transactionalId);
    const txn = await fresh.transaction();
    await txn.send({ topic, messages: messages('fresh', 1) });
    await txn.commit();
    await expect(zombieTxn.commit()).rejects.toThrow(/epoch|fenced/i);

    const clean = await consumer(topic);
    await waitForCount('read_committed', () => clean.got.length, 1);
    expect(values(clean.got)).toEqual(['fresh-0']);
  });
});

describe('consume-transform-produce with sendOffsets', () => {
  /**
   * A processor: a read_committed group consumer of `input` that, per batch, sends the upper-cased
   * values to `output` and the consumed offsets in one transaction. With `crashAfter`, it dies in
   * the middle of the transaction that reaches that many messages: outputs sent, nothing
   * committed, and from then on it does nothing (until the test pulls its connections).
   */
  async function runProcessor(input: string, output: string, groupId: string, transactionalId: string, crashAfter?: number) {
    const producer = await transactionalProducer(transactionalId);
    const c = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 4000, maxWaitTimeInMs: 100, maxBytesPerPartition: 200 });
    await c.connect();
    await c.subscribe({ topics: [input], fromBeginning: true });
    let processed = 0;
    let dead = false;
    let crashed: () => void = () => {};
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, isRunning }) => {
        if (dead || !isRunning() || batch.messages.length === 0) return;
        const txn = await producer.transaction();
        await txn.send({ topic: output, messages: batch.messages.map((m) => ({ key: m.key, value: m.value!.toString().toUpperCase() })) });
        processed += batch.messages.length;
        if (crashAfter !== undefined && processed >= crashAfter) {
          dead = true;
          crashed();
          return;
        }
        const next = Number(batch.messages[batch.messages.length - 1].offset) + 1;
        await txn.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: batch.partition, offset: String(next) }] }] });
        await txn.commit();
        for (const m of batch.messages) resolveOffset(m.offset);
      },
    });
    return { producer, consumer: c, crash, processed: () => processed };
  }

  it('produces every output exactly once across a processor crash and restart', async () => {
    const input = uniqueTopic('ctp-in');
    const output = uniqueTopic('ctp-out');
    await createTopics(input, output);
    const groupId = uniqueTopic('ctp-group');
    const transactionalId = uniqueTopic('ctp-tid');
    const source = await plainProducer();
    const inputs = Array.from({ length: 30 }, (_, i) => `msg-${i}`);
    // Ten small produce requests, so the processor sees several batches.
    for (let i = 0; i < inputs.length; i += 3) await source.send({ topic: input, acks: -1, messages: inputs.slice(i, i + 3).map((value) => ({ value })) });

    const first = await runProcessor(input, output, groupId, transactionalId, 12);
    await first.crash;
    // The process "dies": its connections go away without EndTxn.
    producers.delete(first.producer);
    await Promise.all([first.consumer.disconnect(), first.producer.disconnect()]);
    const committedBefore = Number((await committedOffsets(admin, groupId, input))[0]);
    expect(committedBefore).toBeGreaterThan(0); // some transactions committed before the crash
    expect(committedBefore).toBeLessThan(first.processed());
    const lostOutputs = first.processed() - committedBefore; // written by the transaction that never ended

    const second = await runProcessor(input, output, groupId, transactionalId);
    await waitFor(
      'the restarted processor to commit everything',
      async () => ((await committedOffsets(admin, groupId, input))[0] === String(inputs.length) ? true : undefined),
      30_000,
    );
    await second.consumer.disconnect();

    const reader = await consumer(output);
    await waitForCount('every output', () => reader.got.length, inputs.length);
    expect(values(reader.got)).toEqual(inputs.map((v) => v.toUpperCase()));
    // read_uncommitted also sees what the dead processor's transaction wrote before it was aborted.
    const dirty = await consumer(output, true);
    await waitForCount('every output, aborted ones too', () => dirty.got.length, inputs.length + lostOutputs);
    expect(dirty.got.length).toBe(inputs.length + lostOutputs);
  }, 90_000);
});
