/**
 * InitProducerId (key 22), versions 0-5, flexible from 2.
 *
 * Gives an idempotent producer (TransactionalId null) a fresh producer id with epoch 0, or a
 * transactional producer the id bound to its TransactionalId with the epoch bumped (fencing older
 * instances and aborting their open transaction). v3 adds ProducerId/ProducerEpoch to the request
 * (KIP-360): a producer that knows its current id and epoch may ask for a bump instead of a new id
 * after INVALID_PRODUCER_EPOCH; -1/-1 means "none". v4 allows 90 PRODUCER_FENCED, v5
 * TRANSACTION_ABORTABLE (KIP-890). The response layout is the same in every version.
 */
import { api, field, message } from '../schema';

export interface InitProducerIdRequest {
  /** Nullable: null for an idempotent, non-transactional producer. */
  transactionalId: string | null;
  /** Idle transactions are aborted after this long; only meaningful with a TransactionalId. */
  transactionTimeoutMs: number;
  /** v3+, default -1: the producer's current id, to bump its epoch rather than get a new id. */
  producerId: number;
  /** v3+, default -1: the producer's current epoch, checked against the broker's. */
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Default -1. */
  producerId: number;
  producerEpoch: number;
}

export const InitProducerId = api(
  message('request', 'InitProducerIdRequest', 22, '0-5', '2+', [
    field('transactionalId', 'string', '0+', { nullable: '0+' }),
    field('transactionTimeoutMs', 'int32', '0+'),
    field('producerId', 'int64', '3+', { default: -1 }),
    field('producerEpoch', 'int16', '3+', { default: -1 }),
  ]),
  message('response', 'InitProducerIdResponse', 22, '0-5', '2+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '0+', { default: -1 }),
    field('producerEpoch', 'int16', '0+'),
  ]),
);
