/**
 * Share-partitions (KIP-932) on a real in-memory log: where they start, acquisition of whole
 * batches within the limits, acknowledgements and their errors, the start offset moving over done
 * records, lock expiry and the delivery count limit, read_committed with aborted transactions.
 */
import { AcknowledgeType, RecordState } from '../../../src/share/contracts';
import { ErrorCode } from '../../../wire/errors';
import { baseOffsetOf, buildBatch, setPartitionLeaderEpoch } from '../../../wire/records';
import { Env, beginTxn, disposeAll, endTxn, partitionOf, produce, startEnv, valuesOf } from './helpers';

afterEach(() => {
  disposeAll();
  jest.useRealTimers();
});

const { Accept, Release, Reject, Gap } = AcknowledgeType;
const ack = (firstOffset: number, lastOffset: number, ...acknowledgeTypes: AcknowledgeType[]) => ({ firstOffset, lastOffset, acknowledgeTypes });

/** A topic with batches of these sizes (values `b<batch>-<i>`), a group reading it from the earliest offset. */
function setUp(batchSizes: number[], shareGroups = {}, groupConfigs: Record<string, string> = { 'share.auto.offset.reset': 'earliest' }): Env {
  const env = startEnv(shareGroups);
  env.topics.create('orders', 1);
  batchSizes.forEach((n, b) => produce(env, 'orders', Array.from({ length: n }, (_, i) => `b${b}-${i}`)));
  env.groupConfigs.replace('g', groupConfigs);
  return env;
}

const sp = (env: Env, group = 'g') => env.manager.get(group, 'orders', 0)!;

describe('where a share-partition starts', () => {
  it('latest by default: records written before the group first reads are never delivered', () => {
    const env = setUp([3], {}, {});
    const p = sp(env);
    expect(p.summary()).toMatchObject({ startOffset: 3, endOffset: 3, lag: 0 });
    expect(p.acquire('m1', 100, 1 << 20)).toEqual({ acquired: [], batches: [] });
    produce(env, 'orders', ['new']);
    const got = p.acquire('m1', 100, 1 << 20);
    expect(got.acquired).toEqual([{ firstOffset: 3, lastOffset: 3, deliveryCount: 1 }]);
    expect(valuesOf(got.batches)).toEqual([{ offset: 3, value: 'new' }]);
  });

  it('earliest starts at the log start', () => {
    const env = setUp([2, 2]);
    partitionOf(env, 'orders').log.advanceLogStart(1);
    expect(sp(env).summary()).toMatchObject({ startOffset: 1, endOffset: 1, lag: 3 });
  });

  it('by_duration starts at the first record stamped at or after now − duration, else at the log end', () => {
    const env = setUp([]);
    const now = Date.now();
    const p = partitionOf(env, 'orders');
    for (const [value, age] of [['old', 3 * 3_600_000], ['recent', 600_000], ['newest', 60_000]] as const) {
      const batch = buildBatch([{ value, timestamp: now - age }]);
      setPartitionLeaderEpoch(batch, 0);
      p.append(batch);
    }
    env.groupConfigs.replace('h', { 'share.auto.offset.reset': 'by_duration:PT1H' });
    expect(sp(env, 'h').summary().startOffset).toBe(1);
    env.groupConfigs.replace('d', { 'share.auto.offset.reset': 'by_duration:P1D' });
    expect(sp(env, 'd').summary().startOffset).toBe(0);
    env.groupConfigs.replace('s', { 'share.auto.offset.reset': 'by_duration:PT30S' });
    expect(sp(env, 's').summary().startOffset).toBe(3);
  });

  it('undefined for a topic-partition that does not exist', () => {
    const env = setUp([1]);
    expect(env.manager.get('g', 'orders', 1)).toBeUndefined();
    expect(env.manager.get('g', 'nope', 0)).toBeUndefined();
  });
});

