/**
 * Share state survives a restart (accepted records are never redelivered, acquired ones come back
 * available with their delivery count, nothing is lost), goes with a deleted topic, and the
 * manager's admin operations (start offsets, alter, delete). Plus the journal record format.
 */
import { AcknowledgeType } from '../../../src/share/contracts';
import { shareStateCodec } from '../../../src/share/shareStateJournal';
import { ErrorCode } from '../../../wire/errors';
import * as path from 'node:path';
import { Env, disposeAll, partitionOf, produce, restart, startEnv, tempDataDir, valuesOf } from './helpers';

afterEach(() => disposeAll());

const { Accept, Release } = AcknowledgeType;
const ack = (firstOffset: number, lastOffset: number, ...acknowledgeTypes: AcknowledgeType[]) => ({ firstOffset, lastOffset, acknowledgeTypes });

function setUp(batchSizes: number[], groupConfigs: Record<string, string> = { 'share.auto.offset.reset': 'earliest' }, where?: string): Env {
  const env = startEnv({}, where);
  env.topics.create('orders', 2);
  batchSizes.forEach((n, b) => produce(env, 'orders', Array.from({ length: n }, (_, i) => `b${b}-${i}`)));
  env.groupConfigs.replace('g', groupConfigs);
  return env;
}

const sp = (env: Env, partition = 0) => env.manager.get('g', 'orders', partition)!;

