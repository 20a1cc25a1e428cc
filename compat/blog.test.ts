/**
 * The seed scenario. A blog platform publishes one "blog published" event per post (JSON
 * {postId, title, author}, keyed by postId) to a `posts` topic. Two services read it in their
 * own consumer groups: `search` indexes every post, `counter` counts them. The counter crashes
 * halfway (after committing what it processed) and comes back: search does not notice, and the
 * counter resumes from its committed offsets without processing a committed event again. Later an
 * `analytics` service starts a new group from the beginning and replays everything, with kafkajs
 * and with kcat as the README shows. Every group sees every event exactly once, and
 * `minikafka groups` (describeGroupLag) shows each of them with no lag.
 */
import { Admin, Kafka, Producer } from 'kafkajs';
import { describeGroupLag } from '../src/cli/groups';
import { KafkaClient } from '../src/client/KafkaClient';
import {
  GroupConsumer,
  GroupRecord,
  Target,
  committedOffsets,
  expectExactlyOnce,
  kcatGroupArgs,
  kcatOk,
  parseConsumed,
  uniqueTopic,
  waitFor,
  waitForCommittedToEnd,
  waitForCount,
  GroupsSetup,
  startGroupsSetup,
} from './harness';

interface BlogPublished {
  postId: string;
  title: string;
  author: string;
}

let target: Target;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

let setup: GroupsSetup;

beforeAll(async () => {
  setup = await startGroupsSetup();
  ({ target, kafka, admin, producer } = setup);
});

afterAll(async () => {
  await setup?.dispose();
});

const AUTHORS = ['ada', 'grace', 'linus', 'barbara'];

function posts(from: number, to: number): BlogPublished[] {
  const out: BlogPublished[] = [];
  for (let i = from; i < to; i++) {
    out.push({ postId: `post-${i}`, title: `Post number ${i}: ${'*'.repeat(i % 7)} "quoted" | piped`, author: AUTHORS[i % AUTHORS.length]! });
  }
  return out;
}

async function publish(topic: string, events: BlogPublished[]): Promise<void> {
  const sent = await producer.send({
    topic,
    acks: -1,
    messages: events.map((e) => ({ key: e.postId, value: JSON.stringify(e) })),
  });
  for (const s of sent) expect(s.errorCode).toBe(0);
}

/** What a service saw: the event, and where it was read from. */
interface Seen extends GroupRecord {
  event: BlogPublished;
}

/** Parsed as the service would (checked later: an expect thrown inside eachMessage would only make kafkajs retry). */
function seen(r: GroupRecord): Seen {
  return { ...r, event: JSON.parse(r.value!) as BlogPublished };
}

/** Every event exactly once: the same posts (set and count), no (partition, offset) twice. */
function expectEveryEventOnce(service: string, got: Seen[] | Seen[][], events: BlogPublished[]): void {
  const all = (got.length > 0 && Array.isArray(got[0]) ? (got as Seen[][]) : [got as Seen[]]).flat();
  const ids = all.map((s) => s.event.postId);
  expect({ service, count: all.length }).toEqual({ service, count: events.length });
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(events.map((e) => e.postId).sort());
  for (const s of all) {
    expect(s.key).toBe(s.event.postId);
    expect(s.event).toEqual(events.find((e) => e.postId === s.event.postId));
  }
  // And in terms of the log: each (partition, offset) once, in order within a partition.
  expectExactlyOnce(got as GroupRecord[] | GroupRecord[][], all);
}

