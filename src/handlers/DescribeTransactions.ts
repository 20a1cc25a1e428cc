/**
 * DescribeTransactions (0): the coordinator's state of each transactional id (KIP-664); ids this
 * node does not coordinate are answered NOT_COORDINATOR.
 */
import { DescribeTransactions, DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { ErrorCode } from '../../wire/errors';
import { coordinatesTransaction } from '../cluster/coordinators';
import type { TransactionDescription } from '../transactions/TransactionCoordinator';
import { defineHandler } from './types';

export default defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  api: DescribeTransactions,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      transactionStates: request.transactionalIds.map((id) =>
        coordinatesTransaction(ctx, id) ? ctx.broker.transactions.describe(id) : notCoordinator(id),
      ),
    };
  },
});

/** As Kafka's error entries: the id and the error, every other field at its default. */
function notCoordinator(transactionalId: string): TransactionDescription {
  return {
    errorCode: ErrorCode.NOT_COORDINATOR,
    transactionalId,
    transactionState: '',
    transactionTimeoutMs: 0,
    transactionStartTimeMs: -1,
    producerId: -1,
    producerEpoch: -1,
    topics: [],
  };
}
