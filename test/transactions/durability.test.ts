/**
 * Transaction state across restarts and failures: an interrupted commit is finished (on load or
 * by the timer), an open transaction and its pending offsets survive and can still commit or time
 * out, a torn journal tail is dropped, and a snapshot holds everything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrames, encodeFrames } from '../../src/storage/Journal';
import { TxnState } from '../../src/transactions/TransactionMetadata';
import { decodeTxnRecord, encodeTxnRecord, TxnRecord } from '../../src/transactions/txnRecords';
import { ErrorCode } from '../../wire/errors';
import { disposeAll, Env, init, logBatches, partitionOf, produce, reopen, startEnv } from './helpers';

afterEach(() => disposeAll());

const journalPath = (env: Env) => path.join(env.dataDir, '__transaction_state', 'transactions.journal');
const snapshotPath = (env: Env) => path.join(env.dataDir, '__transaction_state', 'transactions.snapshot');
const markers = (env: Env, topic: string, index = 0) =>
  logBatches(env, topic, index).filter((b) => b.control).map((b) => [b.baseOffset, b.commit ? 'COMMIT' : 'ABORT']);

/** An open transaction on orders-0 and orders-1 with data in both and offsets for group g. */
function openTransaction(env: Env): { producerId: number; producerEpoch: number } {
  env.topics.create('orders', 2);
  const producer = init(env, 'tx');
  expect(env.txn.addToTransaction('tx', producer.producerId, 0, [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }], ['g'])).toBe(ErrorCode.NONE);
  produce(env, 'orders', 0, ['a'], producer);
  produce(env, 'orders', 1, ['b'], producer);
  const value = { offset: 42, leaderEpoch: -1, metadata: 'm', commitTimestamp: env.clock.now };
  expect(env.txn.txnOffsetCommit('tx', producer.producerId, 0, 'g', [{ topic: 'in', partition: 3, value }])).toBe(ErrorCode.NONE);
  return producer;
}

describe('an interrupted commit', () => {
  it('stays PrepareCommit when a marker cannot be written, and is finished on load', () => {
    let env = startEnv();
    const { producerId } = openTransaction(env);
    jest.spyOn(partitionOf(env, 'orders', 1), 'append').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    // Kafka answers once PrepareCommit is durable; the markers are its own business.
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.NONE);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.PrepareCommit, topics: [{ topic: 'orders', partitions: [1] }, { topic: '__consumer_offsets' }] });
    expect(markers(env, 'orders', 0)).toEqual([[1, 'COMMIT']]);
    expect(markers(env, 'orders', 1)).toEqual([]);
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(env.txn.addToTransaction('tx', producerId, 0, [{ topic: 'orders', partition: 0 }])).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(env.txn.initProducerId('tx', 60000, -1, -1).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(env.offsets.fetch('g', 'in', 3)).toBeUndefined();

    env = reopen(env);
    expect(env.txn.describe('tx').transactionState).toBe(TxnState.CompleteCommit);
    // Every partition of the transaction gets its marker (orders-0 a second, harmless one).
    expect(markers(env, 'orders', 0)).toEqual([[1, 'COMMIT'], [2, 'COMMIT']]);
    expect(markers(env, 'orders', 1)).toEqual([[1, 'COMMIT']]);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 0))).toBe(3);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 1))).toBe(2);
    expect(env.offsets.fetch('g', 'in', 3)).toMatchObject({ offset: 42, metadata: 'm' });
    expect(init(env, 'tx').producerEpoch).toBe(1);
  });

  it('is finished by the timer without a restart', () => {
    const env = startEnv();
    const { producerId } = openTransaction(env);
    jest.spyOn(partitionOf(env, 'orders', 0), 'append').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(env.txn.endTransaction('tx', producerId, 0, false)).toBe(ErrorCode.NONE);
    expect(env.txn.describe('tx').transactionState).toBe(TxnState.PrepareAbort);
    env.txn.runPeriodicTasks();
    expect(env.txn.describe('tx').transactionState).toBe(TxnState.CompleteAbort);
    expect(markers(env, 'orders', 0)).toEqual([[1, 'ABORT']]);
    expect(env.txn.abortedTransactions(partitionOf(env, 'orders', 0), 0, 2)).toEqual([{ producerId, firstOffset: 0, lastOffset: 1 }]);
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 3)).toBe(false);
  });
});