describe('acquire', () => {
  it('acquires whole batches up to maxRecords (soft: stops at a batch boundary), returning the stored batches unchanged', () => {
    const env = setUp([3, 3, 3]);
    const p = sp(env);
    const got = p.acquire('m1', 4, 1 << 20);
    expect(got.acquired).toEqual([
      { firstOffset: 0, lastOffset: 2, deliveryCount: 1 },
      { firstOffset: 3, lastOffset: 5, deliveryCount: 1 },
    ]);
    const stored = partitionOf(env, 'orders').log.read(0, 1 << 20);
    expect(got.batches).toEqual(stored.slice(0, 2));
    // Another member gets the rest; then nothing is left.
    expect(p.acquire('m2', 100, 1 << 20).acquired).toEqual([{ firstOffset: 6, lastOffset: 8, deliveryCount: 1 }]);
    expect(p.acquire('m3', 100, 1 << 20)).toEqual({ acquired: [], batches: [] });
    expect(p.summary()).toMatchObject({ startOffset: 0, endOffset: 9, acquired: 9, available: 0, lag: 0, maxDeliveryCount: 1 });
  });

  it('reads about maxBytes of log: the first batch whole, then only batches that fit', () => {
    const env = setUp([3, 3]);
    const p = sp(env);
    const got = p.acquire('m1', 100, 1);
    expect(got.acquired).toEqual([{ firstOffset: 0, lastOffset: 2, deliveryCount: 1 }]);
    expect(got.batches).toHaveLength(1);
  });

  it('never holds more acquired records than partitionMaxRecordLocks, cutting a batch if needed', () => {
    const env = setUp([3, 3, 3], { partitionMaxRecordLocks: 5 });
    const p = sp(env);
    expect(p.acquire('m1', 100, 1 << 20).acquired).toEqual([
      { firstOffset: 0, lastOffset: 2, deliveryCount: 1 },
      { firstOffset: 3, lastOffset: 4, deliveryCount: 1 },
    ]);
    expect(p.acquire('m2', 100, 1 << 20).acquired).toEqual([]);
    expect(p.acknowledge('m1', [ack(0, 2, Accept)])).toBe(ErrorCode.NONE);
    const next = p.acquire('m2', 100, 1 << 20);
    // Offset 5 is in the second batch: that batch comes back to carry it.
    expect(next.acquired).toEqual([
      { firstOffset: 5, lastOffset: 5, deliveryCount: 1 },
      { firstOffset: 6, lastOffset: 7, deliveryCount: 1 },
    ]);
    expect(next.batches.map((b) => baseOffsetOf(b))).toEqual([3, 6]);
  });
});

