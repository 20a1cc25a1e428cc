/** DescribeTransactions (0): the coordinator's state of each transactional id (KIP-664). */
import { DescribeTransactions, DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { defineHandler } from './types';

export default defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  api: DescribeTransactions,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      transactionStates: request.transactionalIds.map((id) => ctx.broker.transactions.describe(id)),
    };
  },
});
