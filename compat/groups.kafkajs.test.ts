/**
 * kafkajs 2.2.4 consumer groups against the broker (classic protocol, RoundRobinAssigner):
 * joining and splitting partitions, leaving, eviction by session timeout, seek, pause/resume,
 * manual commits, fromBeginning false, the admin offset and group calls, and committed offsets
 * across a broker restart. Every check is exact: which partitions each member owns, and that every
 * record is read exactly once (records are produced only while the group is stable, so no
 * rebalance window can excuse a duplicate or a gap).
 */
import { spawn, ChildProcess } from 'node:child_process';
import { Admin, AssignerProtocol, ConsumerConfig, Kafka, Partitioners, Producer } from 'kafkajs';
import {
  GROUP_TEST_SETTINGS,
  GroupConsumer,
  GroupRecord as Rec,
  Target,
  committedOffsets,
  decodeMemberAssignment as decodeAssignment,
  expectExactlyOnce,
  itIfLocal,
  kafkaClient,
  sortRecords as sortRecs,
  startTarget,
  uniqueTopic,
  waitFor,
  waitForCommittedToEnd,
  waitForCount,
  GroupsSetup,
  startGroupsSetup,
} from './harness';

let target: Target;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const children = new Set<ChildProcess>();

let setup: GroupsSetup;

beforeAll(async () => {
  setup = await startGroupsSetup();
  ({ target, kafka, admin, producer } = setup);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await setup?.dispose();
});

/** A group consumer on this file's broker (or on client). */
class Member extends GroupConsumer {
  constructor(groupId: string, config: Partial<ConsumerConfig> = {}, client: Kafka = kafka) {
    super(client, groupId, config);
  }
}

const committed = (groupId: string, topic: string) => committedOffsets(admin, groupId, topic);
const waitForCommitted = (groupId: string, topic: string) => waitForCommittedToEnd(admin, groupId, topic);

async function createTopic(topic: string, numPartitions: number): Promise<void> {
  expect(await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true })).toBe(true);
}

/** Produces perPartition records to each of partitions, with explicit partitions; returns them. */
async function produce(topic: string, partitions: number, perPartition: number, tag: string): Promise<Rec[]> {
  const messages = [];
  for (let i = 0; i < perPartition; i++) {
    for (let p = 0; p < partitions; p++) messages.push({ partition: p, key: `k-${p}-${i}`, value: `${tag}-${p}-${i}` });
  }
  const meta = await producer.send({ topic, acks: -1, messages });
  const expected: Rec[] = [];
  for (const m of meta) {
    expect(m.errorCode).toBe(0);
    const base = Number(m.baseOffset);
    for (let i = 0; i < perPartition; i++) {
      expected.push({ partition: m.partition, offset: base + i, key: `k-${m.partition}-${i}`, value: `${tag}-${m.partition}-${i}` });
    }
  }
  return sortRecs(expected);
}

/** Waits until the latest assignments of members split partitions [0, n) with no overlap. */
async function waitForSplit(topic: string, n: number, members: Member[], minJoins: number[]): Promise<number[][]> {
  return waitFor(
    `assignments of ${members.length} members to cover ${n} partitions`,
    async () => {
      if (members.some((m, i) => m.joins.length < minJoins[i]!)) return undefined;
      const parts = members.map((m) => m.assigned(topic));
      const all = parts.flat().sort((a, b) => a - b);
      if (all.join(',') !== Array.from({ length: n }, (_, i) => i).join(',')) return undefined;
      const d = await admin.describeGroups([members[0]!.groupId]);
      const g = d.groups[0]!;
      if (g.state !== 'Stable' || g.members.length !== members.length) return undefined;
      return parts;
    },
    15_000,
  );
}

