/**
 * The idempotence rules of ProducerStateManager, as Kafka's ProducerAppendInfo and
 * UnifiedLog.analyzeAndValidateProducerState apply them to a client's batch.
 */
import { buildControlBatch } from '../../wire/controlRecords';
import { ErrorCode } from '../../wire/errors';
import { buildBatch, setBaseOffset } from '../../wire/records';
import {
  AppendCheck,
  EXPIRATION_CHECK_INTERVAL_MS,
  PRODUCER_ID_EXPIRATION_MS,
  ProducerStateManager,
  producerHeaderOf,
} from '../../src/producers/ProducerStateManager';
import { INT32_MAX, incrementSequence, inSequence } from '../../src/producers/sequence';

const PID = 1000;

interface BatchSpec {
  seq: number;
  count?: number;
  epoch?: number;
  pid?: number;
  transactional?: boolean;
  timestamp?: number;
}

function batchOf(spec: BatchSpec): Buffer {
  const count = spec.count ?? 1;
  const records = Array.from({ length: count }, (_, i) => ({ value: `v${spec.seq}-${i}`, timestamp: spec.timestamp ?? 1_700_000_000_000 }));
  return buildBatch(records, {
    producerId: spec.pid ?? PID,
    producerEpoch: spec.epoch ?? 0,
    baseSequence: spec.seq,
    transactional: spec.transactional,
  });
}

/** A producer state with a pretend log: check, then append at the next offset if allowed. */
class Harness {
  nextOffset = 0;
  constructor(readonly state = new ProducerStateManager()) {}

  check(spec: BatchSpec): AppendCheck {
    return this.state.checkAppend(producerHeaderOf(batchOf(spec)));
  }

  /** What Produce would answer: the base offset (new or original), or the error code. */
  produce(spec: BatchSpec): { offset: number } | { error: ErrorCode } {
    const batch = batchOf(spec);
    const check = this.state.checkAppend(producerHeaderOf(batch));
    if (check.kind === 'reject') return { error: check.errorCode };
    if (check.kind === 'duplicate') return { offset: check.batch.firstOffset };
    return { offset: this.append(batch) };
  }

  append(batch: Buffer): number {
    const offset = this.nextOffset;
    setBaseOffset(batch, offset);
    this.nextOffset += batch.readInt32BE(23) + 1;
    this.state.onAppended(batch);
    return offset;
  }

  marker(commit: boolean, epoch: number, coordinatorEpoch = 3, pid = PID): void {
    this.append(buildControlBatch({ producerId: pid, producerEpoch: epoch, commit, coordinatorEpoch, timestamp: 1_700_000_000_500 }));
  }
}

describe('sequence arithmetic', () => {
  it('wraps from Int32.MAX to 0', () => {
    expect(incrementSequence(5, 3)).toBe(8);
    expect(incrementSequence(INT32_MAX, 1)).toBe(0);
    expect(incrementSequence(INT32_MAX - 1, 3)).toBe(1);
    expect(inSequence(7, 8)).toBe(true);
    expect(inSequence(INT32_MAX, 0)).toBe(true);
    expect(inSequence(7, 9)).toBe(false);
    expect(inSequence(-1, 0)).toBe(true);
  });
});

