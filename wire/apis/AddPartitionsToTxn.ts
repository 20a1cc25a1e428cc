/**
 * AddPartitionsToTxn (key 24), versions 0-5, flexible from 3.
 *
 * Clients use v0-3: one transaction per request, in the V3AndBelow* fields, answered per topic and
 * partition in ResultsByTopicV3AndBelow. v4+ is the broker-to-coordinator batched form (KIP-890):
 * several Transactions, each with its own id, producer, VerifyOnly flag (check that the partitions
 * are already in the transaction instead of adding them) and topics; the response gets a
 * top-level ErrorCode and ResultsByTransaction. v2 allows PRODUCER_FENCED, v5
 * TRANSACTION_ABORTABLE. Partitions that were not tried because another one failed get 55
 * OPERATION_NOT_ATTEMPTED.
 */
import { api, arrayOf, field, message } from '../schema';

/** Kafka's common struct AddPartitionsToTxnTopic, used by both request forms. */
export interface AddPartitionsToTxnTopic {
  name: string;
  /** Partition indexes to add. */
  partitions: number[];
}

export interface AddPartitionsToTxnTransaction {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** Default false: true = only check that the partitions are already in the transaction. */
  verifyOnly: boolean;
  topics: AddPartitionsToTxnTopic[];
}

export interface AddPartitionsToTxnRequest {
  /** v4+, the broker-to-broker batched form. */
  transactions: AddPartitionsToTxnTransaction[];
  /** v0-3. */
  v3AndBelowTransactionalId: string;
  /** v0-3. */
  v3AndBelowProducerId: number;
  /** v0-3. */
  v3AndBelowProducerEpoch: number;
  /** v0-3. */
  v3AndBelowTopics: AddPartitionsToTxnTopic[];
}

export interface AddPartitionsToTxnPartitionResult {
  partitionIndex: number;
  partitionErrorCode: number;
}

/** Kafka's common struct AddPartitionsToTxnTopicResult, used by both response forms. */
export interface AddPartitionsToTxnTopicResult {
  name: string;
  resultsByPartition: AddPartitionsToTxnPartitionResult[];
}

export interface AddPartitionsToTxnResult {
  transactionalId: string;
  topicResults: AddPartitionsToTxnTopicResult[];
}

export interface AddPartitionsToTxnResponse {
  throttleTimeMs: number;
  /** v4+, top-level error. */
  errorCode: number;
  /** v4+. */
  resultsByTransaction: AddPartitionsToTxnResult[];
  /** v0-3. */
  resultsByTopicV3AndBelow: AddPartitionsToTxnTopicResult[];
}

// Kafka's commonStructs: one definition (versions "0+") used by the fields of both forms.
const addPartitionsToTxnTopic = () =>
  arrayOf([
    field('name', 'string', '0+'),
    field('partitions', arrayOf('int32'), '0+'),
  ]);

const addPartitionsToTxnTopicResult = () =>
  arrayOf([
    field('name', 'string', '0+'),
    field(
      'resultsByPartition',
      arrayOf([
        field('partitionIndex', 'int32', '0+'),
        field('partitionErrorCode', 'int16', '0+'),
      ]),
      '0+',
    ),
  ]);

export const AddPartitionsToTxn = api(
  message('request', 'AddPartitionsToTxnRequest', 24, '0-5', '3+', [
    field(
      'transactions',
      arrayOf([
        field('transactionalId', 'string', '4+'),
        field('producerId', 'int64', '4+'),
        field('producerEpoch', 'int16', '4+'),
        field('verifyOnly', 'bool', '4+', { default: false }),
        field('topics', addPartitionsToTxnTopic(), '4+'),
      ]),
      '4+',
    ),
    field('v3AndBelowTransactionalId', 'string', '0-3'),
    field('v3AndBelowProducerId', 'int64', '0-3'),
    field('v3AndBelowProducerEpoch', 'int16', '0-3'),
    field('v3AndBelowTopics', addPartitionsToTxnTopic(), '0-3'),
  ]),
  message('response', 'AddPartitionsToTxnResponse', 24, '0-5', '3+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '4+'),
    field(
      'resultsByTransaction',
      arrayOf([
        field('transactionalId', 'string', '4+'),
        field('topicResults', addPartitionsToTxnTopicResult(), '4+'),
      ]),
      '4+',
    ),
    field('resultsByTopicV3AndBelow', addPartitionsToTxnTopicResult(), '0-3'),
  ]),
);