describe('acknowledge', () => {
  it('accept moves the start offset over leading done records; a hole stops it', () => {
    const env = setUp([2, 2, 2]);
    const p = sp(env);
    p.acquire('m1', 100, 1 << 20);
    expect(p.acknowledge('m1', [ack(2, 3, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 0, acknowledged: 2, acquired: 4 });
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 4, endOffset: 6, acknowledged: 0, acquired: 2 });
    expect(p.acknowledge('m1', [ack(4, 5, Reject)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 6, endOffset: 6, acquired: 0, archived: 0 });
  });

  it('one type per offset: accepted and rejected ones are done, released ones come back with delivery count 2', () => {
    const env = setUp([5]);
    const p = sp(env);
    p.acquire('m1', 100, 1 << 20);
    expect(p.acknowledge('m1', [ack(0, 4, Accept, Release, Reject, Gap, Release)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 1, available: 2, acknowledged: 0, archived: 2 });
    const again = p.acquire('m2', 100, 1 << 20);
    expect(again.acquired).toEqual([
      { firstOffset: 1, lastOffset: 1, deliveryCount: 2 },
      { firstOffset: 4, lastOffset: 4, deliveryCount: 2 },
    ]);
    expect(again.batches).toHaveLength(1); // the one stored batch holds both
    expect(p.acknowledge('m2', [ack(1, 1, Accept), ack(4, 4, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 5, endOffset: 5 });
  });

  it('INVALID_RECORD_STATE for offsets not acquired by this member, and then nothing is applied', () => {
    const env = setUp([2, 2]);
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-1
    p.acquire('m2', 1, 1 << 20); // 2-3
    expect(p.acknowledge('m1', [ack(0, 1, Accept), ack(2, 2, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE);
    expect(p.acknowledge('m1', [ack(0, 4, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE); // 4 was never fetched
    expect(p.summary()).toMatchObject({ startOffset: 0, acquired: 4, acknowledged: 0 });
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.NONE);
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE); // already done
  });

  it('INVALID_REQUEST for a malformed batch', () => {
    const env = setUp([3]);
    const p = sp(env);
    p.acquire('m1', 100, 1 << 20);
    expect(p.acknowledge('m1', [ack(2, 1, Accept)])).toBe(ErrorCode.INVALID_REQUEST);
    expect(p.acknowledge('m1', [ack(0, 2, Accept, Accept)])).toBe(ErrorCode.INVALID_REQUEST); // 2 types for 3 offsets
    expect(p.acknowledge('m1', [ack(0, 0, 9 as AcknowledgeType)])).toBe(ErrorCode.INVALID_REQUEST);
    expect(p.summary().acquired).toBe(3);
  });
});

describe('delivery count limit and release', () => {
  it('a record released at the limit is archived, never delivered again', () => {
    const env = setUp([2], {}, { 'share.auto.offset.reset': 'earliest', 'share.delivery.count.limit': '2' });
    const p = sp(env);
    p.acquire('m1', 100, 1 << 20);
    expect(p.acknowledge('m1', [ack(0, 1, Release)])).toBe(ErrorCode.NONE);
    expect(p.acquire('m1', 100, 1 << 20).acquired).toEqual([{ firstOffset: 0, lastOffset: 1, deliveryCount: 2 }]);
    expect(p.acknowledge('m1', [ack(0, 0, Release), ack(1, 1, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 2, endOffset: 2, available: 0 });
    expect(p.acquire('m1', 100, 1 << 20).acquired).toEqual([]);
  });

  it('releaseMember makes everything the member holds available now, for the others', () => {
    const env = setUp([2, 2]);
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20);
    p.acquire('m2', 1, 1 << 20);
    const woken = jest.fn();
    env.manager.onAvailable('g', 'orders', 0, woken);
    env.manager.releaseMember('g', 'm1');
    expect(woken).toHaveBeenCalled();
    expect(p.summary()).toMatchObject({ available: 2, acquired: 2 });
    expect(p.acquire('m3', 100, 1 << 20).acquired).toEqual([{ firstOffset: 0, lastOffset: 1, deliveryCount: 2 }]);
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE);
  });
});

describe('lock expiry', () => {
  it('makes records available again when the lock runs out, and wakes waiting fetches', () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const env = setUp([3], { recordLockDurationMs: 1000 });
    const p = sp(env);
    const woken = jest.fn();
    env.manager.onAvailable('g', 'orders', 0, woken);
    expect(p.acquire('m1', 100, 1 << 20).acquired).toHaveLength(1);
    jest.advanceTimersByTime(999);
    expect(p.summary()).toMatchObject({ acquired: 3, available: 0 });
    expect(woken).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(p.summary()).toMatchObject({ acquired: 0, available: 3, startOffset: 0 });
    expect(woken).toHaveBeenCalledTimes(1);
    // Too late to acknowledge; another member gets them, delivered a second time.
    expect(p.acknowledge('m1', [ack(0, 2, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE);
    expect(p.acquire('m2', 100, 1 << 20).acquired).toEqual([{ firstOffset: 0, lastOffset: 2, deliveryCount: 2 }]);
  });

  it('archives records whose lock ran out at the delivery limit, and the start offset moves past them', () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const env = setUp([2, 1], { recordLockDurationMs: 1000 }, { 'share.auto.offset.reset': 'earliest', 'share.delivery.count.limit': '2' });
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-1, delivery 1
    jest.advanceTimersByTime(1000);
    p.acquire('m1', 1, 1 << 20); // 0-1, delivery 2
    jest.advanceTimersByTime(1000);
    expect(p.summary()).toMatchObject({ startOffset: 2, endOffset: 2, archived: 0, available: 0 });
    expect(p.acquire('m1', 100, 1 << 20).acquired).toEqual([{ firstOffset: 2, lastOffset: 2, deliveryCount: 1 }]);
  });

  it('uses the group\'s share.record.lock.duration.ms over the broker default', () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const env = setUp([1], { recordLockDurationMs: 1000 }, { 'share.auto.offset.reset': 'earliest', 'share.record.lock.duration.ms': '15000' });
    const p = sp(env);
    p.acquire('m1', 100, 1 << 20);
    jest.advanceTimersByTime(14_999);
    expect(p.summary().acquired).toBe(1);
    jest.advanceTimersByTime(1);
    expect(p.summary().available).toBe(1);
  });
});

describe('new data and the log start', () => {
  it('wakes onAvailable listeners on appends; unsubscribing stops them', () => {
    const env = setUp([1]);
    const woken = jest.fn();
    const unsubscribe = env.manager.onAvailable('g', 'orders', 0, woken);
    produce(env, 'orders', ['x']);
    expect(woken).toHaveBeenCalledTimes(1);
    unsubscribe();
    produce(env, 'orders', ['y']);
    expect(woken).toHaveBeenCalledTimes(1);
  });

  it('follows the log start when retention or DeleteRecords moves it past the start offset', () => {
    const env = setUp([2, 2, 2]);
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-1
    partitionOf(env, 'orders').log.advanceLogStart(3);
    expect(p.summary()).toMatchObject({ startOffset: 3, endOffset: 3, acquired: 0 });
    const got = p.acquire('m1', 100, 1 << 20);
    // Offset 3 is in the batch 2-3; only 3 on is acquired.
    expect(got.acquired).toEqual([
      { firstOffset: 3, lastOffset: 3, deliveryCount: 1 },
      { firstOffset: 4, lastOffset: 5, deliveryCount: 1 },
    ]);
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE);
  });
});

describe('read_committed', () => {
  it('never delivers records of aborted transactions nor markers, and waits for open transactions', () => {
    const env = setUp([], {}, { 'share.auto.offset.reset': 'earliest', 'share.isolation.level': 'read_committed' });
    produce(env, 'orders', ['plain-0']); // 0
    const aborted = beginTxn(env, 'tx-a', 'orders');
    produce(env, 'orders', ['aborted-0', 'aborted-1'], aborted); // 1-2
    endTxn(env, 'tx-a', aborted, false); // marker 3
    const open = beginTxn(env, 'tx-b', 'orders');
    produce(env, 'orders', ['committed-0'], open); // 4
    produce(env, 'orders', ['plain-1']); // 5, behind the open transaction
    const p = sp(env);

    const first = p.acquire('m1', 100, 1 << 20);
    expect(first.acquired).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 1 }]);
    expect(valuesOf(first.batches)).toEqual([{ offset: 0, value: 'plain-0' }]);
    expect(p.summary()).toMatchObject({ endOffset: 4, archived: 3, acquired: 1 });

    endTxn(env, 'tx-b', open, true); // marker 6
    const second = p.acquire('m1', 100, 1 << 20);
    expect(second.acquired).toEqual([
      { firstOffset: 4, lastOffset: 4, deliveryCount: 1 },
      { firstOffset: 5, lastOffset: 5, deliveryCount: 1 },
    ]);
    expect(valuesOf(second.batches).map((r) => r.value)).toEqual(['committed-0', 'plain-1']);
    expect(p.acknowledge('m1', [ack(0, 0, Accept), ack(4, 5, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 7, endOffset: 7 });
  });

  it('read_uncommitted delivers an aborted transaction\'s records too (markers still skipped)', () => {
    const env = setUp([]);
    const aborted = beginTxn(env, 'tx-a', 'orders');
    produce(env, 'orders', ['aborted-0'], aborted);
    endTxn(env, 'tx-a', aborted, false);
    const got = sp(env).acquire('m1', 100, 1 << 20);
    expect(got.acquired).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 1 }]);
    expect(sp(env).summary()).toMatchObject({ endOffset: 2, archived: 1 });
  });
});

describe('RecordState ids', () => {
  it('are Kafka\'s', () => {
    expect([RecordState.Available, RecordState.Acquired, RecordState.Acknowledged, RecordState.Archived]).toEqual([0, 1, 2, 4]);
  });
});
