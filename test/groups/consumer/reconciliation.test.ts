/** Incremental reconciliation (Kafka's CurrentAssignmentBuilder) and the RE2 regex translation. */
import { TopicPartitions, fromPairs } from '../../../src/groups/consumer/assignment';
import { ReconciledMember, reconcile } from '../../../src/groups/consumer/reconciliation';
import { compileTopicRegex } from '../../../src/groups/consumer/regex';

const tp = (o: Record<string, number[]>): TopicPartitions => fromPairs(Object.entries(o).flatMap(([t, ps]) => ps.map((p) => [t, p] as [string, number])));
const obj = (a: TopicPartitions) => Object.fromEntries(a);
const stable = (epoch: number, assigned: Record<string, number[]>): ReconciledMember => ({
  state: 'STABLE',
  memberEpoch: epoch,
  previousMemberEpoch: epoch - 1,
  assigned: tp(assigned),
  pendingRevocation: tp({}),
});
const free = () => -1;

describe('reconcile', () => {
  it('moves a stable member to the new epoch at once when it only gains free partitions', () => {
    const next = reconcile({ member: stable(1, { A: [0] }), targetEpoch: 2, target: tp({ A: [0, 1] }), owned: tp({ A: [0] }), partitionEpoch: free });
    expect(next).toMatchObject({ state: 'STABLE', memberEpoch: 2, previousMemberEpoch: 1 });
    expect(obj(next.assigned)).toEqual({ A: [0, 1] });
  });

  it('asks for revocation first and keeps the epoch until the member reports it let go', () => {
    const member = stable(1, { A: [0, 1] });
    const asked = reconcile({ member, targetEpoch: 2, target: tp({ A: [0] }), owned: tp({ A: [0, 1] }), partitionEpoch: free });
    expect(asked).toMatchObject({ state: 'UNREVOKED_PARTITIONS', memberEpoch: 1 });
    expect(obj(asked.assigned)).toEqual({ A: [0] });
    expect(obj(asked.pendingRevocation)).toEqual({ A: [1] });

    // Still owns it (or did not say): nothing moves.
    expect(reconcile({ member: asked, targetEpoch: 2, target: tp({ A: [0] }), owned: tp({ A: [0, 1] }), partitionEpoch: free })).toBe(asked);
    expect(reconcile({ member: asked, targetEpoch: 2, target: tp({ A: [0] }), owned: null, partitionEpoch: free })).toBe(asked);

    const done = reconcile({ member: asked, targetEpoch: 2, target: tp({ A: [0] }), owned: tp({ A: [0] }), partitionEpoch: free });
    expect(done).toMatchObject({ state: 'STABLE', memberEpoch: 2 });
    expect(obj(done.pendingRevocation)).toEqual({});
  });

  it('waits in UNRELEASED_PARTITIONS for a partition another member still holds, then takes it', () => {
    const held = (t: string, p: number) => (t === 'A' && p === 1 ? 1 : -1);
    const member = stable(1, { A: [0] });
    const waiting = reconcile({ member, targetEpoch: 2, target: tp({ A: [0, 1] }), owned: tp({ A: [0] }), partitionEpoch: held });
    expect(waiting).toMatchObject({ state: 'UNRELEASED_PARTITIONS', memberEpoch: 2 });
    expect(obj(waiting.assigned)).toEqual({ A: [0] });
    const got = reconcile({ member: waiting, targetEpoch: 2, target: tp({ A: [0, 1] }), owned: tp({ A: [0] }), partitionEpoch: free });
    expect(got).toMatchObject({ state: 'STABLE', memberEpoch: 2 });
    expect(obj(got.assigned)).toEqual({ A: [0, 1] });
  });

  it('skips the revocation step when the member already reports not owning the partitions', () => {
    const next = reconcile({ member: stable(3, { A: [0, 1] }), targetEpoch: 4, target: tp({ B: [0] }), owned: tp({}), partitionEpoch: free });
    expect(next).toMatchObject({ state: 'STABLE', memberEpoch: 4 });
    expect(obj(next.assigned)).toEqual({ B: [0] });
  });
});

describe('compileTopicRegex (RE2/J syntax, whole-name match)', () => {
  it.each([
    ['orders-.*', 'orders-eu', true],
    ['orders-.*', 'xorders-eu', false],
    ['orders', 'orders-eu', false],
    ['(?i)ORDERS', 'orders', true],
    ['(?P<region>eu|us)-orders', 'eu-orders', true],
    ['\\Aa.b\\z', 'axb', true],
    ['\\Qa.b\\E', 'axb', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['[[:digit:]]+', '123', true],
    ['[[:^digit:]]+', '123', false],
  ])('%s matches %s: %s', (re, topic, expected) => {
    expect(compileTopicRegex(re)!.test(topic)).toBe(expected);
  });

  it.each(['(unclosed', '[z-a]', 'a(?=b)', '(a)\\1', '*a'])('refuses %s', (re) => {
    expect(compileTopicRegex(re)).toBeNull();
  });
});
