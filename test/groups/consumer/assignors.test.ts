/** The server-side assignors: balance, stickiness, heterogeneous subscriptions, ranges. */
import { TopicPartitions, emptyAssignment, size } from '../../../src/groups/consumer/assignment';
import { AssignmentSpec, rangeAssignor, uniformAssignor } from '../../../src/groups/consumer/assignors';

function spec(members: Record<string, { topics: string[]; previous?: Record<string, number[]> }>, counts: Record<string, number>): AssignmentSpec {
  return {
    members: new Map(
      Object.entries(members).map(([id, m]) => [
        id,
        { subscribedTopicIds: new Set(m.topics), previous: new Map(Object.entries(m.previous ?? {})) as TopicPartitions },
      ]),
    ),
    partitionCounts: new Map(Object.entries(counts)),
  };
}

const plain = (a: Map<string, TopicPartitions>) => Object.fromEntries([...a].map(([m, tp]) => [m, Object.fromEntries(tp)]));

/** Every partition of every topic assigned exactly once. */
function expectComplete(result: Map<string, TopicPartitions>, counts: Record<string, number>): void {
  const seen = new Set<string>();
  for (const tp of result.values()) for (const [t, ps] of tp) for (const p of ps) {
    expect(seen.has(`${t}:${p}`)).toBe(false);
    seen.add(`${t}:${p}`);
  }
  expect(seen.size).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
}

describe('uniform assignor', () => {
  it('spreads partitions of homogeneous subscriptions within one of each other', () => {
    const counts = { A: 5, B: 2 };
    const result = uniformAssignor.assign(spec({ m1: { topics: ['A', 'B'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['A', 'B'] } }, counts));
    expectComplete(result, counts);
    expect([...result.values()].map(size).sort()).toEqual([2, 2, 3]);
  });

  it('keeps partitions where they were when a member joins, moving only what balance needs', () => {
    const counts = { A: 6 };
    const previous = { m1: { topics: ['A'], previous: { A: [0, 1, 2] } }, m2: { topics: ['A'], previous: { A: [3, 4, 5] } } };
    const result = uniformAssignor.assign(spec({ ...previous, m3: { topics: ['A'] } }, counts));
    expectComplete(result, counts);
    const r = plain(result);
    expect(r.m1.A.length).toBe(2);
    expect(r.m2.A.length).toBe(2);
    expect(r.m3.A.length).toBe(2);
    // Two of m1's three stay with m1, two of m2's with m2.
    expect(r.m1.A.every((p: number) => [0, 1, 2].includes(p))).toBe(true);
    expect(r.m2.A.every((p: number) => [3, 4, 5].includes(p))).toBe(true);
  });

  it('is stable when nothing changed', () => {
    const counts = { A: 4 };
    const first = uniformAssignor.assign(spec({ m1: { topics: ['A'] }, m2: { topics: ['A'] } }, counts));
    const again = uniformAssignor.assign(
      spec({ m1: { topics: ['A'], previous: Object.fromEntries(first.get('m1')!) }, m2: { topics: ['A'], previous: Object.fromEntries(first.get('m2')!) } }, counts),
    );
    expect(plain(again)).toEqual(plain(first));
  });

  it('gives each topic only to its subscribers (heterogeneous) and balances what it can', () => {
    const counts = { A: 3, B: 3 };
    const result = uniformAssignor.assign(spec({ m1: { topics: ['A'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['B'] } }, counts));
    expectComplete(result, counts);
    const r = plain(result);
    expect(r.m1.B).toBeUndefined();
    expect(r.m3.A).toBeUndefined();
    expect([...result.values()].map(size).sort()).toEqual([2, 2, 2]);
  });

  it('gives nothing to a member whose topics do not exist', () => {
    const result = uniformAssignor.assign(spec({ m1: { topics: [] }, m2: { topics: ['A'] } }, { A: 2 }));
    expect(size(result.get('m1') ?? emptyAssignment())).toBe(0);
    expect(plain(result).m2).toEqual({ A: [0, 1] });
  });
});

describe('range assignor', () => {
  it('gives each subscriber a contiguous range, the first ones one more', () => {
    const counts = { A: 5, B: 2 };
    const result = rangeAssignor.assign(spec({ b: { topics: ['A', 'B'] }, a: { topics: ['A', 'B'] } }, counts));
    expectComplete(result, counts);
    expect(plain(result)).toEqual({ a: { A: [0, 1, 2], B: [0] }, b: { A: [3, 4], B: [1] } });
  });

  it('splits a topic among its subscribers only', () => {
    const result = rangeAssignor.assign(spec({ a: { topics: ['A'] }, b: { topics: ['A', 'B'] } }, { A: 2, B: 2 }));
    expect(plain(result)).toEqual({ a: { A: [0] }, b: { A: [1], B: [0, 1] } });
  });
});
