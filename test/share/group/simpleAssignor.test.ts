/** The share groups' simple assignor: balanced, every partition covered, members share partitions when they outnumber them, sticky. */
import { assignSimple, AssignorTopic, GroupAssignment, sameAssignment } from '../../../src/share/simpleAssignor';

const topics = (...list: [string, number][]) => new Map<string, AssignorTopic>(list.map(([name, n]) => [name, { name, id: `id-${name}`, partitionCount: n }]));
const members = (ids: string[], subscribed: string[] = ['t']) => ids.map((memberId) => ({ memberId, subscribedTopicNames: subscribed }));

/** memberId → ["topicId:p", ...] */
function flat(a: GroupAssignment): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [m, byTopic] of a) out[m] = [...byTopic].flatMap(([t, ps]) => ps.map((p) => `${t}:${p}`)).sort();
  return out;
}

describe('assignSimple', () => {
  test('one member gets every partition of every subscribed topic', () => {
    const a = assignSimple(members(['a'], ['t', 'u']), topics(['t', 2], ['u', 1]));
    expect(flat(a)).toEqual({ a: ['id-t:0', 'id-t:1', 'id-u:0'] });
  });

  test('three members on a one-partition topic all get the partition', () => {
    const a = assignSimple(members(['a', 'b', 'c']), topics(['t', 1]));
    expect(flat(a)).toEqual({ a: ['id-t:0'], b: ['id-t:0'], c: ['id-t:0'] });
  });

  test('five members on two partitions: each member one partition, partitions shared 3/2', () => {
    const a = flat(assignSimple(members(['a', 'b', 'c', 'd', 'e']), topics(['t', 2])));
    for (const parts of Object.values(a)) expect(parts).toHaveLength(1);
    const counts = ['id-t:0', 'id-t:1'].map((p) => Object.values(a).filter((x) => x[0] === p).length).sort();
    expect(counts).toEqual([2, 3]);
  });

  test('fewer members than partitions: each partition to exactly one member, balanced', () => {
    const a = flat(assignSimple(members(['a', 'b', 'c']), topics(['t', 7])));
    const all = Object.values(a).flat().sort();
    expect(all).toEqual(Array.from({ length: 7 }, (_, i) => `id-t:${i}`).sort());
    expect(Object.values(a).map((x) => x.length).sort()).toEqual([2, 2, 3]);
  });

  test('sticky: a joining member takes partitions without moving the others needlessly', () => {
    const before = assignSimple(members(['a', 'b']), topics(['t', 4]));
    const after = assignSimple(members(['a', 'b', 'c']), topics(['t', 4]), before);
    const fb = flat(before);
    const fa = flat(after);
    // Each old member keeps at least one of its partitions, and nothing is assigned twice.
    for (const m of ['a', 'b']) expect(fa[m].every((p) => fb[m].includes(p))).toBe(true);
    expect(Object.values(fa).flat().sort()).toEqual(['id-t:0', 'id-t:1', 'id-t:2', 'id-t:3']);
    expect(fa.c.length).toBe(1);
  });

  test('unknown topics are ignored until they exist', () => {
    const a = assignSimple(members(['a'], ['t', 'missing']), topics(['t', 1]));
    expect(flat(a)).toEqual({ a: ['id-t:0'] });
  });

  test('different subscriptions: each topic among its subscribers', () => {
    const a = assignSimple(
      [
        { memberId: 'a', subscribedTopicNames: ['t'] },
        { memberId: 'b', subscribedTopicNames: ['t', 'u'] },
      ],
      topics(['t', 2], ['u', 1]),
    );
    expect(flat(a)).toEqual({ a: ['id-t:0'], b: ['id-t:1', 'id-u:0'] });
  });

  test('sameAssignment ignores order and empty topics', () => {
    expect(sameAssignment(new Map([['x', [1, 0]], ['y', []]]), new Map([['x', [0, 1]]]))).toBe(true);
    expect(sameAssignment(new Map([['x', [1]]]), new Map([['x', [0]]]))).toBe(false);
  });
});
