/**
 * After a partition's log start offset moved forward (DeleteRecords, retention), what lies wholly
 * below it is forgotten, as Kafka does: producers whose last batch is gone, and aborted
 * transactions no fetch can reach any more.
 */
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import type { Partition } from './TopicRegistry';

export function forgetBelowLogStart(partition: Partition, transactions: TransactionCoordinator): void {
  partition.producers.removeBelowLogStart(partition.log.logStartOffset);
  transactions.forgetBelowLogStart(partition);
}
