/** Share sessions: epochs (and their wrap), the per-node limit, forgetting partitions, rotation. */
import { ErrorCode } from '../../../wire/errors';
import { nextEpoch, ShareSession, ShareSessionCache } from '../../../src/share/ShareSessionCache';

const tp = (topicId: string, partition: number) => ({ topicId, partition });

describe('ShareSessionCache', () => {
  test('epochs go 1, 2, … and wrap from Integer.MAX_VALUE to 1, as Kafka', () => {
    expect(nextEpoch(0)).toBe(1);
    expect(nextEpoch(41)).toBe(42);
    expect(nextEpoch(0x7fffffff)).toBe(1);
    expect(nextEpoch(-1)).toBe(-1);
  });

  test('open replaces the member’s session; sessions are per node', () => {
    const cache = new ShareSessionCache(() => 10);
    const first = cache.open(1, 'g', 'm', [tp('t', 0)]) as ShareSession;
    expect(first.epoch).toBe(1);
    first.epoch = 5;
    const second = cache.open(1, 'g', 'm', [tp('t', 1)]) as ShareSession;
    expect(cache.get(1, 'g', 'm')).toBe(second);
    expect(second.epoch).toBe(1);
    expect(second.partitions).toEqual([tp('t', 1)]);
    const other = cache.open(2, 'g', 'm', []) as ShareSession;
    expect(cache.get(2, 'g', 'm')).toBe(other);
    expect(cache.get(1, 'g', 'm')).toBe(second);
  });

  test('group.share.max.share.sessions per node: SHARE_SESSION_LIMIT_REACHED; departed members are evicted first', () => {
    const members = new Set(['a', 'b']);
    const cache = new ShareSessionCache(() => 2, (_g, m) => members.has(m));
    cache.open(1, 'g', 'a', []);
    cache.open(1, 'g', 'b', []);
    expect(cache.open(1, 'g', 'c', [])).toBe(ErrorCode.SHARE_SESSION_LIMIT_REACHED);
    // Another node has its own room; reopening one's own session is always possible.
    expect(cache.open(2, 'g', 'c', [])).toBeInstanceOf(Object);
    expect(cache.open(1, 'g', 'a', [])).toBeInstanceOf(Object);
    members.delete('b');
    members.add('c');
    expect(cache.open(1, 'g', 'c', [])).toBeInstanceOf(Object);
    expect(cache.get(1, 'g', 'b')).toBeUndefined();
  });

  test('partitions: added once, forgotten, rotated for fairness', () => {
    const s = new ShareSession(1, 'g', 'm', [tp('t', 0), tp('t', 1)]);
    s.add([tp('t', 1), tp('u', 0)]);
    expect(s.partitions).toEqual([tp('t', 0), tp('t', 1), tp('u', 0)]);
    expect(s.rotated()).toEqual([tp('t', 0), tp('t', 1), tp('u', 0)]);
    expect(s.rotated()).toEqual([tp('t', 1), tp('u', 0), tp('t', 0)]);
    expect(s.remove([tp('t', 1), tp('x', 9)])).toEqual([tp('t', 1)]);
    expect(s.partitions).toEqual([tp('t', 0), tp('u', 0)]);
  });

  test('removeMember forgets a member’s sessions on every node, or a whole group’s', () => {
    const cache = new ShareSessionCache(() => 10);
    cache.open(1, 'g', 'a', []);
    cache.open(2, 'g', 'a', []);
    cache.open(1, 'g', 'b', []);
    cache.open(1, 'h', 'a', []);
    expect(cache.removeMember('g', 'a')).toHaveLength(2);
    expect(cache.size).toBe(2);
    cache.removeMember('g');
    expect(cache.size).toBe(1);
  });
});
