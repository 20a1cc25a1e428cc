/**
 * ListTransactions (0-1): the transactional ids the coordinator knows, filtered by state and
 * producer id, and from v1 by how long the transaction has been running (KIP-664, KIP-994).
 */
import { ListTransactions, ListTransactionsRequest, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { defineHandler } from './types';

export default defineHandler<ListTransactionsRequest, ListTransactionsResponse>({
  api: ListTransactions,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const durationMs = ctx.apiVersion >= 1 ? request.durationFilter : -1;
    return { throttleTimeMs: 0, ...ctx.broker.transactions.list(request.stateFilters, request.producerIdFilters, durationMs) };
  },
});
