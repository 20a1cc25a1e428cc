/**
 * EndTxn (key 26), versions 0-5, flexible from 3.
 *
 * Commits (Committed = true) or aborts a transaction: the coordinator writes COMMIT or ABORT
 * control batches to every partition of the transaction (see controlRecords.ts) and completes the
 * pending offset commits. v2 allows PRODUCER_FENCED, v4 TRANSACTION_ABORTABLE. v5 (KIP-890 part
 * 2; Kafka marks it unstable) bumps the epoch on every transaction end, so the response carries
 * the ProducerId and ProducerEpoch the producer must use next (both default -1).
 */
import { api, field, message } from '../schema';

export interface EndTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** true = commit, false = abort. */
  committed: boolean;
}

export interface EndTxnResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** v5+, default -1: the producer id to use for the next transaction. */
  producerId: number;
  /** v5+, default -1: the (bumped) epoch to use for the next transaction. */
  producerEpoch: number;
}

export const EndTxn = api(
  message('request', 'EndTxnRequest', 26, '0-5', '3+', [
    field('transactionalId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('committed', 'bool', '0+'),
  ]),
  message('response', 'EndTxnResponse', 26, '0-5', '3+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '5+', { default: -1 }),
    field('producerEpoch', 'int16', '5+', { default: -1 }),
  ]),
);
