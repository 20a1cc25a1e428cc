/**
 * AddOffsetsToTxn (0-4): adds a group's offsets (Kafka: its __consumer_offsets partition) to the
 * producer's transaction, so a following TxnOffsetCommit is committed or dropped with it.
 * PRODUCER_FENCED is INVALID_PRODUCER_EPOCH before v2. It goes to the transaction's coordinator:
 * another node answers NOT_COORDINATOR.
 */
import { AddOffsetsToTxn, AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../wire/apis/AddOffsetsToTxn';
import { ErrorCode } from '../../wire/errors';
import { coordinatesTransaction } from '../cluster/coordinators';
import { defineHandler } from './types';

export default defineHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  api: AddOffsetsToTxn,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { transactionalId, producerId, producerEpoch, groupId } = request;
    if (!coordinatesTransaction(ctx, transactionalId)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    let errorCode = ctx.broker.transactions.addToTransaction(transactionalId, producerId, producerEpoch, [], [groupId]);
    if (ctx.apiVersion < 2 && errorCode === ErrorCode.PRODUCER_FENCED) errorCode = ErrorCode.INVALID_PRODUCER_EPOCH;
    return { throttleTimeMs: 0, errorCode };
  },
});