describe('kafkajs consumer group', () => {
  it('splits partitions between members with no overlap, and hands them all over when one leaves', async () => {
    const topic = uniqueTopic('kjs-grp-split');
    const groupId = uniqueTopic('g-split');
    await createTopic(topic, 4);
    const first = await produce(topic, 4, 5, 'one');

    // One member: all four partitions, everything from the beginning.
    const a = new Member(groupId);
    await a.start(topic, true);
    await waitForCount('a to read the first records', () => a.got.length, first.length);
    expect(a.joins).toHaveLength(1);
    expect(a.assigned(topic)).toEqual([0, 1, 2, 3]);
    expectExactlyOnce(a.got, first);
    await waitForCommitted(groupId, topic);

    // A second member: the partitions are split with no overlap, and nothing old is read again.
    const b = new Member(groupId);
    await b.start(topic, true);
    const [pa, pb] = await waitForSplit(topic, 4, [a, b], [2, 1]);
    expect(pa).toHaveLength(2);
    expect(pb).toHaveLength(2);
    expect(pa!.filter((p) => pb!.includes(p))).toEqual([]);

    // The group as DescribeGroups shows it.
    const described = await admin.describeGroups([groupId]);
    expect(described.groups).toHaveLength(1);
    const g = described.groups[0]!;
    expect(g).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', errorCode: 0 });
    const byId = new Map(g.members.map((m) => [m.memberId, m]));
    expect([...byId.keys()].sort()).toEqual([a.memberId, b.memberId].sort());
    expect(decodeAssignment(byId.get(a.memberId)!.memberAssignment)).toEqual({ [topic]: pa });
    expect(decodeAssignment(byId.get(b.memberId)!.memberAssignment)).toEqual({ [topic]: pb });
    for (const m of g.members) {
      expect(m.clientId).toBe('minikafka-compat');
      expect(m.clientHost).toMatch(/127\.0\.0\.1/);
      expect(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)).toMatchObject({ topics: [topic] });
    }
    expect(a.got).toHaveLength(first.length);
    expect(b.got).toEqual([]);

    const second = await produce(topic, 4, 5, 'two');
    await waitForCount('a and b to read the second records', () => a.got.length + b.got.length, first.length + second.length);
    const aSecond = a.got.slice(first.length);
    expectExactlyOnce([aSecond, b.got], second);
    for (const r of aSecond) expect(pa).toContain(r.partition);
    for (const r of b.got) expect(pb).toContain(r.partition);
    expect(aSecond.length).toBe(10);
    expect(b.got.length).toBe(10);
    await waitForCommitted(groupId, topic);

    // b leaves: a takes over all four partitions and goes on from b's committed offsets.
    await b.stop();
    const aJoins = a.joins.length;
    const [all] = await waitForSplit(topic, 4, [a], [aJoins + 1]);
    expect(all).toEqual([0, 1, 2, 3]);
    const third = await produce(topic, 4, 5, 'three');
    await waitForCount('a to read the third records', () => a.got.length + b.got.length, first.length + second.length + third.length);
    expectExactlyOnce(a.got.slice(first.length + aSecond.length), third);
    expectExactlyOnce([a.got, b.got], [...first, ...second, ...third]);
    expect(a.crashes).toEqual([]);
    expect(b.crashes).toEqual([]);
    await a.stop();
  });

  it('evicts a member that stops heartbeating after its session timeout; the survivor gets its partitions', async () => {
    const topic = uniqueTopic('kjs-grp-evict');
    const groupId = uniqueTopic('g-evict');
    await createTopic(topic, 4);

    const a = new Member(groupId);
    await a.start(topic, true);
    await waitForSplit(topic, 4, [a], [1]);

    // The victim: a kafkajs consumer in a child process, frozen with SIGSTOP (its connections stay
    // open, it just goes silent), so only the session timeout can remove it.
    const sessionTimeout = 4000;
    // The broker counts the session from the member's last heartbeat, which a loaded machine may
    // have delayed by several hundred ms before the freeze; the exact timer is unit-tested.
    const heartbeatJitter = 1000;
    const script = `
      const { Kafka, logLevel } = require(process.env.KAFKAJS);
      const kafka = new Kafka({ clientId: 'victim', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
      const c = kafka.consumer({ groupId: process.env.GROUP, sessionTimeout: ${sessionTimeout}, heartbeatInterval: 200,
        rebalanceTimeout: 4000, maxWaitTimeInMs: 100 });
      c.on(c.events.GROUP_JOIN, (e) => process.stdout.write('JOIN ' + JSON.stringify(e.payload.memberAssignment) + '\\n'));
      (async () => {
        await c.connect();
        await c.subscribe({ topics: [process.env.TOPIC], fromBeginning: true });
        await c.run({ eachMessage: async ({ partition, message }) =>
          process.stdout.write('MSG ' + JSON.stringify({ partition, offset: Number(message.offset),
            key: message.key ? message.key.toString() : null, value: message.value ? message.value.toString() : null }) + '\\n') });
      })().catch((e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
    `;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, KAFKAJS: require.resolve('kafkajs'), BROKERS: target.brokers.join(','), GROUP: groupId, TOPIC: topic },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const childJoins = () => out.split('\n').filter((l) => l.startsWith('JOIN ')).map((l) => JSON.parse(l.slice(5)) as Record<string, number[]>);
    const childGot = (): Rec[] => out.split('\n').filter((l) => l.startsWith('MSG ')).map((l) => JSON.parse(l.slice(4)) as Rec);
    try {
      const [pa, pc] = await waitFor(
        'the child to join and the partitions to be split',
        async () => {
          if (err) throw new Error(`child failed: ${err}`);
          const cj = childJoins();
          if (cj.length < 1 || a.joins.length < 2) return undefined;
          const pa = a.assigned(topic);
          const pc = [...(cj[cj.length - 1]![topic] ?? [])].sort((x, y) => x - y);
          if ([...pa, ...pc].sort().join(',') !== '0,1,2,3') return undefined;
          return [pa, pc];
        },
        15_000,
      );
      expect(pa).toHaveLength(2);
      expect(pc).toHaveLength(2);

      const first = await produce(topic, 4, 5, 'before');
      await waitForCount('both to read the first records', () => a.got.length + childGot().length, first.length);
      expectExactlyOnce([a.got, childGot()], first);
      for (const r of childGot()) expect(pc).toContain(r.partition);
      await waitForCommitted(groupId, topic);

      const aJoins = a.joins.length;
      child.kill('SIGSTOP');
      const stoppedAt = Date.now();
      const [all] = await waitForSplit(topic, 4, [a], [aJoins + 1]);
      const took = Date.now() - stoppedAt;
      expect(all).toEqual([0, 1, 2, 3]);
      // Not before the session timeout (less the time since the child's last heartbeat) ...
      expect(took).toBeGreaterThanOrEqual(sessionTimeout - heartbeatJitter);
      // ... and not much after it (the survivor rejoins within a few heartbeats).
      expect(took).toBeLessThan(sessionTimeout + 5000);

      const second = await produce(topic, 4, 5, 'after');
      const before = a.got.length;
      await waitForCount('the survivor to read the second records', () => a.got.length, before + second.length);
      expectExactlyOnce(a.got.slice(before), second);
      expectExactlyOnce([a.got, childGot()], [...first, ...second]);
    } finally {
      child.kill('SIGKILL');
      children.delete(child);
      await a.stop();
    }
  });

  it('seek re-reads from the given offset', async () => {
    const topic = uniqueTopic('kjs-grp-seek');
    const groupId = uniqueTopic('g-seek');
    await createTopic(topic, 1);
    const records = await produce(topic, 1, 10, 'seek');
    const m = new Member(groupId);
    try {
      await m.start(topic, true);
      await waitForCount('the records', () => m.got.length, 10);
      expectExactlyOnce(m.got, records);
      m.consumer.seek({ topic, partition: 0, offset: '3' });
      await waitForCount('the records after the seek', () => m.got.length, 17);
      expect(m.got.slice(10)).toEqual(records.slice(3));
      await waitForCommitted(groupId, topic);
      expect(await committed(groupId, topic)).toEqual(['10']);
    } finally {
      await m.stop();
    }
  });

  it('pause stops one partition, resume continues it where it stopped', async () => {
    const topic = uniqueTopic('kjs-grp-pause');
    const groupId = uniqueTopic('g-pause');
    await createTopic(topic, 2);
    const first = await produce(topic, 2, 3, 'first');
    const m = new Member(groupId);
    try {
      await m.start(topic, true);
      await waitForCount('the first records', () => m.got.length, first.length);
      expectExactlyOnce(m.got, first);

      m.consumer.pause([{ topic, partitions: [0] }]);
      expect(m.consumer.paused()).toEqual([{ topic, partitions: [0] }]);
      const second = await produce(topic, 2, 3, 'second');
      await waitForCount('partition 1 while 0 is paused', () => m.got.length, first.length + 3);
      const fetchesBefore = m.fetches;
      await waitFor('a few more fetches', async () => (m.fetches >= fetchesBefore + 5 ? true : undefined));
      expect(m.got.slice(first.length)).toEqual(second.filter((r) => r.partition === 1));

      m.consumer.resume([{ topic, partitions: [0] }]);
      expect(m.consumer.paused()).toEqual([]);
      await waitForCount('partition 0 after resume', () => m.got.length, first.length + second.length);
      expect(m.got.slice(first.length + 3)).toEqual(second.filter((r) => r.partition === 0));
      expectExactlyOnce(m.got, [...first, ...second]);
    } finally {
      await m.stop();
    }
  });

  it('manual commits (autoCommit false): a restarted consumer resumes exactly after the committed offset', async () => {
    const topic = uniqueTopic('kjs-grp-manual');
    const groupId = uniqueTopic('g-manual');
    await createTopic(topic, 2);
    const records = await produce(topic, 2, 10, 'manual');

    const m1 = new Member(groupId);
    await m1.start(topic, true, { autoCommit: false });
    try {
      await waitForCount('all records', () => m1.got.length, records.length);
      expectExactlyOnce(m1.got, records);
      // Nothing is committed without a commit.
      expect(await committed(groupId, topic)).toEqual(['-1', '-1']);
      await m1.consumer.commitOffsets([
        { topic, partition: 0, offset: '6' },
        { topic, partition: 1, offset: '3' },
      ]);
      expect(await committed(groupId, topic)).toEqual(['6', '3']);
    } finally {
      await m1.stop();
    }
    expect(await committed(groupId, topic)).toEqual(['6', '3']);

    const m2 = new Member(groupId);
    try {
      await m2.start(topic, true, { autoCommit: false });
      const expected = records.filter((r) => (r.partition === 0 ? r.offset >= 6 : r.offset >= 3));
      await waitForCount('the records after the committed offsets', () => m2.got.length, expected.length);
      expectExactlyOnce(m2.got, expected);
    } finally {
      await m2.stop();
    }
  });

  it('fromBeginning false on a new group reads only records produced after it joined', async () => {
    const topic = uniqueTopic('kjs-grp-latest');
    const groupId = uniqueTopic('g-latest');
    await createTopic(topic, 2);
    await produce(topic, 2, 5, 'old');
    const m = new Member(groupId);
    try {
      await m.start(topic, false);
      await waitForSplit(topic, 2, [m], [1]);
      // Its positions are set once it has fetched (to the log end, as there is no committed offset).
      const fetched = m.fetches;
      await waitFor('a fetch after joining', async () => (m.fetches > fetched + 1 ? true : undefined));
      const fresh = await produce(topic, 2, 5, 'new');
      expect(fresh.map((r) => r.offset)).toEqual([5, 6, 7, 8, 9, 5, 6, 7, 8, 9]);
      await waitForCount('the new records', () => m.got.length, fresh.length);
      expectExactlyOnce(m.got, fresh);
    } finally {
      await m.stop();
    }
  });
});