it('search and counter each see every post once; the counter crashes and resumes; analytics replays from the beginning', async () => {
  const topic = uniqueTopic('posts');
  expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);

  // Posts published before the services start.
  const first = posts(0, 30);
  await publish(topic, first);

  // search: autoCommit as kafkajs does by default.
  const search = new GroupConsumer(kafka, 'search-' + topic);
  const searchIndex: Seen[] = [];
  await search.start(topic, true, {}, (r) => {
    searchIndex.push(seen(r));
  });

  // counter: commits each event once it has counted it; crashes after the 12th.
  const CRASH_AFTER = 12;
  const counterGroup = 'counter-' + topic;
  const counter1 = new GroupConsumer(kafka, counterGroup);
  const counted1: Seen[] = [];
  let crashed = false;
  let onCrash: () => void = () => {};
  const crashedNow = new Promise<void>((resolve) => (onCrash = resolve));
  await counter1.start(topic, true, { autoCommit: false }, async (r) => {
    if (crashed) return; // a dead process processes nothing (and commits nothing)
    counted1.push(seen(r));
    await counter1.consumer.commitOffsets([{ topic, partition: r.partition, offset: String(r.offset + 1) }]);
    if (counted1.length === CRASH_AFTER) {
      crashed = true;
      onCrash();
    }
  });

  await crashedNow;
  await counter1.stop();
  // What it committed is exactly what it counted: per partition, the offset after its last event.
  const committedAtCrash = await committedOffsets(admin, counterGroup, topic);
  const expectedCommitted = [0, 1, 2].map((p) => {
    const mine = counted1.filter((s) => s.partition === p);
    return String(mine.length === 0 ? -1 : mine[mine.length - 1]!.offset + 1);
  });
  expect(counted1).toHaveLength(CRASH_AFTER);
  expect(committedAtCrash).toEqual(expectedCommitted);
  expect(committedAtCrash.reduce((sum, c) => sum + Math.max(Number(c), 0), 0)).toBe(CRASH_AFTER);
  expectExactlyOnce(counted1, counted1); // in order per partition, no repeats
  for (const [p, c] of committedAtCrash.entries()) {
    // counted from the start of each partition, without gaps
    expect(counted1.filter((s) => s.partition === p).map((s) => s.offset)).toEqual(
      Array.from({ length: Math.max(Number(c), 0) }, (_, i) => i),
    );
  }

  // More posts while the counter is down; search keeps up regardless.
  const second = posts(30, 45);
  await publish(topic, second);
  await waitForCount('search to index the first and second posts', () => searchIndex.length, first.length + second.length);
  expectEveryEventOnce('search', searchIndex, [...first, ...second]);
  expect(search.joins).toHaveLength(1); // the counter's crash never touched the search group
  expect(search.crashes).toEqual([]);

  // counter restarts: it resumes after its committed offsets.
  const counter2 = new GroupConsumer(kafka, counterGroup);
  const counted2: Seen[] = [];
  await counter2.start(topic, true, { autoCommit: false }, async (r) => {
    counted2.push(seen(r));
    await counter2.consumer.commitOffsets([{ topic, partition: r.partition, offset: String(r.offset + 1) }]);
  });
  await waitForCount('the counter to catch up', () => counted1.length + counted2.length, first.length + second.length);
  const countedTwice = counted2.filter((s) => counted1.some((c) => c.event.postId === s.event.postId));
  expect(countedTwice).toEqual([]);
  expect(counted2).toHaveLength(first.length + second.length - CRASH_AFTER);
  expectEveryEventOnce('counter', [counted1, counted2], [...first, ...second]);

  // analytics arrives later and replays everything from the beginning.
  const third = posts(45, 50);
  await publish(topic, third);
  const analytics = new GroupConsumer(kafka, 'analytics-' + topic);
  const replayed: Seen[] = [];
  await analytics.start(topic, true, {}, (r) => {
    replayed.push(seen(r));
  });
  const everything = [...first, ...second, ...third];
  await waitForCount('analytics to replay everything', () => replayed.length, everything.length);
  await waitForCount('search and counter to see the newest posts', () => searchIndex.length + counted2.length, 2 * everything.length - counted1.length);
  expectEveryEventOnce('analytics', replayed, everything);
  expectEveryEventOnce('search', searchIndex, everything);
  expectEveryEventOnce('counter', [counted1, counted2], everything);

  // The same replay with kcat, as the README shows: a new group, from the earliest offset.
  const kcatRun = await kcatOk(
    target.brokers,
    kcatGroupArgs('analytics-kcat-' + topic, [topic], ['-X', 'auto.offset.reset=earliest', '-X', 'heartbeat.interval.ms=300', '-e']),
  );
  const kcatReplay = parseConsumed(kcatRun.stdout).map((r) => seen({ partition: r.partition, offset: r.offset, key: r.key, value: r.value }));
  expectEveryEventOnce('kcat analytics', kcatReplay, everything);

  // Every group committed up to the end: `minikafka groups` shows no lag.
  for (const g of [search.groupId, counterGroup, analytics.groupId, 'analytics-kcat-' + topic]) {
    await waitForCommittedToEnd(admin, g, topic);
  }
  await Promise.all([search.stop(), counter2.stop(), analytics.stop()]);
  const client = await KafkaClient.connect(target.brokers[0]!);
  try {
    const ends = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
    expect(ends.reduce((a, b) => a + b, 0)).toBe(everything.length);
    for (const g of [search.groupId, counterGroup, analytics.groupId, 'analytics-kcat-' + topic]) {
      const [lag] = await waitFor(`${g} to be Empty`, async () => {
        const r = await describeGroupLag(client, g);
        return r[0]?.state === 'Empty' ? r : undefined;
      });
      expect(lag).toMatchObject({ group: g, state: 'Empty', protocolType: 'consumer', members: 0 });
      expect(lag!.partitions).toEqual(
        ends.map((end, partition) => ({ topic, partition, currentOffset: end, logEndOffset: end, lag: 0, consumerId: null })),
      );
    }
  } finally {
    client.close();
  }
});
