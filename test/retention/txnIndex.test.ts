/**
 * The transaction index after the log start moves: aborted transactions entirely below it are
 * forgotten, and one the start cut into is still known after a rebuild (a restart).
 */
import { MemoryStorage } from '../../src/log/MemoryStorage';
import { PartitionTxnIndex } from '../../src/transactions/PartitionTxnIndex';
import { buildControlBatch } from '../../wire/controlRecords';
import { buildBatch } from '../../wire/records';

const txnBatch = (producerId: number, n: number) =>
  buildBatch(
    Array.from({ length: n }, (_, i) => ({ value: `p${producerId}-${i}` })),
    { producerId, producerEpoch: 0, baseSequence: 0, transactional: true },
  );
const abort = (producerId: number) => buildControlBatch({ producerId, producerEpoch: 0, commit: false, coordinatorEpoch: 0, timestamp: Date.now() });

test('forgetBelow drops aborted transactions whose marker is below the log start', () => {
  const index = new PartitionTxnIndex();
  index.onTransactionalBatch(1, 0);
  index.onMarker(1, false, 3);
  index.onTransactionalBatch(2, 4);
  index.onMarker(2, false, 8);
  index.forgetBelow(3);
  expect(index.aborted.map((a) => a.producerId)).toEqual([1, 2]);
  index.forgetBelow(4);
  expect(index.aborted).toEqual([{ producerId: 2, firstOffset: 4, lastOffset: 8 }]);
  expect(index.abortedOverlapping(4, 10)).toEqual([{ producerId: 2, firstOffset: 4, lastOffset: 8 }]);
});

test('a rebuild from a log start inside an aborted transaction still indexes it, from the start', () => {
  const log = new MemoryStorage().open('t', 0);
  log.append(txnBatch(7, 2)); // 0..1
  log.append(buildBatch([{ value: 'plain' }])); // 2
  log.append(txnBatch(7, 2)); // 3..4
  log.append(abort(7)); // 5
  log.append(txnBatch(8, 1)); // 6
  log.append(abort(8)); // 7
  expect(PartitionTxnIndex.rebuild(log).aborted).toEqual([
    { producerId: 7, firstOffset: 0, lastOffset: 5 },
    { producerId: 8, firstOffset: 6, lastOffset: 7 },
  ]);
  log.advanceLogStart(3);
  expect(PartitionTxnIndex.rebuild(log).aborted).toEqual([
    { producerId: 7, firstOffset: 3, lastOffset: 5 },
    { producerId: 8, firstOffset: 6, lastOffset: 7 },
  ]);
});