describe('an open transaction across a restart', () => {
  it('keeps its partitions, LSO and pending offsets, and can commit', () => {
    let env = startEnv();
    const { producerId } = openTransaction(env);
    env = reopen(env);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.Ongoing, producerId, producerEpoch: 0 });
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 0))).toBe(0);
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 3)).toBe(true);
    expect(env.offsets.fetch('g', 'in', 3)).toBeUndefined();
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.NONE);
    expect(env.offsets.fetch('g', 'in', 3)).toMatchObject({ offset: 42 });
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 1))).toBe(2);
  });

  it('times out after the restart as it would have before', () => {
    let env = startEnv();
    const { producerId } = openTransaction(env);
    env = reopen(env);
    env.clock.now += 60_001;
    env.txn.runPeriodicTasks();
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.CompleteAbort, producerEpoch: 1 });
    expect(markers(env, 'orders', 1)).toEqual([[1, 'ABORT']]);
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 3)).toBe(false);
    env = reopen(env);
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 3)).toBe(false);
    expect(env.txn.abortedTransactions(partitionOf(env, 'orders', 1), 0, 2)).toEqual([{ producerId, firstOffset: 0, lastOffset: 1 }]);
  });
});

describe('the journal', () => {
  it('drops a torn tail and keeps what came before', () => {
    let env = startEnv();
    const { producerId } = openTransaction(env);
    env.txn.close();
    const intact = fs.readFileSync(journalPath(env)).length;
    fs.appendFileSync(journalPath(env), Buffer.from([0, 0, 0, 40, 1, 2, 3])); // a frame cut short
    env = reopen(env);
    expect(fs.readFileSync(journalPath(env)).length).toBe(intact);
    expect(env.logLines.some((l) => l.includes('torn or corrupt tail'))).toBe(true);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.Ongoing, producerId });
    expect(env.txn.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.NONE);
    env = reopen(env);
    expect(env.txn.describe('tx').transactionState).toBe(TxnState.CompleteCommit);
  });

  it('compacts into a snapshot that restores everything, pending offsets included', () => {
    let env = startEnv();
    const { producerId } = openTransaction(env);
    init(env, 'other');
    env.txn.compact();
    expect(fs.readFileSync(journalPath(env)).length).toBe(0);
    const snapshot = decodeFrames(fs.readFileSync(snapshotPath(env)));
    expect(snapshot.problem).toBeUndefined();
    expect(snapshot.payloads.map((p) => decodeTxnRecord(p).type).sort()).toEqual(['metadata', 'metadata', 'pendingOffsets', 'txnPartition', 'txnPartition']);
    env = reopen(env);
    expect(env.txn.describe('tx')).toMatchObject({ transactionState: TxnState.Ongoing, producerId, topics: [{ topic: 'orders', partitions: [0, 1] }, { topic: '__consumer_offsets' }] });
    expect(env.txn.describe('other').transactionState).toBe(TxnState.Empty);
    expect(env.offsets.hasPendingTxnOffset('g', 'in', 3)).toBe(true);
    expect(env.txn.lastStableOffset(partitionOf(env, 'orders', 1))).toBe(0);
  });

  it('encodes every record type so that it decodes to the same thing', () => {
    const records: TxnRecord[] = [
      {
        type: 'metadata',
        meta: {
          transactionalId: 'tx-é',
          producerId: 2 ** 40,
          lastProducerId: -1,
          producerEpoch: 32766,
          lastProducerEpoch: 5,
          timeoutMs: 900000,
          state: TxnState.PrepareAbort,
          partitions: new Map([['a\u00001', { topic: 'a', partition: 1 }]]),
          groups: new Set(['g1', 'g2']),
          startTimestamp: 1700000000000,
          lastUpdateTimestamp: 1700000000001,
        },
      },
      { type: 'remove', transactionalId: 'gone' },
      { type: 'txnPartition', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', topic: 'orders', partition: 7 },
      {
        type: 'pendingOffsets',
        transactionalId: 'tx',
        producerId: 9,
        groupId: 'g',
        offsets: [{ topic: 't', partition: 0, value: { offset: -1, leaderEpoch: 3, metadata: null, commitTimestamp: 12 } }],
      },
    ];
    const decoded = decodeFrames(encodeFrames(records.map(encodeTxnRecord)));
    expect(decoded.problem).toBeUndefined();
    expect(decoded.payloads.map(decodeTxnRecord)).toEqual(records);
    const bad = encodeFrames([encodeTxnRecord(records[1])]);
    bad[bad.length - 1] ^= 0xff;
    expect(decodeFrames(bad)).toMatchObject({ payloads: [], validBytes: 0, problem: expect.stringContaining('CRC mismatch') });
  });
});
