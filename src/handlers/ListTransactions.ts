/**
 * ListTransactions (0-1): the transactional ids the coordinator knows, filtered by state and
 * producer id, and from v1 by how long the transaction has been running (KIP-664, KIP-994). Each
 * node lists the ids it coordinates (admin clients ask every node and merge the lists).
 */
import { ListTransactions, ListTransactionsRequest, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { CoordinatorType } from '../cluster/ClusterView';
import { defineHandler } from './types';

export default defineHandler<ListTransactionsRequest, ListTransactionsResponse>({
  api: ListTransactions,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const durationMs = ctx.apiVersion >= 1 ? request.durationFilter : -1;
    const listing = ctx.broker.transactions.list(request.stateFilters, request.producerIdFilters, durationMs);
    const transactionStates = listing.transactionStates.filter((t) =>
      ctx.broker.cluster.coordinates(ctx.nodeId, CoordinatorType.Transaction, t.transactionalId),
    );
    return { throttleTimeMs: 0, ...listing, transactionStates };
  },
});
