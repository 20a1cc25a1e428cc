/**
 * librdkafka 2.0.2 balanced consumers (`kcat -G`, assignors range,roundrobin, flexible
 * OffsetFetch) against the broker: two processes split a topic and read it exactly once, their
 * committed offsets hold for the next run; and a group mixing kcat with kafkajs, which have no
 * assignor in common, refuses the second to join with 23 INCONSISTENT_GROUP_PROTOCOL, as Kafka does,
 * while the first goes on.
 */
import { Admin, Kafka, Producer } from 'kafkajs';
import {
  ConsumedRecord,
  GroupConsumer,
  KcatProcess,
  Target,
  committedOffsets,
  decodeMemberAssignment,
  describeKcat,
  expectExactlyOnce,
  kcatAssignments,
  kcatGroupArgs,
  kcatOk,
  kcatProduce,
  parseConsumed,
  spawnKcat,
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
const running = new Set<KcatProcess>();

let setup: GroupsSetup;

beforeAll(async () => {
  setup = await startGroupsSetup();
  ({ target, kafka, admin, producer } = setup);
});

afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop('SIGKILL')));
  await setup?.dispose();
});

/**
 * librdkafka group settings that keep rebalances quick: it learns of a rebalance from its
 * heartbeat (default every 3 s); sessions of 6 s are legal for Kafka's defaults too.
 */
const GROUP_FLAGS = ['-X', 'auto.offset.reset=earliest', '-X', 'heartbeat.interval.ms=300', '-X', 'session.timeout.ms=6000'];

function startKcatMember(group: string, topic: string, extra: string[] = []): KcatProcess {
  const p = spawnKcat(target.brokers, kcatGroupArgs(group, [topic], [...GROUP_FLAGS, ...extra]));
  running.add(p);
  return p;
}

async function stopKcat(p: KcatProcess, signal: NodeJS.Signals = 'SIGTERM') {
  const r = await p.stop(signal);
  running.delete(p);
  return r;
}

/** One kcat -G run to the end of every assigned partition (-e); fails unless it exits 0. */
async function kcatGroupToEnd(group: string, topic: string): Promise<ConsumedRecord[]> {
  const r = await kcatOk(target.brokers, kcatGroupArgs(group, [topic], [...GROUP_FLAGS, '-e']), { timeoutMs: 20_000 });
  return parseConsumed(r.stdout);
}

/** Produces n records to each partition with kcat -p, values `${tag}-${p}-${i}`; returns them. */
async function produceWithKcat(topic: string, partitions: number, n: number, tag: string, baseOffset: number) {
  await Promise.all(
    Array.from({ length: partitions }, (_, p) =>
      kcatProduce(target.brokers, topic, Array.from({ length: n }, (_, i) => `${tag}-${p}-${i}`), ['-p', String(p)]),
    ),
  );
  const expected = [];
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < n; i++) expected.push({ partition: p, offset: baseOffset + i, value: `${tag}-${p}-${i}` });
  }
  return expected;
}

const pov = (rs: ConsumedRecord[]) => rs.map(({ partition, offset, value }) => ({ partition, offset, value }));

/** Waits until the group is Stable with `members` members, each assigned something; their assignments. */
async function waitForStableGroup(groupId: string, members: number): Promise<{ protocol: string; assignments: Record<string, number[]>[] }> {
  return waitFor(
    `${groupId} to be Stable with ${members} members`,
    async () => {
      const g = (await admin.describeGroups([groupId])).groups[0]!;
      if (g.state !== 'Stable' || g.members.length !== members) return undefined;
      const assignments = g.members.map((m) => decodeMemberAssignment(m.memberAssignment));
      if (assignments.some((a) => Object.keys(a).length === 0)) return undefined;
      return { protocol: g.protocol, assignments };
    },
    15_000,
  );
}