describe('restart', () => {
  it.each([
    ['in memory, from the journal', false, (env: Env) => restart(env)],
    ['in memory, from a compacted snapshot', false, (env: Env) => (env.manager.compact(), restart(env))],
    ['on disk, from the journal', true, (env: Env) => restart(env)],
    ['on disk, from a compacted snapshot', true, (env: Env) => (env.manager.compact(), restart(env))],
  ])('%s: accepted records never come back; acquired and released ones come back available with their count', (_, onDisk, reopen) => {
    let env = setUp([2, 2, 2, 2], undefined, onDisk ? tempDataDir() : undefined);
    if (onDisk) expect(env.manager.journalPath).toBe(path.join(env.where as string, '__share_group_state', 'share.journal'));
    let p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-1
    expect(p.acknowledge('m1', [ack(0, 1, Release)])).toBe(ErrorCode.NONE);
    p.acquire('m1', 100, 1 << 20); // 0-1 (2nd delivery), 2-7
    expect(p.acknowledge('m1', [ack(2, 3, Accept), ack(6, 6, Accept)])).toBe(ErrorCode.NONE);
    // Still acquired: 0-1 (delivery 2), 4-5, 7 (delivery 1).

    env = reopen(env);
    p = sp(env);
    expect(p.summary()).toMatchObject({ startOffset: 0, endOffset: 8, available: 5, acquired: 0, acknowledged: 3, maxDeliveryCount: 2 });
    const again = p.acquire('m2', 100, 1 << 20);
    expect(again.acquired).toEqual([
      { firstOffset: 0, lastOffset: 1, deliveryCount: 3 },
      { firstOffset: 4, lastOffset: 5, deliveryCount: 2 },
      { firstOffset: 7, lastOffset: 7, deliveryCount: 2 },
    ]);
    expect(valuesOf(again.batches).map((r) => r.offset)).toEqual([0, 1, 4, 5, 6, 7]);
    expect(p.acknowledge('m2', [ack(0, 1, Accept), ack(4, 5, Accept), ack(7, 7, Accept)])).toBe(ErrorCode.NONE);
    expect(p.summary()).toMatchObject({ startOffset: 8, endOffset: 8 });

    env = restart(env);
    expect(sp(env).acquire('m3', 100, 1 << 20).acquired).toEqual([]);
    expect(sp(env).summary()).toMatchObject({ startOffset: 8, endOffset: 8 });
  });

  it('after a crash (nothing closed): acknowledged records stay done; ones acquired since the last write come again, nothing is lost', () => {
    jest.useFakeTimers(); // the crashed manager's lock timers must never fire
    const env = setUp([2, 2, 2]);
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-1
    expect(p.acknowledge('m1', [ack(0, 1, Accept)])).toBe(ErrorCode.NONE);
    p.acquire('m1', 100, 1 << 20); // 2-5: acquisitions are written lazily, as Kafka does not write them at all
    const after = startEnv({}, env.where);
    expect(sp(after).summary()).toMatchObject({ startOffset: 2, endOffset: 2 });
    expect(sp(after).acquire('m2', 100, 1 << 20).acquired).toEqual([
      { firstOffset: 2, lastOffset: 3, deliveryCount: 1 },
      { firstOffset: 4, lastOffset: 5, deliveryCount: 1 },
    ]);
    jest.useRealTimers();
  });

  it('compacts the journal as it grows, and restores from the snapshot', () => {
    let env = startEnv({}, undefined, 1);
    env.topics.create('orders', 1);
    for (let i = 0; i < 5; i++) produce(env, 'orders', [`v${i}`]);
    env.groupConfigs.replace('g', { 'share.auto.offset.reset': 'earliest' });
    const p = sp(env);
    for (let i = 0; i < 3; i++) {
      p.acquire('m1', 1, 1 << 20);
      expect(p.acknowledge('m1', [ack(i, i, Accept)])).toBe(ErrorCode.NONE);
    }
    p.acquire('m1', 1, 1 << 20); // 3
    // Compacted past max(1 byte, 2 × the snapshot): there is a snapshot, and the journal stays below twice it.
    const { journalBytes, snapshotBytes } = env.manager.journalSizes;
    expect(snapshotBytes).toBeGreaterThan(0);
    expect(journalBytes).toBeLessThan(2 * snapshotBytes);
    env = restart(env);
    expect(sp(env).summary()).toMatchObject({ startOffset: 3, endOffset: 4, available: 1 });
    expect(sp(env).acquire('m2', 100, 1 << 20).acquired).toEqual([
      { firstOffset: 3, lastOffset: 3, deliveryCount: 2 },
      { firstOffset: 4, lastOffset: 4, deliveryCount: 1 },
    ]);
  });

  it('keeps where a group started at latest, so records written before the restart are delivered', () => {
    let env = setUp([3], {});
    expect(sp(env).summary().startOffset).toBe(3);
    produce(env, 'orders', ['while-idle']);
    env = restart(env);
    expect(sp(env).acquire('m1', 100, 1 << 20).acquired).toEqual([{ firstOffset: 3, lastOffset: 3, deliveryCount: 1 }]);
  });

  it('keeps the state of each partition and each group apart', () => {
    let env = setUp([2]);
    produce(env, 'orders', ['p1'], undefined, 1);
    env.groupConfigs.replace('other', { 'share.auto.offset.reset': 'earliest' });
    sp(env, 0).acquire('m1', 100, 1 << 20);
    sp(env, 0).acknowledge('m1', [ack(0, 1, Accept)]);
    sp(env, 1).acquire('m1', 100, 1 << 20);
    env.manager.get('other', 'orders', 0)!.acquire('x', 100, 1 << 20);
    env = restart(env);
    expect(sp(env, 0).summary()).toMatchObject({ startOffset: 2, available: 0 });
    expect(sp(env, 1).summary()).toMatchObject({ startOffset: 0, available: 1 });
    expect(env.manager.get('other', 'orders', 0)!.summary()).toMatchObject({ startOffset: 0, available: 2 });
  });
});

describe('deleted topics', () => {
  it('drop their share state; a topic created again under the name starts fresh', () => {
    let env = setUp([2]);
    sp(env).acquire('m1', 100, 1 << 20);
    sp(env).acknowledge('m1', [ack(0, 1, Accept)]);
    expect(env.manager.summaries('g')).toHaveLength(1);
    env.topics.delete('orders');
    expect(env.manager.summaries('g')).toEqual([]);
    expect(env.manager.hasState('g')).toBe(false);

    env.topics.create('orders', 1);
    produce(env, 'orders', ['again']);
    env = restart(env);
    expect(sp(env).summary()).toMatchObject({ startOffset: 0, endOffset: 0 });
    expect(sp(env).acquire('m1', 100, 1 << 20).acquired).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 1 }]);
  });
});

