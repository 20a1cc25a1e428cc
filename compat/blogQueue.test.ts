/**
 * The blog platform, complete: streams and a queue on one log. The platform writes each new post
 * once to `posts` (kafkajs producer, JSON {postId, title, author}, keyed by postId, 3 partitions).
 * Two services read it as streams, each in its own group, so each sees every post: `search`
 * through a KIP-848 consumer group (Confluent's client, group.protocol=consumer) and `counter`
 * through a classic group (kafkajs). A pool of three thumbnail workers (the librdkafka
 * share-consumer driver, compat/share/shareConsumer.c) reads the same topic as a queue through the
 * share group `thumbnails`: each post is thumbnailed once by one of them.
 *
 * Along the way a thumbnail fails once (released, redelivered with delivery count 2, then done),
 * and one worker hangs on a post and is killed with SIGKILL while holding records: once their
 * (shortened) lock expires they are available again, and a surviving worker thumbnails them when
 * it takes over the dead worker's partition. `minikafka groups` (describeGroupLag) shows the three
 * groups with their kind, and the console's share group page the members and in-flight records.
 *
 * Without Confluent's client or the driver built (compat/clients/install.sh) this fails, saying
 * so, unless MINIKAFKA_SKIP_CONFLUENT=1 asks to skip it.
 */
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import { AnyGroupLag, GroupLag, ShareGroupLag, describeGroupLag, formatStateTable, formatTable, isShareGroup } from '../src/cli/groups';
import { KafkaClient } from '../src/client/KafkaClient';
import { devDefaults } from '../src/config';
import { EmbeddedBroker, startBroker } from '../src/embedded';
import { GROUP_TEST_SETTINGS, GroupConsumer, GroupRecord, expectExactlyOnce, kafkaClient, sleep, stopAllConsumers, waitFor } from './harness';
import { SHARE_DRIVER, ShareWorker, driverBuilt, stopAllWorkers } from './share/worker';
import { CkjsConsumer, CkjsModule, describeWithConfluent } from './confluentClient';

const SUITE = 'the blog platform: search and counter read posts as streams, the thumbnail workers as a queue';
describeWithConfluent(SUITE, (ckjs) => describe(SUITE, () => describeBlogQueue(ckjs)), () =>
  driverBuilt() ? null : `the share-consumer driver is not built (${SHARE_DRIVER})`,
);

/** A thumbnail's lock: records a dead worker held are available again this long after it took them. */
const LOCK_MS = 2000;
/** The dev preset's share session timeout: a dead worker's partition moves on after it. */
const SESSION_TIMEOUT_MS = devDefaults().shareGroups.sessionTimeoutMs;
const TOPIC = 'posts';
const PARTITIONS = 3;
/** A post whose thumbnail fails the first time (the worker releases it) and works the second. */
const FAILS_ONCE = 'corrupt-upload';
/** A post that hangs the thumbnail worker that gets it (only the victim is told to hang on it). */
const HANGS = 'huge-image';

interface BlogPublished {
  postId: string;
  title: string;
  author: string;
}

const AUTHORS = ['ada', 'grace', 'linus', 'barbara'];

function post(i: number, extra = ''): BlogPublished {
  return { postId: `post-${i}`, title: `Post number ${i}${extra}`, author: AUTHORS[i % AUTHORS.length]! };
}

/** A read of one post by a stream reader or a worker, parsed and checked against the key. */
interface Read extends GroupRecord {
  event: BlogPublished;
}

const toRead = (r: GroupRecord): Read => ({ ...r, event: JSON.parse(r.value!) as BlogPublished });

