/** The TransactionMetadata state machine: Kafka's valid previous states, and what transitions clear. */
import {
  TxnState,
  canTransition,
  isEpochExhausted,
  newTransactionMetadata,
  offsetsPartitionFor,
  transition,
} from '../../src/transactions/TransactionMetadata';

const ALL = Object.values(TxnState);

/** Kafka's TransactionState.validPreviousStates, spelled out. */
const EXPECTED: Record<TxnState, TxnState[]> = {
  [TxnState.Empty]: [TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.Ongoing]: [TxnState.Ongoing, TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.PrepareCommit]: [TxnState.Ongoing],
  [TxnState.PrepareAbort]: [TxnState.Ongoing, TxnState.PrepareEpochFence],
  [TxnState.CompleteCommit]: [TxnState.PrepareCommit],
  [TxnState.CompleteAbort]: [TxnState.PrepareAbort],
  [TxnState.Dead]: [TxnState.Empty, TxnState.CompleteCommit, TxnState.CompleteAbort],
  [TxnState.PrepareEpochFence]: [TxnState.Ongoing],
};

describe('transaction state machine', () => {
  it.each(ALL)('%s is entered exactly from its valid previous states', (to) => {
    const allowed = ALL.filter((from) => canTransition(from, to));
    expect(allowed.sort()).toEqual([...EXPECTED[to]].sort());
  });

  it('throws on an illegal transition and leaves the state alone', () => {
    const meta = newTransactionMetadata('t', 1, 60000, 0);
    expect(() => transition(meta, TxnState.PrepareCommit, 5)).toThrow(/illegal transition Empty -> PrepareCommit/);
    expect(meta.state).toBe(TxnState.Empty);
  });

  it('stamps the start of a transaction, keeps it while ongoing and after completion, clears it on a new epoch', () => {
    const meta = newTransactionMetadata('t', 1, 60000, 0);
    expect(meta.startTimestamp).toBe(-1);
    transition(meta, TxnState.Ongoing, 100);
    meta.partitions.set('a\u00000', { topic: 'a', partition: 0 });
    meta.groups.add('g');
    transition(meta, TxnState.Ongoing, 200);
    expect(meta.startTimestamp).toBe(100);
    transition(meta, TxnState.PrepareCommit, 300);
    expect(meta.partitions.size).toBe(1);
    transition(meta, TxnState.CompleteCommit, 400);
    expect(meta).toMatchObject({ state: TxnState.CompleteCommit, startTimestamp: 100, lastUpdateTimestamp: 400 });
    expect(meta.partitions.size).toBe(0);
    expect(meta.groups.size).toBe(0);
    transition(meta, TxnState.Ongoing, 500);
    expect(meta.startTimestamp).toBe(500);
    transition(meta, TxnState.PrepareEpochFence, 600);
    transition(meta, TxnState.PrepareAbort, 600);
    transition(meta, TxnState.CompleteAbort, 700);
    transition(meta, TxnState.Empty, 800);
    expect(meta.startTimestamp).toBe(-1);
  });

  it('treats the last two epochs as exhausted', () => {
    expect(isEpochExhausted(32765)).toBe(false);
    expect(isEpochExhausted(32766)).toBe(true);
    expect(isEpochExhausted(32767)).toBe(true);
  });

  it('maps groups to __consumer_offsets partitions as Kafka does (abs(String.hashCode) % 50)', () => {
    // Computed with Java's String.hashCode (checked with a JDK): my-group -1906497762, hello 99162322,
    // polygenelubricants Integer.MIN_VALUE (Kafka's Utils.abs makes it 0), txn-group-é 59241656.
    expect(offsetsPartitionFor('my-group')).toBe(12);
    expect(offsetsPartitionFor('hello')).toBe(22);
    expect(offsetsPartitionFor('polygenelubricants')).toBe(0);
    expect(offsetsPartitionFor('txn-group-é')).toBe(6);
    expect(offsetsPartitionFor('')).toBe(0);
  });
});