describe('kcat -G (librdkafka balanced consumer)', () => {
  it('two processes split a 4-partition topic and read every record once; the next run resumes from their commits', async () => {
    const topic = uniqueTopic('kcat-grp');
    const group = uniqueTopic('kcat-g');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true })).toBe(true);

    const a = startKcatMember(group, topic);
    const b = startKcatMember(group, topic);
    let ra: ConsumedRecord[];
    let rb: ConsumedRecord[];
    let pa: number[];
    let pb: number[];
    let expected: { partition: number; offset: number; value: string }[];
    try {
      const stable = await waitForStableGroup(group, 2);
      // librdkafka's first assignor, range: two contiguous halves.
      expect(stable.protocol).toBe('range');
      expect(stable.assignments.map((x) => x[topic]).sort()).toEqual([[0, 1], [2, 3]]);
      // Each process says what it was given, and it matches the group's view.
      [pa, pb] = await waitFor('both processes to report their assignment', async () => {
        const aa = kcatAssignments(a.stderr());
        const ab = kcatAssignments(b.stderr());
        if (aa.length === 0 || ab.length === 0) return undefined;
        return [aa[aa.length - 1]![topic] ?? [], ab[ab.length - 1]![topic] ?? []];
      });
      expect([pa, pb].sort()).toEqual([[0, 1], [2, 3]]);

      expected = await produceWithKcat(topic, 4, 10, 'grp', 0);
      await waitForCount('both processes to read everything', () => a.records().length + b.records().length, expected.length);
    } finally {
      // SIGTERM: kcat closes its consumer, which commits its offsets and leaves the group.
      const [ea, eb] = await Promise.all([stopKcat(a), stopKcat(b)]);
      ra = parseConsumed(ea.stdout);
      rb = parseConsumed(eb.stdout);
      for (const e of [ea, eb]) if (e.code !== 0 || /ERROR/.test(e.stderr)) throw new Error(`kcat -G did not stop cleanly:\n${describeKcat(e)}`);
    }
    expectExactlyOnce([pov(ra), pov(rb)], expected!);
    for (const r of ra) expect(pa!).toContain(r.partition);
    for (const r of rb) expect(pb!).toContain(r.partition);
    expect(ra).toHaveLength(20);
    expect(rb).toHaveLength(20);

    // What they committed, as kafkajs reads it, and the group is now Empty.
    expect(await committedOffsets(admin, group, topic)).toEqual(['10', '10', '10', '10']);
    expect((await admin.describeGroups([group])).groups[0]).toMatchObject({ state: 'Empty', members: [] });

    // The next run of the same group reads nothing old ...
    expect(await kcatGroupToEnd(group, topic)).toEqual([]);
    // ... and then exactly what came after.
    const fresh = await produceWithKcat(topic, 4, 2, 'fresh', 10);
    const again = await kcatGroupToEnd(group, topic);
    expectExactlyOnce(pov(again), fresh);
    expect(await committedOffsets(admin, group, topic)).toEqual(['12', '12', '12', '12']);
  });
});

describe('kcat -G: protocol vote and session timeout', () => {
  it('members agree on the one assignor they share; a frozen member is evicted after its session timeout', async () => {
    const topic = uniqueTopic('kcat-vote');
    const group = uniqueTopic('kcat-vote-g');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true })).toBe(true);
    const a = startKcatMember(group, topic); // range,roundrobin
    const sessionTimeout = 4000;
    // The broker counts the session from the member's last heartbeat, which a loaded machine may
    // have delayed by several hundred ms before the freeze; the exact timer is unit-tested.
    const heartbeatJitter = 1000;
    // b never commits (it is killed, never closed), so a must re-read b's partitions from the start.
    const b = startKcatMember(group, topic, [
      '-X', 'enable.auto.commit=false',
      '-X', 'partition.assignment.strategy=roundrobin',
      '-X', `session.timeout.ms=${sessionTimeout}`,
      // librdkafka's default heartbeat interval (3 s) is longer than this session timeout.
      '-X', 'heartbeat.interval.ms=200',
    ]);
    try {
      // a prefers range, but only roundrobin is supported by every member.
      const stable = await waitForStableGroup(group, 2);
      expect(stable.protocol).toBe('roundrobin');
      expect(stable.assignments.map((x) => x[topic]).sort()).toEqual([[0, 2], [1, 3]]);
      const [pa, pb] = await waitFor('both processes to report their assignment', async () => {
        const aa = kcatAssignments(a.stderr());
        const ab = kcatAssignments(b.stderr());
        if (aa.length === 0 || ab.length === 0 || (aa[aa.length - 1]![topic] ?? []).length !== 2) return undefined;
        return [aa[aa.length - 1]![topic]!, ab[ab.length - 1]![topic]!];
      });
      expect([pa, pb].sort()).toEqual([[0, 2], [1, 3]]);

      const first = await produceWithKcat(topic, 4, 5, 'first', 0);
      await waitForCount('both to read', () => a.records().length + b.records().length, first.length);
      expectExactlyOnce([pov(a.records()), pov(b.records())], first);
      for (const r of b.records()) expect(pb).toContain(r.partition);

      // Frozen, b keeps its connections open but sends nothing: only the session timeout removes it.
      const bRead = b.records().length;
      const assignmentsOfA = kcatAssignments(a.stderr()).length;
      b.kill('SIGSTOP');
      const stoppedAt = Date.now();
      await waitFor(
        'a to be assigned every partition',
        async () => {
          const aa = kcatAssignments(a.stderr());
          return aa.length > assignmentsOfA && (aa[aa.length - 1]![topic] ?? []).join(',') === '0,1,2,3' ? true : undefined;
        },
        15_000,
      );
      const took = Date.now() - stoppedAt;
      expect(took).toBeGreaterThanOrEqual(sessionTimeout - heartbeatJitter);
      expect(took).toBeLessThan(sessionTimeout + 5000);
      const after = await waitForStableGroup(group, 1);
      expect(after.assignments).toEqual([{ [topic]: [0, 1, 2, 3] }]);

      const second = await produceWithKcat(topic, 4, 5, 'second', 5);
      const own = first.filter((r) => pa.includes(r.partition));
      const takenOver = first.filter((r) => pb.includes(r.partition));
      await waitForCount('a to read everything new', () => a.records().length, own.length + takenOver.length + second.length);
      // a read its own partitions once, b's from their (absent) committed offsets: nothing twice.
      expectExactlyOnce(pov(a.records()), [...own, ...takenOver, ...second]);
      expect(b.records().length).toBe(bRead);
    } finally {
      b.kill('SIGKILL');
      await stopKcat(b, 'SIGKILL');
      const e = await stopKcat(a);
      if (e.code !== 0) throw new Error(`kcat -G did not stop cleanly:\n${describeKcat(e)}`);
    }
  });
});