describe('kafkajs admin: group offsets and groups', () => {
  /** A topic of 3 partitions × 4 records, and a group that has read and committed all of it. */
  async function consumedGroup(tag: string): Promise<{ topic: string; groupId: string; records: Rec[] }> {
    const topic = uniqueTopic(`kjs-grp-${tag}`);
    const groupId = uniqueTopic(`g-${tag}`);
    await createTopic(topic, 3);
    const records = await produce(topic, 3, 4, tag);
    // An unknown group has no offsets.
    expect(await committed(groupId, topic)).toEqual(['-1', '-1', '-1']);
    const m = new Member(groupId);
    try {
      await m.start(topic, true);
      await waitForCount('all records', () => m.got.length, records.length);
      expectExactlyOnce(m.got, records);
      await waitForCommitted(groupId, topic);
    } finally {
      await m.stop();
    }
    expect(await committed(groupId, topic)).toEqual(['4', '4', '4']);
    const fetched = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(fetched).toEqual([{ topic, partitions: expect.any(Array) }]);
    expect([...fetched[0]!.partitions].sort((a, b) => a.partition - b.partition)).toEqual(
      [0, 1, 2].map((partition) => ({ partition, offset: '4', metadata: null })),
    );
    return { topic, groupId, records };
  }

  // Each admin.setOffsets/resetOffsets runs a kafkajs consumer that waits out one empty fetch
  // (5 s, its default maxWaitTimeInMs) before it stops: the three cases run side by side.
  it('fetchOffsets, resetOffsets (earliest, latest) and setOffsets; a consumer then starts there', async () => {
    const earliest = async () => {
      const { topic, groupId, records } = await consumedGroup('earliest');
      // kafkajs commits -2 literally; resolveOffsets turns it into the log start offsets.
      await admin.resetOffsets({ groupId, topic, earliest: true });
      expect(await committed(groupId, topic)).toEqual(['-2', '-2', '-2']);
      const resolved = await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets: true });
      expect([...resolved[0]!.partitions].sort((a, b) => a.partition - b.partition).map((p) => p.offset)).toEqual(['0', '0', '0']);
      expect(await committed(groupId, topic)).toEqual(['0', '0', '0']);
      const m = new Member(groupId);
      try {
        await m.start(topic, false); // the committed offsets win over fromBeginning
        await waitForCount('everything again', () => m.got.length, records.length);
        expectExactlyOnce(m.got, records);
        await waitForCommitted(groupId, topic);
      } finally {
        await m.stop();
      }
    };

    const set = async () => {
      const { topic, groupId, records } = await consumedGroup('set');
      await admin.setOffsets({
        groupId,
        topic,
        partitions: [
          { partition: 0, offset: '1' },
          { partition: 1, offset: '3' },
          { partition: 2, offset: '0' },
        ],
      });
      expect(await committed(groupId, topic)).toEqual(['1', '3', '0']);
      const m = new Member(groupId);
      try {
        await m.start(topic, false);
        const expected = records.filter((r) => r.offset >= [1, 3, 0][r.partition]!);
        await waitForCount('the records after the set offsets', () => m.got.length, expected.length);
        expectExactlyOnce(m.got, expected);
        await waitForCommitted(groupId, topic);
      } finally {
        await m.stop();
      }
    };

    const latest = async () => {
      const { topic, groupId } = await consumedGroup('latest');
      // -1 literally, resolved to the log end offsets; a consumer then sees only new records.
      await admin.resetOffsets({ groupId, topic, earliest: false });
      expect(await committed(groupId, topic)).toEqual(['-1', '-1', '-1']);
      await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets: true });
      expect(await committed(groupId, topic)).toEqual(['4', '4', '4']);
      const m = new Member(groupId);
      try {
        await m.start(topic, true); // committed offsets again win over fromBeginning
        await waitForSplit(topic, 3, [m], [1]);
        const fetched = m.fetches;
        await waitFor('a fetch after joining', async () => (m.fetches > fetched + 1 ? true : undefined));
        const fresh = await produce(topic, 3, 2, 'fresh');
        await waitForCount('only the new records', () => m.got.length, fresh.length);
        expectExactlyOnce(m.got, fresh);
      } finally {
        await m.stop();
      }
    };

    await Promise.all([earliest(), set(), latest()]);
  });

  it('setOffsets is refused while the group has members', async () => {
    const topic = uniqueTopic('kjs-grp-busy');
    const groupId = uniqueTopic('g-busy');
    await createTopic(topic, 1);
    const m = new Member(groupId);
    try {
      await m.start(topic, true);
      await waitForSplit(topic, 1, [m], [1]);
      await expect(admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] })).rejects.toThrow(
        /must have no running instances, current state: Stable/,
      );
    } finally {
      await m.stop();
    }
  });

  it('describeGroups, listGroups and deleteGroups (refused with members, done once they left)', async () => {
    const topic = uniqueTopic('kjs-grp-del');
    const groupId = uniqueTopic('g-del');
    const other = uniqueTopic('g-del-other');
    await createTopic(topic, 2);
    const records = await produce(topic, 2, 3, 'del');

    const m = new Member(groupId);
    const n = new Member(other);
    try {
      await Promise.all([m.start(topic, true), n.start(topic, true)]);
      await waitForCount('both groups to read', () => m.got.length + n.got.length, 2 * records.length);
      expectExactlyOnce(m.got, records);
      expectExactlyOnce(n.got, records);
      await waitForCommitted(groupId, topic);

      const listed = await admin.listGroups();
      expect(listed.groups).toEqual(expect.arrayContaining([
        { groupId, protocolType: 'consumer' },
        { groupId: other, protocolType: 'consumer' },
      ]));

      const d = await admin.describeGroups([groupId, other]);
      expect(d.groups.map((g) => [g.groupId, g.state, g.protocol, g.members.length])).toEqual([
        [groupId, 'Stable', 'RoundRobinAssigner', 1],
        [other, 'Stable', 'RoundRobinAssigner', 1],
      ]);
      expect(decodeAssignment(d.groups[0]!.members[0]!.memberAssignment)).toEqual({ [topic]: [0, 1] });

      // With a member: 68 NON_EMPTY_GROUP, nothing deleted.
      const err = await admin.deleteGroups([groupId]).then(
        () => null,
        (e: unknown) => e as { name: string; groups: { groupId: string; errorCode: number; error: { type: string } }[] },
      );
      expect(err).not.toBeNull();
      expect(err!.name).toBe('KafkaJSDeleteGroupsError');
      expect(err!.groups.map((g) => [g.groupId, g.errorCode, g.error.type])).toEqual([[groupId, 68, 'NON_EMPTY_GROUP']]);
      expect(await committed(groupId, topic)).toEqual(['3', '3']);
      expect((await admin.describeGroups([groupId])).groups[0]!.state).toBe('Stable');
    } finally {
      await m.stop();
    }

    // Empty now: described as Empty with no members, still listed, still has its offsets.
    const empty = (await admin.describeGroups([groupId])).groups[0]!;
    // As Kafka: the type stays, the protocol name goes with the last member.
    expect(empty).toMatchObject({ groupId, state: 'Empty', protocolType: 'consumer', protocol: '', members: [], errorCode: 0 });
    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });

    try {
      expect(await admin.deleteGroups([groupId])).toEqual([{ groupId, errorCode: 0 }]);
      // Gone: not listed, described as Dead, no offsets; the other group is untouched.
      const after = await admin.listGroups();
      expect(after.groups.map((g) => g.groupId)).not.toContain(groupId);
      expect(after.groups).toContainEqual({ groupId: other, protocolType: 'consumer' });
      expect((await admin.describeGroups([groupId])).groups[0]).toMatchObject({ groupId, state: 'Dead', members: [] });
      expect(await committed(groupId, topic)).toEqual(['-1', '-1']);
      expect((await admin.describeGroups([other])).groups[0]!.state).toBe('Stable');

      // Deleting it again: 69 GROUP_ID_NOT_FOUND.
      const again = await admin.deleteGroups([groupId]).then(
        () => null,
        (e: unknown) => e as { groups: { groupId: string; errorCode: number }[] },
      );
      expect(again?.groups.map((g) => [g.groupId, g.errorCode])).toEqual([[groupId, 69]]);
    } finally {
      await n.stop();
    }
  });
});