function describeBlogQueue(ckjs: CkjsModule): void {
  let broker: EmbeddedBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let client: KafkaClient;
  let search: CkjsConsumer | null = null;

  beforeAll(async () => {
    const dev = devDefaults();
    broker = await startBroker({
      httpPort: 0,
      config: {
        shareGroups: { ...dev.shareGroups, recordLockDurationMs: LOCK_MS },
        groups: { ...dev.groups, ...GROUP_TEST_SETTINGS },
      },
    });
    kafka = kafkaClient(broker.brokers);
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    client = await KafkaClient.connect(broker.brokers[0]!);
  });

  afterAll(async () => {
    await stopAllWorkers();
    await search?.disconnect().catch(() => {});
    await stopAllConsumers();
    client?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  /** Publishes posts in one request (one batch per partition); returns where each landed. */
  async function publish(events: BlogPublished[]): Promise<(BlogPublished & { partition: number; offset: number })[]> {
    const sent = await producer.send({ topic: TOPIC, acks: -1, messages: events.map((e) => ({ key: e.postId, value: JSON.stringify(e) })) });
    const next = new Map(sent.map((s) => [s.partition, Number(s.baseOffset)]));
    return events.map((e) => {
      const partition = partitionOf(e.postId);
      const offset = next.get(partition)!;
      next.set(partition, offset + 1);
      return { ...e, partition, offset };
    });
  }

  /** The partition the platform's producer (kafkajs' default partitioner, murmur2 of the key) picks. */
  const choose = Partitioners.DefaultPartitioner();
  function partitionOf(postId: string): number {
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
    return choose({ topic: TOPIC, partitionMetadata, message: { key: postId, value: null } });
  }

  async function shareGroup(): Promise<ShareGroupLag> {
    const [g] = await describeGroupLag(client, 'thumbnails');
    if (!g || !isShareGroup(g)) throw new Error(`thumbnails is not a share group: ${JSON.stringify(g)}`);
    return g;
  }

  async function consolePage(): Promise<string> {
    const res = await fetch(new URL('/groups/thumbnails', broker.httpUrl!));
    const body = await res.text();
    expect({ status: res.status, body: res.status === 200 ? '' : body }).toEqual({ status: 200, body: '' });
    return body;
  }

  it('search and counter each see every post once; the thumbnail pool thumbnails each post once, even when a worker dies', async () => {
    expect(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true })).toBe(true);

    // The streams: search on the KIP-848 protocol, counter on the classic one.
    const searched: Read[] = [];
    const kafkaCk = new ckjs.KafkaJS.Kafka({ kafkaJS: { brokers: broker.brokers, clientId: 'search', logLevel: ckjs.KafkaJS.logLevel.NOTHING } });
    search = kafkaCk.consumer({
      'group.protocol': 'consumer',
      kafkaJS: { groupId: 'search', fromBeginning: true, maxWaitTimeInMs: 100, autoCommit: true, autoCommitInterval: 100 },
    });
    await search.connect();
    await search.subscribe({ topics: [TOPIC] });
    await search.run({
      eachMessage: async ({ partition, message }) => {
        searched.push(toRead({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null }));
      },
    });
    const counter = new GroupConsumer(kafka, 'counter');
    const counted: Read[] = [];
    await counter.start(TOPIC, true, {}, (r) => {
      counted.push(toRead(r));
    });

    // The queue: three workers. The first sets the group to start at the beginning of the log, so
    // no post is missed whenever a worker first fetches; every worker releases a failed thumbnail
    // once; only the victim hangs on the huge image.
    const workerFlags = ['--process-ms', '20', '--release-if', FAILS_ONCE];
    const worker = (name: string, flags: string[] = []) =>
      new ShareWorker({ name, brokers: broker.brokers, group: 'thumbnails', topics: [TOPIC], flags: [...workerFlags, ...flags] });
    const first = worker('thumb-1', ['--set-group-config', 'share.auto.offset.reset=earliest']);
    await waitFor('thumb-1 to set share.auto.offset.reset', async () =>
      first.events.find((e) => e.event === 'group_config') ? true : undefined,
    );
    expect(first.events.filter((e) => e.event === 'group_config').map((e) => e.error)).toEqual([null]);
    const victim = worker('thumb-3', ['--hang-if', HANGS]);
    const pool = [first, worker('thumb-2'), victim];
    const names = pool.map((w) => w.name);

    // Three workers on three partitions: Kafka's simple assignor gives each its own partition.
    const spread = await waitFor(
      'three workers to split the three partitions',
      async () => {
        const g = await shareGroup();
        const owners = g.partitions.filter((p) => p.topic === TOPIC).map((p) => p.consumerIds);
        return g.state === 'Stable' && g.members === 3 && owners.length === PARTITIONS && owners.every((o) => o.length === 1) && new Set(owners.flat()).size === 3
          ? g
          : undefined;
      },
      30_000,
    );
    const memberIds = spread.partitions.map((p) => p.consumerIds[0]!).sort();

    // Wave 1: the platform publishes 30 posts, one of which fails its first thumbnail.
    const wave1 = await publish(Array.from({ length: 30 }, (_, i) => post(i, i === 7 ? ` (${FAILS_ONCE})` : '')));
    const allDeliveries = () => pool.flatMap((w) => w.deliveries).filter((d) => d.topic === TOPIC);
    const acceptedIds = () => new Set(allDeliveries().filter((d) => d.action === 'accept').map((d) => `${d.partition}:${d.offset}`));
    const waitThumbnailed = (posts: { partition: number; offset: number }[], what: string, timeoutMs = 20_000) =>
      waitFor(`${what} thumbnailed`, async () => (posts.every((p) => acceptedIds().has(`${p.partition}:${p.offset}`)) ? true : undefined), timeoutMs).catch(
        (err: Error) => {
          throw new Error(`${err.message}\n${pool.map((w) => `--- ${w.name} stderr:\n${w.stderr().slice(-4000)}`).join('\n')}`);
        },
      );
    await waitThumbnailed(wave1, 'wave 1');
    // Every worker has its partition's posts, the victim included (it has not hung yet).
    const partitionOfWorker = new Map(
      pool.map((w) => {
        const parts = [...new Set(w.deliveries.filter((d) => d.topic === TOPIC).map((d) => d.partition))];
        expect({ worker: w.name, partitions: parts.length }).toEqual({ worker: w.name, partitions: 1 });
        return [w.name, parts[0]!];
      }),
    );
    expect([...partitionOfWorker.values()].sort()).toEqual([0, 1, 2]);

    // Wave 2: a huge image that lands on the victim's partition, first in that partition's batch,
    // then the other posts numbered 30 to 45. The victim hangs on the image, holding it and what
    // came after it in the batch.
    const victimPartition = partitionOfWorker.get(victim.name)!;
    let hugeId = 30;
    while (partitionOf(`post-${hugeId}`) !== victimPartition) hugeId++;
    const wave2Events = [post(hugeId, ` (${HANGS})`), ...Array.from({ length: 16 }, (_, i) => post(30 + i)).filter((e) => e.postId !== `post-${hugeId}`)];
    const wave2 = await publish(wave2Events);
    const held = await waitFor('the victim to hang on the huge image', async () => {
      const h = victim.deliveries.filter((d) => d.action === 'hold');
      return h.length > 0 && h[0]!.value!.includes(HANGS) ? h : undefined;
    });
    await sleep(300); // the rest of its batch is printed as held too
    const heldNow = victim.deliveries.filter((d) => d.action === 'hold');
    const heldAt = held[0]!.at;
    const heldPosts = wave2.filter((p) => p.partition === victimPartition && p.offset >= wave2.find((w) => w.postId === `post-${hugeId}`)!.offset);
    expect(heldNow.map((d) => [d.partition, d.offset, d.deliveryCount])).toEqual(heldPosts.map((p) => [p.partition, p.offset, 1]));

    // The console shows the victim's records in flight: acquired, delivered once.
    const duringHold = sharePartitionRows(await consolePage());
    expect(duringHold.find((r) => r.partition === victimPartition)).toMatchObject({ acquired: heldPosts.length, maxDeliveries: 1 });

    victim.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Once the lock runs out the dead worker's records are available again (until the group
    // notices it is gone, after its session timeout, nobody else is assigned that partition).
    await sleep(Math.max(0, heldAt + LOCK_MS + 500 - Date.now()));
    const afterLock = sharePartitionRows(await consolePage());
    expect({ beforeSessionTimeout: Date.now() - heldAt < SESSION_TIMEOUT_MS - 1000 }).toEqual({ beforeSessionTimeout: true });
    expect(afterLock.find((r) => r.partition === victimPartition)).toMatchObject({ acquired: 0, available: heldPosts.length, maxDeliveries: 1 });

    // Wave 3: the platform keeps publishing while the pool is one worker short.
    const wave3 = await publish(Array.from({ length: 12 }, (_, i) => post(50 + i)));
    const everything = [...wave1, ...wave2, ...wave3];
    await waitThumbnailed(everything, 'every post', SESSION_TIMEOUT_MS + 20_000);
    await sleep(LOCK_MS); // anything delivered again would show up

    // Each post thumbnailed exactly once across the pool, with the delivery count it must have.
    const survivors = pool.filter((w) => w !== victim);
    const accepted = allDeliveries().filter((d) => d.action === 'accept');
    const failsOnce = wave1[7]!;
    const heldKeys = new Set(heldPosts.map((p) => `${p.partition}:${p.offset}`));
    expect(accepted.map((d) => ({ partition: d.partition, offset: d.offset, key: d.key })).sort(byLog)).toEqual(
      everything.map((p) => ({ partition: p.partition, offset: p.offset, key: p.postId })).sort(byLog),
    );
    for (const d of accepted) {
      const id = `${d.partition}:${d.offset}`;
      const expected = heldKeys.has(id) || (d.partition === failsOnce.partition && d.offset === failsOnce.offset) ? 2 : 1;
      expect({ post: d.key, deliveryCount: d.deliveryCount }).toEqual({ post: d.key, deliveryCount: expected });
      expect(JSON.parse(d.value!)).toEqual(stripPlacement(everything.find((p) => p.postId === d.key)!));
    }
    // More than one worker did the work; the victim's held posts went to a survivor, after the lock.
    const workersWithWork = pool.filter((w) => w.deliveries.some((d) => d.action === 'accept'));
    expect(workersWithWork.map((w) => w.name)).toEqual(names);
    for (const d of accepted.filter((a) => heldKeys.has(`${a.partition}:${a.offset}`))) {
      expect(survivors.map((w) => w.name)).toContain(d.worker);
      expect({ post: d.key, afterLock: d.at - heldAt >= LOCK_MS - 300 }).toEqual({ post: d.key, afterLock: true });
    }
    // The failed thumbnail: released once, then accepted with delivery count 2, by the same worker.
    const failed = allDeliveries().filter((d) => d.partition === failsOnce.partition && d.offset === failsOnce.offset);
    expect(failed.map((d) => [d.deliveryCount, d.action])).toEqual([
      [1, 'release'],
      [2, 'accept'],
    ]);
    // The broker took every acknowledgement of the survivors; the victim acknowledged nothing it held.
    expect(survivors.flatMap((w) => w.failures())).toEqual([]);
    for (const p of heldPosts) expect(victim.acked(TOPIC, p.partition)).not.toContain(p.offset);

    // The streams: search and counter each saw every post exactly once, in order per partition.
    const asRecords = everything.map((p) => ({ partition: p.partition, offset: p.offset, key: p.postId }));
    await waitFor('search and counter to read every post', async () =>
      searched.length >= everything.length && counted.length >= everything.length ? true : undefined,
    );
    await sleep(300);
    for (const [service, reads] of [
      ['search', searched],
      ['counter', counted],
    ] as const) {
      expect({ service, count: reads.length }).toEqual({ service, count: everything.length });
      expectExactlyOnce(
        reads.map((r) => ({ partition: r.partition, offset: r.offset, key: r.key })),
        asRecords,
      );
      for (const r of reads) expect(r.event).toEqual(stripPlacement(everything.find((p) => p.postId === r.key)!));
    }

    // `minikafka groups`: the three groups with their kind, all caught up.
    const ends = (await admin.fetchTopicOffsets(TOPIC)).sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
    expect(ends.reduce((a, b) => a + b, 0)).toBe(everything.length);
    const groups = await waitFor('every group to be caught up', async () => {
      const gs = await describeGroupLag(client);
      const caughtUp = gs.every((g) =>
        isShareGroup(g)
          ? g.members === 2 && g.partitions.every((p) => p.lag === 0 && p.startOffset === ends[p.partition])
          : g.partitions.length === PARTITIONS && g.partitions.every((p) => p.lag === 0),
      );
      return gs.length === 3 && caughtUp ? gs : undefined;
    }, 20_000);
    const byName = new Map<string, AnyGroupLag>(groups.map((g) => [g.group, g]));
    expect(groups.map((g) => g.group)).toEqual(['counter', 'search', 'thumbnails']);
    expect(byName.get('search')).toMatchObject({ type: 'consumer', state: 'Stable', members: 1 });
    expect(byName.get('counter')).toMatchObject({ state: 'Stable', protocolType: 'consumer', members: 1 });
    expect(byName.get('counter')).not.toHaveProperty('type');
    for (const name of ['search', 'counter']) {
      const g = byName.get(name) as GroupLag;
      expect(g.partitions.map((p) => ({ ...p, consumerId: p.consumerId === null ? null : 'member' }))).toEqual(
        ends.map((end, partition) => ({ topic: TOPIC, partition, currentOffset: end, logEndOffset: end, lag: 0, consumerId: 'member' })),
      );
    }
    const thumbnails = byName.get('thumbnails') as ShareGroupLag;
    expect(thumbnails).toMatchObject({ type: 'share', state: 'Stable', members: 2 });
    expect(thumbnails.partitions.map((p) => ({ topic: p.topic, partition: p.partition, startOffset: p.startOffset, lag: p.lag, consumers: p.consumerIds.length }))).toEqual(
      ends.map((end, partition) => ({ topic: TOPIC, partition, startOffset: end, lag: 0, consumers: 1 })),
    );
    const survivorIds = [...new Set(thumbnails.partitions.flatMap((p) => p.consumerIds))].sort();
    expect(survivorIds).toHaveLength(2);
    expect(memberIds).toEqual(expect.arrayContaining(survivorIds));
    const deadId = memberIds.find((id) => !survivorIds.includes(id))!;
    expect(formatStateTable(groups).split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['counter classic', 'search consumer', 'thumbnails share']),
    );
    // (printed for the README when MINIKAFKA_BLOG_PRINT=1)
    if (process.env.MINIKAFKA_BLOG_PRINT === '1') process.stdout.write(`${formatStateTable(groups)}\n${formatTable(groups)}`);

    // The console's share group page: the two live members, nothing in flight, what was delivered twice gone.
    const page = await consolePage();
    for (const id of survivorIds) expect(page).toContain(id);
    expect(page).not.toContain(deadId);
    expect(keyValue(page, 'Members')).toBe('2');
    expect(keyValue(page, 'In flight')).toBe('0');
    const rows = sharePartitionRows(page);
    expect(rows.map((r) => ({ topic: r.topic, partition: r.partition, startOffset: r.startOffset, acquired: r.acquired, available: r.available, lag: r.lag, members: r.members }))).toEqual(
      ends.map((end, partition) => ({ topic: TOPIC, partition, startOffset: end, acquired: 0, available: 0, lag: 0, members: 1 })),
    );

    await Promise.all(survivors.map((w) => w.stop()));
    for (const w of survivors) expect(await w.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
}

const byLog = (a: { partition: number; offset: number }, b: { partition: number; offset: number }) => a.partition - b.partition || a.offset - b.offset;

const stripPlacement = ({ postId, title, author }: BlogPublished): BlogPublished => ({ postId, title, author });

/** One row of the console's share-partitions table, as numbers. */
interface SharePartitionRow {
  topic: string;
  partition: number;
  startOffset: number;
  endOffset: number;
  available: number;
  acquired: number;
  acknowledged: number;
  archived: number;
  maxDeliveries: number;
  notFetched: number;
  lag: number;
  members: number;
}

const COLUMNS = ['Topic', 'Partition', 'Start offset', 'End offset', 'Available', 'Acquired', 'Acknowledged', 'Archived', 'Max deliveries', 'Not fetched', 'Lag', 'Members'];

/** Cells as text: tags dropped, entities decoded, thousands separators removed from numbers. */
function cells(rowHtml: string, tag: 'td' | 'th'): string[] {
  return [...rowHtml.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
    m[1]!.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim(),
  );
}

function sharePartitionRows(page: string): SharePartitionRow[] {
  const section = page.split('<h2>Share-partitions</h2>')[1];
  if (section === undefined) throw new Error(`no share-partitions section in the console page:\n${page}`);
  const table = section.split('</table>')[0]!;
  const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
  expect(cells(rows[0]!, 'th')).toEqual(COLUMNS);
  const num = (s: string) => Number(s.replace(/[,\s]/g, ''));
  return rows.slice(1).map((r) => {
    const c = cells(r, 'td');
    return {
      topic: c[0]!,
      partition: num(c[1]!),
      startOffset: num(c[2]!),
      endOffset: num(c[3]!),
      available: num(c[4]!),
      acquired: num(c[5]!),
      acknowledged: num(c[6]!),
      archived: num(c[7]!),
      maxDeliveries: num(c[8]!),
      notFetched: num(c[9]!),
      lag: num(c[10]!),
      members: num(c[11]!),
    };
  });
}

/** A value of the page's key-value table (Type, State, Members, In flight, ...). */
function keyValue(page: string, key: string): string | undefined {
  const m = page.match(new RegExp(`<tr><th>${key}</th><td>([\\s\\S]*?)</td></tr>`));
  return m ? m[1]!.replace(/<[^>]*>/g, '').trim() : undefined;
}
