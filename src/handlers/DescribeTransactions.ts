/**
 * DescribeTransactions (0): the coordinator's state of each transactional id (KIP-664); ids this
 * node does not coordinate are answered NOT_COORDINATOR.
 */
import { DescribeTransactions, DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { ErrorCode } from '../../wire/errors';
import { coordinatesTransaction } from '../cluster/coordinators';
import { transactionDescriptionOf } from '../transactions/TransactionCoordinator';
import { defineHandler } from './types';

export default defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  api: DescribeTransactions,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      transactionStates: request.transactionalIds.map((id) =>
        coordinatesTransaction(ctx, id) ? ctx.broker.transactions.describe(id) : transactionDescriptionOf(id, ErrorCode.NOT_COORDINATOR),
      ),
    };
  },
});
