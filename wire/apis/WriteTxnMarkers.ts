/**
 * WriteTxnMarkers (key 27), versions 0-1, flexible from 1.
 *
 * Coordinator to partition leader (broker to broker): write the COMMIT (TransactionResult = true)
 * or ABORT (false) control batch for a producer to each listed partition, stamped with the
 * coordinator epoch (see controlRecords.ts). Answered per producer, topic and partition.
 */
import { api, arrayOf, field, message } from '../schema';

export interface WritableTxnMarkerTopic {
  name: string;
  partitionIndexes: number[];
}

export interface WritableTxnMarker {
  producerId: number;
  producerEpoch: number;
  /** false = ABORT, true = COMMIT. */
  transactionResult: boolean;
  topics: WritableTxnMarkerTopic[];
  /** Epoch of the transaction state partition at the coordinator, written into the marker. */
  coordinatorEpoch: number;
}

export interface WriteTxnMarkersRequest {
  markers: WritableTxnMarker[];
}

export interface WritableTxnMarkerPartitionResult {
  partitionIndex: number;
  errorCode: number;
}

export interface WritableTxnMarkerTopicResult {
  name: string;
  partitions: WritableTxnMarkerPartitionResult[];
}

export interface WritableTxnMarkerResult {
  producerId: number;
  topics: WritableTxnMarkerTopicResult[];
}

export interface WriteTxnMarkersResponse {
  markers: WritableTxnMarkerResult[];
}

export const WriteTxnMarkers = api(
  message('request', 'WriteTxnMarkersRequest', 27, '0-1', '1+', [
    field(
      'markers',
      arrayOf([
        field('producerId', 'int64', '0+'),
        field('producerEpoch', 'int16', '0+'),
        field('transactionResult', 'bool', '0+'),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '0+'),
            field('partitionIndexes', arrayOf('int32'), '0+'),
          ]),
          '0+',
        ),
        field('coordinatorEpoch', 'int32', '0+'),
      ]),
      '0+',
    ),
  ]),
  message('response', 'WriteTxnMarkersResponse', 27, '0-1', '1+', [
    field(
      'markers',
      arrayOf([
        field('producerId', 'int64', '0+'),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '0+'),
            field(
              'partitions',
              arrayOf([
                field('partitionIndex', 'int32', '0+'),
                field('errorCode', 'int16', '0+'),
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