describe('kcat and kafkajs in one group: no common assignor', () => {
  it('kcat joining a kafkajs group fails with INCONSISTENT_GROUP_PROTOCOL; the kafkajs member goes on', async () => {
    const topic = uniqueTopic('kcat-mix1');
    const group = uniqueTopic('mix1');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
    const m = new GroupConsumer(kafka, group);
    try {
      await m.start(topic, true);
      const stable = await waitForStableGroup(group, 1);
      expect(stable.protocol).toBe('RoundRobinAssigner');
      await m.fetchedTwice();

      // librdkafka gives up on this error: kcat reports it and exits 1.
      const r = await kcatOk(target.brokers, kcatGroupArgs(group, [topic], GROUP_FLAGS), { timeoutMs: 20_000 }).then(
        () => {
          throw new Error('kcat -G joined a group whose members have no assignor in common with it');
        },
        (e: Error) => e.message,
      );
      expect(r).toMatch(/^exit 1$/m);
      expect(r).toMatch(/JoinGroup failed: Broker: Inconsistent group protocol/);

      // The group and its member are untouched.
      const after = (await admin.describeGroups([group])).groups[0]!;
      expect(after).toMatchObject({ state: 'Stable', protocol: 'RoundRobinAssigner' });
      expect(after.members.map((x) => x.memberId)).toEqual([m.memberId]);
      expect(m.crashes).toEqual([]);
      const sent = await producer.send({
        topic,
        acks: -1,
        messages: [0, 1, 2, 3].map((i) => ({ partition: i % 2, value: `mix1-${i}` })),
      });
      expect(sent.map((s) => s.baseOffset).sort()).toEqual(['0', '0']);
      await waitForCount('the kafkajs member to read', () => m.got.length, 4);
      expectExactlyOnce(
        m.got,
        [0, 1, 2, 3].map((i) => ({ partition: i % 2, offset: Math.floor(i / 2), key: null, value: `mix1-${i}` })),
      );
    } finally {
      await m.stop();
    }
  });

  it('kafkajs joining a kcat group fails with INCONSISTENT_GROUP_PROTOCOL; kcat goes on', async () => {
    const topic = uniqueTopic('kcat-mix2');
    const group = uniqueTopic('mix2');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
    const k = startKcatMember(group, topic);
    const m = new GroupConsumer(kafka, group);
    try {
      const stable = await waitForStableGroup(group, 1);
      expect(stable.protocol).toBe('range');
      expect(stable.assignments).toEqual([{ [topic]: [0, 1] }]);

      await m.start(topic, true);
      const crash = await waitFor('the kafkajs consumer to crash', async () => m.crashes[0]);
      expect(crash.error.name).toBe('KafkaJSProtocolError');
      expect(crash.error.type).toBe('INCONSISTENT_GROUP_PROTOCOL');
      expect(crash.restart).toBe(false);
      expect(m.joins).toEqual([]);

      const after = (await admin.describeGroups([group])).groups[0]!;
      expect(after).toMatchObject({ state: 'Stable', protocol: 'range' });
      expect(after.members).toHaveLength(1);
      expect(after.members[0]!.clientId).toBe('rdkafka');

      const expected = await produceWithKcat(topic, 2, 3, 'mix2', 0);
      await waitForCount('kcat to read', () => k.records().length, expected.length);
      expectExactlyOnce(pov(k.records()), expected);
    } finally {
      await m.stop();
      const e = await stopKcat(k);
      if (e.code !== 0 || /ERROR/.test(e.stderr)) throw new Error(`kcat -G did not run cleanly:\n${describeKcat(e)}`);
    }
    await waitForCommittedToEnd(admin, group, topic);
  });
});