describe('admin operations', () => {
  it('summaries and startOffsets list initialized share-partitions with their lag', () => {
    const env = setUp([3, 3]);
    expect(env.manager.summaries('g')).toEqual([]);
    const p = sp(env);
    p.acquire('m1', 1, 1 << 20); // 0-2
    p.acknowledge('m1', [ack(0, 0, Accept)]);
    expect(env.manager.summaries('g')).toEqual([
      {
        groupId: 'g', topic: 'orders', partition: 0, startOffset: 1, endOffset: 3,
        available: 0, acquired: 2, acknowledged: 0, archived: 0, maxDeliveryCount: 1, lag: 3,
      },
    ]);
    const topicId = env.topics.get('orders')!.id;
    expect(env.manager.startOffsets('g')).toEqual([{ topic: 'orders', topicId, partition: 0, startOffset: 1, lag: 5 }]);
  });

  it('alterStartOffset starts over at the offset with nothing in flight, durably', () => {
    let env = setUp([3, 3]);
    sp(env).acquire('m1', 100, 1 << 20);
    expect(env.manager.alterStartOffset('g', 'orders', 0, 4)).toBe(ErrorCode.NONE);
    expect(sp(env).summary()).toMatchObject({ startOffset: 4, endOffset: 4, acquired: 0 });
    expect(sp(env).acknowledge('m1', [ack(0, 2, Accept)])).toBe(ErrorCode.INVALID_RECORD_STATE);
    // A share-partition the group never read.
    expect(env.manager.alterStartOffset('g', 'orders', 1, 0)).toBe(ErrorCode.NONE);
    expect(env.manager.alterStartOffset('g', 'orders', 2, 0)).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    env = restart(env);
    expect(sp(env).acquire('m1', 100, 1 << 20).acquired).toEqual([{ firstOffset: 4, lastOffset: 5, deliveryCount: 1 }]);
    expect(env.manager.startOffsets('g').map((s) => [s.partition, s.startOffset])).toEqual([[0, 4], [1, 0]]);
  });

  it('deleteState and deleteGroup forget state, durably', () => {
    let env = setUp([2]);
    sp(env, 0).acquire('m1', 100, 1 << 20);
    sp(env, 0).acknowledge('m1', [ack(0, 1, Accept)]);
    sp(env, 1);
    env.manager.deleteState('g', 'orders', 0);
    expect(env.manager.summaries('g').map((s) => s.partition)).toEqual([1]);
    env = restart(env);
    expect(env.manager.summaries('g').map((s) => s.partition)).toEqual([1]);
    // Read again: it starts over at share.auto.offset.reset.
    expect(sp(env, 0).summary()).toMatchObject({ startOffset: 0, endOffset: 0 });
    env.manager.deleteGroup('g');
    expect(env.manager.hasState('g')).toBe(false);
    env = restart(env);
    expect(env.manager.summaries('g')).toEqual([]);
  });

  it('the log start moving is followed after a restart too', () => {
    let env = setUp([2, 2]);
    sp(env).acquire('m1', 1, 1 << 20);
    env = restart(env);
    partitionOf(env, 'orders').log.advanceLogStart(2);
    expect(sp(env).summary()).toMatchObject({ startOffset: 2, available: 0 });
  });
});

describe('journal records', () => {
  it('encode a share-partition state as documented', () => {
    const payload = shareStateCodec.encode({
      type: 'state', groupId: 'g', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partition: 1, stateEpoch: 2, startOffset: 5, endOffset: 9,
      batches: [{ firstOffset: 5, lastOffset: 6, deliveryCount: 3, state: 0 }],
    });
    expect(payload.toString('hex')).toBe(
      '01' + // state
        '0001' + '67' + // group "g"
        '0016' + Buffer.from('AAAAAAAAAAAAAAAAAAAAAQ').toString('hex') + // topic id
        '00000001' + '00000002' + // partition, state epoch
        '0000000000000005' + '0000000000000009' + // start, end offset
        '00000001' + // one batch
        '0000000000000005' + '0000000000000006' + '0003' + '00', // first, last, delivery count, available
    );
    expect(shareStateCodec.decode(payload)).toEqual({
      type: 'state', groupId: 'g', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partition: 1, stateEpoch: 2, startOffset: 5, endOffset: 9,
      batches: [{ firstOffset: 5, lastOffset: 6, deliveryCount: 3, state: 0 }],
    });
    expect(shareStateCodec.encode({ type: 'deleteGroup', groupId: 'g' }).toString('hex')).toBe('03000167');
    expect(() => shareStateCodec.decode(Buffer.from('09', 'hex'))).toThrow(/unknown share state record type 9/);
  });
});
