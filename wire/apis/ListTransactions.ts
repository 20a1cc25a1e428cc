/**
 * ListTransactions (key 66), versions 0-1, flexible from 0 (KIP-664).
 *
 * The transactional ids a coordinator knows, filtered by state and producer id (empty filters
 * match everything). v1 adds DurationFilter (KIP-994): only transactions running longer than
 * that many ms; negative (default -1) = no filter. State filters the coordinator does not know are
 * echoed back in UnknownStateFilters.
 */
import { api, arrayOf, field, message } from '../schema';

export interface ListTransactionsRequest {
  /** Empty = all states. */
  stateFilters: string[];
  /** Empty = all producer ids. */
  producerIdFilters: number[];
  /** v1+, default -1 (no filter). */
  durationFilter: number;
}

export interface ListTransactionsTransactionState {
  transactionalId: string;
  producerId: number;
  transactionState: string;
}

export interface ListTransactionsResponse {
  throttleTimeMs: number;
  errorCode: number;
  unknownStateFilters: string[];
  transactionStates: ListTransactionsTransactionState[];
}

export const ListTransactions = api(
  message('request', 'ListTransactionsRequest', 66, '0-1', '0+', [
    field('stateFilters', arrayOf('string'), '0+'),
    field('producerIdFilters', arrayOf('int64'), '0+'),
    field('durationFilter', 'int64', '1+', { default: -1 }),
  ]),
  message('response', 'ListTransactionsResponse', 66, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('unknownStateFilters', arrayOf('string'), '0+'),
    field(
      'transactionStates',
      arrayOf([
        field('transactionalId', 'string', '0+'),
        field('producerId', 'int64', '0+'),
        field('transactionState', 'string', '0+'),
      ]),
      '0+',
    ),
  ]),
);
