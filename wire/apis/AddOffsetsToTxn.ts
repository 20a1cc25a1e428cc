/**
 * AddOffsetsToTxn (key 25), versions 0-4, flexible from 3.
 *
 * Sent to the transaction coordinator before TxnOffsetCommit: adds the group's offsets partition
 * (__consumer_offsets for GroupId) to the transaction, so the commit becomes visible or is
 * discarded with the transaction's end. v2 allows PRODUCER_FENCED, v4 TRANSACTION_ABORTABLE.
 */
import { api, field, message } from '../schema';

export interface AddOffsetsToTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** The consumer group whose offsets will be committed in the transaction. */
  groupId: string;
}

export interface AddOffsetsToTxnResponse {
  throttleTimeMs: number;
  errorCode: number;
}

export const AddOffsetsToTxn = api(
  message('request', 'AddOffsetsToTxnRequest', 25, '0-4', '3+', [
    field('transactionalId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('groupId', 'string', '0+'),
  ]),
  message('response', 'AddOffsetsToTxnResponse', 25, '0-4', '3+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
  ]),
);
