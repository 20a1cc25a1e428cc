/**
 * DescribeTransactions (key 65), version 0, flexible from 0 (KIP-664).
 *
 * The coordinator's view of each transactional id: state ("Empty", "Ongoing", "PrepareCommit",
 * "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"), timeout, start
 * time (-1 if no transaction is open), producer id and epoch, and the partitions in the current
 * transaction (while preparing to end, only those still without a marker). An empty request
 * returns no results. Unknown ids get 105 TRANSACTIONAL_ID_NOT_FOUND.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeTransactionsRequest {
  transactionalIds: string[];
}

export interface DescribeTransactionsTopicData {
  topic: string;
  partitions: number[];
}

export interface DescribeTransactionsTransactionState {
  errorCode: number;
  transactionalId: string;
  transactionState: string;
  transactionTimeoutMs: number;
  transactionStartTimeMs: number;
  producerId: number;
  producerEpoch: number;
  topics: DescribeTransactionsTopicData[];
}

export interface DescribeTransactionsResponse {
  throttleTimeMs: number;
  transactionStates: DescribeTransactionsTransactionState[];
}

export const DescribeTransactions = api(
  message('request', 'DescribeTransactionsRequest', 65, '0', '0+', [
    field('transactionalIds', arrayOf('string'), '0+'),
  ]),
  message('response', 'DescribeTransactionsResponse', 65, '0', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'transactionStates',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('transactionalId', 'string', '0+'),
        field('transactionState', 'string', '0+'),
        field('transactionTimeoutMs', 'int32', '0+'),
        field('transactionStartTimeMs', 'int64', '0+'),
        field('producerId', 'int64', '0+'),
        field('producerEpoch', 'int16', '0+'),
        field(
          'topics',
          arrayOf([
            field('topic', 'string', '0+'),
            field('partitions', arrayOf('int32'), '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