describe('ProducerStateManager', () => {
  it('accepts any first sequence from a producer it has no state for', () => {
    const h = new Harness();
    expect(h.check({ seq: 42 })).toEqual({ kind: 'append' });
    expect(h.produce({ seq: 42, count: 3 })).toEqual({ offset: 0 });
    expect(h.produce({ seq: 45 })).toEqual({ offset: 3 });
  });

  it('answers an exact retry of one of the last five batches with its original offsets, and appends nothing', () => {
    const h = new Harness();
    expect(h.produce({ seq: 0, count: 3 })).toEqual({ offset: 0 });
    expect(h.produce({ seq: 3, count: 2 })).toEqual({ offset: 3 });
    const dup = h.check({ seq: 0, count: 3 });
    expect(dup).toEqual({ kind: 'duplicate', batch: { firstSeq: 0, lastSeq: 2, firstOffset: 0, lastOffset: 2, timestamp: 1_700_000_000_000 } });
    expect(h.produce({ seq: 3, count: 2 })).toEqual({ offset: 3 });
    expect(h.nextOffset).toBe(5);
    // Same first sequence but a different range is not a duplicate: it is out of order.
    expect(h.produce({ seq: 0, count: 2 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('remembers only the last five batches', () => {
    const h = new Harness();
    for (let i = 0; i < 6; i++) expect(h.produce({ seq: i })).toEqual({ offset: i });
    expect(h.produce({ seq: 1 })).toEqual({ offset: 1 });
    expect(h.produce({ seq: 5 })).toEqual({ offset: 5 });
    // The first batch fell out of the window: its retry can no longer be recognised.
    expect(h.produce({ seq: 0 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.state.get(PID)!.batches.map((b) => b.firstSeq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a gap or a step back in the sequence with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const h = new Harness();
    h.produce({ seq: 0, count: 5 });
    expect(h.produce({ seq: 6 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.produce({ seq: 4 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.nextOffset).toBe(5);
    expect(h.produce({ seq: 5 })).toEqual({ offset: 5 });
  });

  it('continues across the Int32 wrap-around', () => {
    const h = new Harness();
    h.produce({ seq: INT32_MAX - 1, count: 2 });
    expect(h.state.get(PID)!.lastSeq).toBe(INT32_MAX);
    expect(h.produce({ seq: 1 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.produce({ seq: 0, count: 3 })).toEqual({ offset: 2 });
    // A batch whose range wraps: INT32_MAX-1 .. 1 is stored with lastSeq 1.
    const g = new Harness();
    g.produce({ seq: INT32_MAX - 1, count: 4 });
    expect(g.state.get(PID)!.lastSeq).toBe(1);
    expect(g.check({ seq: INT32_MAX - 1, count: 4 }).kind).toBe('duplicate');
    expect(g.produce({ seq: 2 })).toEqual({ offset: 4 });
  });

  it('fences an older epoch with INVALID_PRODUCER_EPOCH, even for a retry of its own batch', () => {
    const h = new Harness();
    h.produce({ seq: 0, epoch: 0 });
    expect(h.produce({ seq: 0, epoch: 1 })).toEqual({ offset: 1 });
    expect(h.produce({ seq: 0, epoch: 0 })).toEqual({ error: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(h.produce({ seq: 1, epoch: 0 })).toEqual({ error: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(h.nextOffset).toBe(2);
  });

  it('accepts a bumped epoch only from sequence 0, and forgets the old epoch\'s batches', () => {
    const h = new Harness();
    h.produce({ seq: 0, count: 3, epoch: 4 });
    expect(h.produce({ seq: 3, epoch: 5 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.produce({ seq: 0, count: 2, epoch: 5 })).toEqual({ offset: 3 });
    const entry = h.state.get(PID)!;
    expect(entry.producerEpoch).toBe(5);
    expect(entry.batches).toEqual([{ firstSeq: 0, lastSeq: 1, firstOffset: 3, lastOffset: 4, timestamp: 1_700_000_000_000 }]);
    expect(h.produce({ seq: 2, epoch: 5 })).toEqual({ offset: 5 });
  });

  it('keeps producers apart', () => {
    const h = new Harness();
    h.produce({ seq: 0, pid: 1 });
    h.produce({ seq: 10, pid: 2 });
    expect(h.produce({ seq: 1, pid: 1 })).toEqual({ offset: 2 });
    expect(h.produce({ seq: 1, pid: 2 })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.check({ seq: 10, pid: 2 }).kind).toBe('duplicate');
    expect(h.state.activeProducers().map((p) => [p.producerId, p.lastSeq])).toEqual([[1, 1], [2, 10]]);
  });

  it('tracks a transaction from its first batch to its marker', () => {
    const h = new Harness();
    h.produce({ seq: 0, pid: 7 }); // someone else's data first
    expect(h.produce({ seq: 0, epoch: 2, transactional: true })).toEqual({ offset: 1 });
    expect(h.produce({ seq: 1, epoch: 2, transactional: true })).toEqual({ offset: 2 });
    let entry = h.state.get(PID)!;
    expect(entry.currentTxnFirstOffset).toBe(1);
    expect(entry.coordinatorEpoch).toBe(-1);
    // A non-transactional write in the middle of a transaction is refused.
    expect(h.produce({ seq: 2, epoch: 2 })).toEqual({ error: ErrorCode.INVALID_TXN_STATE });

    h.marker(true, 2, 9);
    entry = h.state.get(PID)!;
    expect(entry.currentTxnFirstOffset).toBe(-1);
    expect(entry.coordinatorEpoch).toBe(9);
    expect(entry.lastTimestamp).toBe(1_700_000_000_500);
    expect(entry.lastSeq).toBe(1); // same epoch: the sequence continues
    expect(h.produce({ seq: 2, epoch: 2, transactional: true })).toEqual({ offset: 4 });

    // An abort marker with a bumped epoch (fencing) forgets the batches: the next starts at 0.
    h.marker(false, 3, 9);
    entry = h.state.get(PID)!;
    expect(entry.producerEpoch).toBe(3);
    expect(entry.lastSeq).toBe(-1);
    expect(h.produce({ seq: 3, epoch: 3, transactional: true })).toEqual({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(h.produce({ seq: 0, epoch: 3, transactional: true })).toEqual({ offset: 6 });
  });

  it('ignores batches without a producer id', () => {
    const h = new Harness();
    h.append(buildBatch([{ value: 'x' }]));
    expect(h.state.activeProducers()).toEqual([]);
  });

  it('forgets producers idle for producer.id.expiration.ms, checking every few minutes on append', () => {
    let now = 1_700_000_000_000;
    const h = new Harness(new ProducerStateManager(() => now));
    h.produce({ seq: 0, pid: 1, timestamp: now });
    now += PRODUCER_ID_EXPIRATION_MS - 1000;
    h.produce({ seq: 0, pid: 2, timestamp: now });
    expect(h.state.activeProducers().map((p) => p.producerId)).toEqual([1, 2]);
    // Producer 1 is now idle for longer, but the last check was less than an interval ago.
    now += 2000;
    h.produce({ seq: 1, pid: 2, timestamp: now });
    expect(h.state.activeProducers().map((p) => p.producerId)).toEqual([1, 2]);
    now += EXPIRATION_CHECK_INTERVAL_MS;
    h.produce({ seq: 2, pid: 2, timestamp: now });
    expect(h.state.activeProducers().map((p) => p.producerId)).toEqual([2]);
    // Forgotten: any sequence is accepted again, as from a new producer.
    expect(h.produce({ seq: 17, pid: 1, timestamp: now })).toEqual({ offset: 4 });
  });

  it('does not expire a producer with an open transaction', () => {
    const now = 1_700_000_000_000;
    const h = new Harness(new ProducerStateManager(() => now));
    h.produce({ seq: 0, pid: 1, transactional: true, timestamp: now - 2 * PRODUCER_ID_EXPIRATION_MS });
    h.produce({ seq: 0, pid: 2, timestamp: now - 2 * PRODUCER_ID_EXPIRATION_MS });
    h.state.removeExpired(now);
    expect(h.state.activeProducers().map((p) => p.producerId)).toEqual([1]);
  });
});
