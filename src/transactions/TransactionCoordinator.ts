/**
 * The transaction coordinator.
 * SKELETON: the interface is agreed; the implementation is being written.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import type { BrokerConfig } from '../config';
import type { OffsetStore } from '../groups/OffsetStore';
import type { ProducerIdManager } from '../producers/ProducerIdManager';
import type { Partition, TopicRegistry } from '../topics/TopicRegistry';

export interface TransactionDeps {
  config: BrokerConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  producerIds: ProducerIdManager;
  logger: Logger;
}

export interface ProducerIdAndEpoch {
  errorCode: ErrorCode;
  producerId: number;
  producerEpoch: number;
}

export class TransactionCoordinator {
  constructor(protected readonly deps: TransactionDeps) {}

  /** Restore transaction state (and finish or abort what was in flight) after a restart. */
  load(): void {}

  /**
   * InitProducerId for a transactional id: a new producer id or a bumped epoch for an existing
   * one, fencing older instances; an ongoing transaction of the old epoch is aborted first.
   */
  initProducerId(
    transactionalId: string,
    transactionTimeoutMs: number,
    producerId: number,
    producerEpoch: number,
  ): ProducerIdAndEpoch | Promise<ProducerIdAndEpoch> {
    void transactionalId, transactionTimeoutMs, producerId, producerEpoch;
    return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1, producerEpoch: -1 };
  }

  /**
   * Called by Produce after a transactional batch is appended, so the partition's last stable
   * offset stays below the open transaction until its marker is written.
   */
  onTransactionalAppend(partition: Partition, producerId: number, producerEpoch: number, baseOffset: number): void {
    void partition, producerId, producerEpoch, baseOffset;
  }

  /** Stop every timer (broker shutdown). */
  close(): void {}
}
