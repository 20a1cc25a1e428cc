/**
 * EndTxn (0-4): commit or abort the producer's transaction. The markers are written to every
 * partition of the transaction before the answer. PRODUCER_FENCED is INVALID_PRODUCER_EPOCH
 * before v2. v5 (KIP-890 part 2, unstable in Kafka: an epoch bump at every transaction end) is not
 * offered. A node that does not coordinate the transactional id answers NOT_COORDINATOR.
 */
import { EndTxn, EndTxnRequest, EndTxnResponse } from '../../wire/apis/EndTxn';
import { ErrorCode } from '../../wire/errors';
import { coordinatesTransaction } from '../cluster/coordinators';
import { defineHandler } from './types';

export default defineHandler<EndTxnRequest, EndTxnResponse>({
  api: EndTxn,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { transactionalId, producerId, producerEpoch, committed } = request;
    if (!coordinatesTransaction(ctx, transactionalId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, producerId: -1, producerEpoch: -1 };
    }
    let errorCode = ctx.broker.transactions.endTransaction(transactionalId, producerId, producerEpoch, committed);
    if (ctx.apiVersion < 2 && errorCode === ErrorCode.PRODUCER_FENCED) errorCode = ErrorCode.INVALID_PRODUCER_EPOCH;
    return { throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 };
  },
});