describe('committed offsets across a broker restart', () => {
  /** The group as the restarted broker first showed it (for the second test). */
  let afterRestart: { listed: { groupId: string; protocolType: string }[]; described: object; groupId: string } | null = null;

  itIfLocal('a kafkajs group resumes from the offsets it committed before the restart', async () => {
    const topic = uniqueTopic('kjs-grp-restart');
    const groupId = uniqueTopic('g-restart');
    // Its own broker: restarting the shared one would break the other tests' clients.
    const own = await startTarget({ groups: GROUP_TEST_SETTINGS });
    let client = kafkaClient(own.brokers);
    let ownAdmin = client.admin();
    let ownProducer = client.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await Promise.all([ownAdmin.connect(), ownProducer.connect()]);
      expect(await ownAdmin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
      const send = async (tag: string) => {
        const sent = await ownProducer.send({
          topic,
          acks: -1,
          messages: [0, 1, 2, 3, 4, 5].map((i) => ({ partition: i % 2, value: `${tag}-${i}` })),
        });
        return sent.map((s) => [s.partition, Number(s.baseOffset)]);
      };
      expect((await send('before')).sort()).toEqual([[0, 0], [1, 0]]);

      const m1 = new Member(groupId, {}, client);
      try {
        await m1.start(topic, true);
        await waitForCount('the first records', () => m1.got.length, 6);
        await waitFor('the commit', async () => {
          const res = await ownAdmin.fetchOffsets({ groupId, topics: [topic] });
          const offsets = [...res[0]!.partitions].sort((a, b) => a.partition - b.partition).map((p) => p.offset);
          return offsets.join(',') === '3,3' ? true : undefined;
        });
      } finally {
        await m1.stop();
      }
      await Promise.all([ownAdmin.disconnect(), ownProducer.disconnect()]);

      await own.restart();
      client = kafkaClient(own.brokers);
      ownAdmin = client.admin();
      ownProducer = client.producer({ idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
      await Promise.all([ownAdmin.connect(), ownProducer.connect()]);

      const res = await ownAdmin.fetchOffsets({ groupId, topics: [topic] });
      expect([...res[0]!.partitions].sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, offset: '3', metadata: null },
        { partition: 1, offset: '3', metadata: null },
      ]);
      afterRestart = {
        groupId,
        listed: (await ownAdmin.listGroups()).groups,
        described: (await ownAdmin.describeGroups([groupId])).groups[0]!,
      };

      expect((await send('after')).sort()).toEqual([[0, 3], [1, 3]]);
      const m2 = new Member(groupId, {}, client);
      try {
        await m2.start(topic, true);
        await waitForCount('only the records after the restart', () => m2.got.length, 6);
        expectExactlyOnce(
          m2.got,
          [0, 1, 2, 3, 4, 5].map((i) => ({ partition: i % 2, offset: 3 + Math.floor(i / 2), key: null, value: `after-${i}` })),
        );
      } finally {
        await m2.stop();
      }
    } finally {
      await ownAdmin.disconnect().catch(() => {});
      await ownProducer.disconnect().catch(() => {});
      await own.dispose();
    }
  });

  // Kafka writes an Empty group's metadata (protocol type, generation) to __consumer_offsets when
  // its last member leaves, and loads it back: after a restart the group is Empty, type "consumer".
  itIfLocal('after the restart the idle group is still listed and described as a consumer group', () => {
    expect(afterRestart).not.toBeNull();
    const { groupId, listed, described } = afterRestart!;
    expect(described).toMatchObject({ groupId, state: 'Empty', protocolType: 'consumer', members: [] });
    expect(listed).toContainEqual({ groupId, protocolType: 'consumer' });
  });
});
