/**
 * The transaction coordinator on its own (no sockets): InitProducerId and fencing, the errors of
 * each step, markers and the per-partition index (last stable offset, aborted transactions),
 * transactional offsets, the timeout, ListTransactions/DescribeTransactions, id expiration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeFrames } from '../../src/storage/Journal';
import { TxnState, newTransactionMetadata } from '../../src/transactions/TransactionMetadata';
import { encodeTxnRecord } from '../../src/transactions/txnRecords';
import { ErrorCode } from '../../wire/errors';
import { closeEnv, disposeAll, init, logBatches, partitionOf, produce, reopen, startEnv } from './helpers';

afterEach(() => disposeAll());

const at = (offset: number, commitTimestamp = 5) => ({ offset, leaderEpoch: -1, metadata: '', commitTimestamp });

describe('InitProducerId', () => {
  it('gives a new transactional id a fresh producer id with epoch 0, then bumps the epoch', () => {
    const env = startEnv();
    const first = init(env, 'tx');
    expect(first.producerEpoch).toBe(0);
    const other = init(env, 'other');
    expect(other.producerId).not.toBe(first.producerId);
    expect(init(env, 'tx')).toEqual({ producerId: first.producerId, producerEpoch: 1 });
    expect(init(env, 'tx')).toEqual({ producerId: first.producerId, producerEpoch: 2 });
  });

  it('refuses a timeout above transaction.max.timeout.ms or not positive, and an empty id', () => {
    const env = startEnv();
    const fail = (errorCode: ErrorCode) => ({ errorCode, producerId: -1, producerEpoch: -1 });
    expect(env.txn.initProducerId('tx', 900_001, -1, -1)).toEqual(fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT));
    expect(env.txn.initProducerId('tx', 0, -1, -1)).toEqual(fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT));
    expect(env.txn.initProducerId('', 1000, -1, -1)).toEqual(fail(ErrorCode.INVALID_REQUEST));
    expect(env.txn.initProducerId('tx', 900_000, -1, -1).errorCode).toBe(ErrorCode.NONE);
  });

  it('with a known id and epoch (KIP-360): bumps the current epoch, repeats a lost answer, fences stale ones', () => {
    const env = startEnv();
    const { producerId } = init(env, 'tx'); // epoch 0
    expect(env.txn.initProducerId('tx', 1000, producerId, 0)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 1 });
    // A retry of that request (its answer was lost): the same epoch again, no second bump.
    expect(env.txn.initProducerId('tx', 1000, producerId, 0)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 1 });
    // A new instance without an id bumps to 2 and forgets the last epoch: epoch 0 is now fenced.
    expect(init(env, 'tx').producerEpoch).toBe(2);
    expect(env.txn.initProducerId('tx', 1000, producerId, 0).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    // Someone else's producer id.
    expect(env.txn.initProducerId('tx', 1000, producerId + 100, 0).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect(env.txn.initProducerId('tx', 1000, producerId, -1).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('aborts the open transaction of the previous instance first: CONCURRENT_TRANSACTIONS, then the epoch after the fence', () => {
    const env = startEnv();
    env.topics.create('orders', 1);
    const old = init(env, 'tx');
    expect(env.txn.addToTransaction('tx', old.producerId, 0, [{ topic: 'orders', partition: 0 }])).toBe(ErrorCode.NONE);
    produce(env, 'orders', 0, ['a', 'b'], old);

    expect(env.txn.initProducerId('tx', 60000, -1, -1)).toEqual({ errorCode: ErrorCode.CONCURRENT_TRANSACTIONS, producerId: -1, producerEpoch: -1 });
    // The abort marker carries the fencing epoch (1), never handed to a client.
    expect(logBatches(env, 'orders').map((b) => [b.baseOffset, b.control, b.commit, b.producerEpoch])).toEqual([
      [0, false, undefined, 0],
      [2, true, false, 1],
    ]);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.CompleteAbort, producerEpoch: 1 });
    expect(init(env, 'tx')).toEqual({ producerId: old.producerId, producerEpoch: 2 });
    // The old instance is fenced everywhere.
    expect(env.txn.endTransaction('tx', old.producerId, 0, true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(env.txn.addToTransaction('tx', old.producerId, 0, [{ topic: 'orders', partition: 0 }])).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('rotates to a new producer id once the epoch is exhausted', () => {
    let env = startEnv();
    const { producerId } = init(env, 'tx');
    // Skip 32k bumps: a journal record puts the id at epoch 32765 (storage/Journal.ts, txnRecords.ts).
    closeEnv(env);
    const meta = { ...newTransactionMetadata('tx', producerId, 1000, env.clock.now), producerEpoch: 32765 };
    fs.appendFileSync(path.join(env.dataDir, '__transaction_state', 'transactions.journal'), encodeFrames([encodeTxnRecord({ type: 'metadata', meta })]));
    env = startEnv(env.dataDir, env.clock);

    expect(env.txn.initProducerId('tx', 1000, producerId, 32765)).toEqual({ errorCode: ErrorCode.NONE, producerId, producerEpoch: 32766 });
    const rotated = env.txn.initProducerId('tx', 1000, producerId, 32766);
    expect(rotated.errorCode).toBe(ErrorCode.NONE);
    expect(rotated.producerId).not.toBe(producerId);
    expect(rotated.producerEpoch).toBe(0);
    // A retry with the old id and exhausted epoch is recognized (lastProducerId), not fenced.
    expect(env.txn.initProducerId('tx', 1000, producerId, 32766)).toEqual({ errorCode: ErrorCode.NONE, producerId: rotated.producerId, producerEpoch: 0 });
  });
});

describe('AddPartitionsToTxn, AddOffsetsToTxn, EndTxn errors', () => {
  it('answers as Kafka for unknown ids, wrong producer ids, stale epochs and wrong states', () => {
    const env = startEnv();
    env.topics.create('orders', 2);
    const { producerId } = init(env, 'tx');
    const orders0 = [{ topic: 'orders', partition: 0 }];
    expect(env.txn.addToTransaction('nope', producerId, 0, orders0)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(env.txn.addToTransaction('tx', producerId + 1, 0, orders0)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(env.txn.addToTransaction('tx', producerId, 1, orders0)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.INVALID_TXN_STATE); // Empty
    expect(env.txn.endTransaction('nope', producerId, 0, true)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);

    expect(env.txn.addToTransaction('tx', producerId, 0, orders0)).toBe(ErrorCode.NONE);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.Ongoing, topics: [{ topic: 'orders', partitions: [0] }] });
    expect(env.txn.addToTransaction('tx', producerId, 0, [], ['g'])).toBe(ErrorCode.NONE);
    expect(env.txn.endTransaction('tx', producerId, 1, true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.NONE);
    // A retried commit is fine; an abort after the commit is not.
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.NONE);
    expect(env.txn.endTransaction('tx', producerId, 0, false)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('verifies partitions (AddPartitionsToTxn v4 VerifyOnly, Produce): in the open transaction or not', () => {
    const env = startEnv();
    env.topics.create('orders', 2);
    const { producerId } = init(env, 'tx');
    env.txn.addToTransaction('tx', producerId, 0, [{ topic: 'orders', partition: 0 }]);
    expect(env.txn.verifyPartitions('tx', producerId, 0, [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }])).toEqual([
      ErrorCode.NONE,
      ErrorCode.TRANSACTION_ABORTABLE,
    ]);
    expect(env.txn.verifyPartitions('tx', producerId, 3, [{ topic: 'orders', partition: 0 }])).toBe(ErrorCode.PRODUCER_FENCED);
    const p1 = partitionOf(env, 'orders', 1);
    expect(env.txn.verifyTransactionalProduce('tx', p1, producerId, 0)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(env.txn.verifyTransactionalProduce('tx', p1, producerId, 0, true)).toBe(ErrorCode.TRANSACTION_ABORTABLE);
    expect(env.txn.verifyTransactionalProduce('tx', partitionOf(env, 'orders', 0), producerId, 0)).toBe(ErrorCode.NONE);
    expect(env.txn.verifyTransactionalProduce('tx', partitionOf(env, 'orders', 0), producerId, 7)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });
});

describe('markers, the last stable offset and the aborted-transaction index', () => {
  it('holds the LSO at the first offset of the earliest open transaction, and writes markers on commit and abort', () => {
    const env = startEnv();
    env.topics.create('orders', 2);
    const a = init(env, 'a');
    const b = init(env, 'b');
    const p0 = partitionOf(env, 'orders', 0);
    const p1 = partitionOf(env, 'orders', 1);

    produce(env, 'orders', 0, ['plain']); // offset 0
    env.txn.addToTransaction('a', a.producerId, 0, [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }]);
    env.txn.addToTransaction('b', b.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    produce(env, 'orders', 0, ['a1', 'a2'], a); // 1-2
    produce(env, 'orders', 0, ['b1'], b); // 3
    produce(env, 'orders', 0, ['a3'], { ...a, seq: 2 }); // 4
    expect(env.txn.lastStableOffset(p0)).toBe(1);
    expect(env.txn.lastStableOffset(p1)).toBe(0); // nothing written there yet
    expect([...env.txn.openTransactions(p0)]).toEqual([[a.producerId, 1], [b.producerId, 3]]);

    expect(env.txn.endTransaction('a', a.producerId, 0, false)).toBe(ErrorCode.NONE); // abort marker at 5 (and p1: 0)
    expect(env.txn.lastStableOffset(p0)).toBe(3);
    expect(env.txn.endTransaction('b', b.producerId, 0, true)).toBe(ErrorCode.NONE); // commit marker at 6
    expect(env.txn.lastStableOffset(p0)).toBe(7);
    expect(p0.log.logEndOffset).toBe(7);

    expect(logBatches(env, 'orders', 0).map((x) => [x.baseOffset, x.control ? (x.commit ? 'COMMIT' : 'ABORT') : x.values.join(','), x.producerId])).toEqual([
      [0, 'plain', -1],
      [1, 'a1,a2', a.producerId],
      [3, 'b1', b.producerId],
      [4, 'a3', a.producerId],
      [5, 'ABORT', a.producerId],
      [6, 'COMMIT', b.producerId],
    ]);
    // A marker goes to every partition of the transaction, even one without data (nothing indexed there).
    expect(logBatches(env, 'orders', 1).map((x) => [x.baseOffset, x.control, x.commit])).toEqual([[0, true, false]]);
    expect(env.txn.abortedTransactions(p1, 0, 1)).toEqual([]);

    expect(env.txn.abortedTransactions(p0, 0, 7)).toEqual([{ producerId: a.producerId, firstOffset: 1, lastOffset: 5 }]);
    expect(env.txn.abortedTransactions(p0, 5, 7)).toEqual([{ producerId: a.producerId, firstOffset: 1, lastOffset: 5 }]);
    expect(env.txn.abortedTransactions(p0, 6, 7)).toEqual([]); // its marker is before the fetch
    expect(env.txn.abortedTransactions(p0, 0, 1)).toEqual([]); // it starts after the fetched range
    expect(env.txn.describe('a')).toMatchObject({ transactionState: TxnState.CompleteAbort, topics: [] });
  });

  it('takes in a partition written without AddPartitionsToTxn, so its marker is written and the LSO moves on', () => {
    const env = startEnv();
    env.topics.create('orders', 2);
    const p = init(env, 'tx');
    env.txn.addToTransaction('tx', p.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    produce(env, 'orders', 1, ['stray'], p);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 1))).toBe(0);
    expect(env.txn.describe('tx').topics).toEqual([{ topic: 'orders', partitions: [0, 1] }]);
    expect(env.logLines.some((l) => l.includes('not added to the transaction'))).toBe(true);
    expect(env.txn.endTransaction('tx', p.producerId, 0, true)).toBe(ErrorCode.NONE);
    expect(logBatches(env, 'orders', 1).map((b) => [b.baseOffset, b.control, b.commit])).toEqual([[0, false, undefined], [1, true, true]]);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 1))).toBe(2);
  });

  it('rebuilds open and aborted transactions from the log after a restart', () => {
    let env = startEnv();
    env.topics.create('orders', 1);
    const a = init(env, 'a');
    const b = init(env, 'b');
    env.txn.addToTransaction('a', a.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    env.txn.addToTransaction('b', b.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    produce(env, 'orders', 0, ['a1'], a); // 0
    produce(env, 'orders', 0, ['b1'], b); // 1
    env.txn.endTransaction('a', a.producerId, 0, false); // ABORT at 2; b stays open
    env = reopen(env);
    const p0 = partitionOf(env, 'orders');
    expect(env.txn.lastStableOffset(p0)).toBe(1);
    expect(env.txn.abortedTransactions(p0, 0, 3)).toEqual([{ producerId: a.producerId, firstOffset: 0, lastOffset: 2 }]);
    expect(env.txn.describe('b')).toMatchObject({ transactionState: TxnState.Ongoing, producerId: b.producerId, topics: [{ topic: 'orders', partitions: [0] }] });
    // Committing after the restart works and releases the LSO.
    expect(env.txn.endTransaction('b', b.producerId, 0, true)).toBe(ErrorCode.NONE);
    expect(env.txn.lastStableOffset(p0)).toBe(4);
  });
});

describe('transactional offsets', () => {
  it('are pending until the commit, dropped by an abort, and need AddOffsetsToTxn first', () => {
    const env = startEnv();
    env.topics.create('in', 1);
    const { producerId } = init(env, 'tx');
    const entries = [{ topic: 'in', partition: 0, value: at(10) }];
    expect(env.txn.txnOffsetCommit('tx', producerId, 0, 'g', entries)).toBe(ErrorCode.TRANSACTION_ABORTABLE); // Empty
    env.txn.addToTransaction('tx', producerId, 0, [], ['g']);
    expect(env.txn.txnOffsetCommit('tx', producerId, 0, 'other', entries)).toBe(ErrorCode.TRANSACTION_ABORTABLE);
    expect(env.txn.txnOffsetCommit('tx', producerId, 1, 'g', entries)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(env.txn.txnOffsetCommit('tx', producerId + 1, 0, 'g', entries)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(env.txn.txnOffsetCommit('tx', producerId, 0, 'g', entries)).toBe(ErrorCode.NONE);
    expect(env.offsets.fetch('g', 'in', 0)).toBeUndefined();
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 0)).toBe(true);
    expect(env.txn.describe('tx').topics).toEqual([{ topic: '__consumer_offsets', partitions: [expect.any(Number)] }]);

    env.txn.endTransaction('tx', producerId, 0, true);
    expect(env.offsets.fetch('g', 'in', 0)).toMatchObject({ offset: 10 });
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 0)).toBe(false);

    env.txn.addToTransaction('tx', producerId, 0, [], ['g']);
    expect(env.txn.txnOffsetCommit('tx', producerId, 0, 'g', [{ topic: 'in', partition: 0, value: at(20) }])).toBe(ErrorCode.NONE);
    env.txn.endTransaction('tx', producerId, 0, false);
    expect(env.offsets.fetch('g', 'in', 0)).toMatchObject({ offset: 10 });
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 0)).toBe(false);
  });

  it('do not overwrite an offset committed after them', () => {
    const env = startEnv();
    env.topics.create('in', 1);
    const { producerId } = init(env, 'tx');
    env.txn.addToTransaction('tx', producerId, 0, [], ['g']);
    env.txn.txnOffsetCommit('tx', producerId, 0, 'g', [{ topic: 'in', partition: 0, value: at(10, 100) }]);
    env.offsets.commit('g', 'in', 0, at(30, 200));
    env.txn.endTransaction('tx', producerId, 0, true);
    expect(env.offsets.fetch('g', 'in', 0)).toMatchObject({ offset: 30 });
  });
});

describe('the transaction timeout', () => {
  it('aborts a transaction open longer than its timeout, fencing the producer with an epoch bump', () => {
    const env = startEnv();
    env.topics.create('orders', 1);
    const { producerId } = init(env, 'tx', 10_000);
    env.txn.addToTransaction('tx', producerId, 0, [{ topic: 'orders', partition: 0 }], ['g']);
    produce(env, 'orders', 0, ['x'], { producerId, producerEpoch: 0 });
    env.txn.txnOffsetCommit('tx', producerId, 0, 'g', [{ topic: 'orders', partition: 0, value: at(1) }]);

    env.clock.now += 10_000;
    env.txn.abortTimedOutTransactions();
    expect(env.txn.describe('tx').transactionState).toBe(TxnState.Ongoing); // not older than its timeout yet
    env.clock.now += 1;
    env.txn.runPeriodicTasks();
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.CompleteAbort, producerEpoch: 1 });
    expect(logBatches(env, 'orders').map((b) => [b.baseOffset, b.control, b.commit, b.producerEpoch])).toEqual([
      [0, false, undefined, 0],
      [1, true, false, 1],
    ]);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders'))).toBe(2);
    expect(env.offsets.hasPendingTxnOffset('g', 'orders', 0)).toBe(false);
    expect(env.offsets.fetch('g', 'orders', 0)).toBeUndefined();
    // The zombie's commit is fenced; its next InitProducerId gets epoch 2.
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(init(env, 'tx').producerEpoch).toBe(2);
  });

  it('runs on its own timer (transaction.abort.timed.out.transaction.cleanup.interval.ms)', async () => {
    const env = startEnv();
    env.txn.close();
    // A coordinator with a short check interval and the real clock.
    const { TransactionCoordinator } = await import('../../src/transactions/TransactionCoordinator');
    const pino = (await import('pino')).default;
    const config = { ...env.config, transactions: { ...env.config.transactions, abortTimedOutCheckIntervalMs: 20 } };
    const txn = new TransactionCoordinator({ config, topics: env.topics, offsets: env.offsets, producerIds: env.producerIds, logger: pino({ level: 'silent' }) });
    try {
      txn.load();
      env.topics.create('orders', 1);
      const r = txn.initProducerId('tx', 50, -1, -1);
      expect(txn.addToTransaction('tx', r.producerId, 0, [{ topic: 'orders', partition: 0 }])).toBe(ErrorCode.NONE);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(txn.describe('tx')).toMatchObject({ transactionState: TxnState.CompleteAbort, producerEpoch: 1 });
    } finally {
      txn.close();
    }
  });
});

describe('ListTransactions, DescribeTransactions, expiration', () => {
  it('filters by state, producer id and duration, and reports unknown state filters', () => {
    const env = startEnv();
    env.topics.create('orders', 1);
    const a = init(env, 'a');
    const b = init(env, 'b');
    env.clock.now += 1000;
    env.txn.addToTransaction('b', b.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    env.clock.now += 500;
    const ids = (r: ReturnType<typeof env.txn.list>) => r.transactionStates.map((t) => t.transactionalId).sort();

    expect(ids(env.txn.list([], []))).toEqual(['a', 'b']);
    expect(env.txn.list(['Ongoing'], [])).toEqual({
      errorCode: ErrorCode.NONE,
      unknownStateFilters: [],
      transactionStates: [{ transactionalId: 'b', producerId: b.producerId, transactionState: 'Ongoing' }],
    });
    expect(ids(env.txn.list([], [a.producerId]))).toEqual(['a']);
    expect(env.txn.list(['Bogus'], [])).toMatchObject({ unknownStateFilters: ['Bogus'], transactionStates: [] });
    expect(ids(env.txn.list(['Ongoing'], [], 499))).toEqual(['b']);
    expect(ids(env.txn.list(['Ongoing'], [], 500))).toEqual([]);

    expect(env.txn.describe('b')).toEqual({
      errorCode: ErrorCode.NONE,
      transactionalId: 'b',
      transactionState: 'Ongoing',
      transactionTimeoutMs: 60000,
      transactionStartTimeMs: env.clock.now - 500,
      producerId: b.producerId,
      producerEpoch: 0,
      topics: [{ topic: 'orders', partitions: [0] }],
    });
    expect(env.txn.describe('missing').errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    expect(env.txn.describe('').errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('forgets transactional ids idle for transactional.id.expiration.ms, but not open transactions', () => {
    const env = startEnv();
    env.topics.create('orders', 1);
    init(env, 'idle');
    const busy = init(env, 'busy');
    env.txn.addToTransaction('busy', busy.producerId, 0, [{ topic: 'orders', partition: 0 }]);
    env.clock.now += env.config.transactions.idExpirationMs + 1;
    env.txn.removeExpiredTransactionalIds();
    expect(env.txn.describe('idle').errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    expect(env.txn.describe('busy').transactionState).toBe(TxnState.Ongoing);
    const again = init(env, 'idle');
    expect(again.producerEpoch).toBe(0);
  });
});
