/**
 * DescribeProducers (key 61), version 0, flexible from 0 (KIP-664).
 *
 * The producer state of each partition, as kept by its leader: every active producer id with its
 * epoch, last sequence, last write time, coordinator epoch and the first offset of its open
 * transaction (-1 if none). Used by `kafka-transactions.sh describe-producers` to find hanging
 * transactions. Note ProducerEpoch is int32 here, unlike everywhere else.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeProducersRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface DescribeProducersRequest {
  topics: DescribeProducersRequestTopic[];
}

export interface DescribeProducersProducerState {
  producerId: number;
  /** int32 on the wire. */
  producerEpoch: number;
  /** Default -1. */
  lastSequence: number;
  /** Default -1. */
  lastTimestamp: number;
  coordinatorEpoch: number;
  /** Default -1: no open transaction. */
  currentTxnStartOffset: number;
}

export interface DescribeProducersResponsePartition {
  partitionIndex: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  activeProducers: DescribeProducersProducerState[];
}

export interface DescribeProducersResponseTopic {
  name: string;
  partitions: DescribeProducersResponsePartition[];
}

export interface DescribeProducersResponse {
  throttleTimeMs: number;
  topics: DescribeProducersResponseTopic[];
}

export const DescribeProducers = api(
  message('request', 'DescribeProducersRequest', 61, '0', '0+', [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field('partitionIndexes', arrayOf('int32'), '0+'),
      ]),
      '0+',
    ),
  ]),
  message('response', 'DescribeProducersResponse', 61, '0', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
            field(
              'activeProducers',
              arrayOf([
                field('producerId', 'int64', '0+'),
                field('producerEpoch', 'int32', '0+'),
                field('lastSequence', 'int32', '0+', { default: -1 }),
                field('lastTimestamp', 'int64', '0+', { default: -1 }),
                field('coordinatorEpoch', 'int32', '0+'),
                field('currentTxnStartOffset', 'int64', '0+', { default: -1 }),
              ]),
              '0+',
            ),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
