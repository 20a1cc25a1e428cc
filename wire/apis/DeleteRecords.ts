/**
 * DeleteRecords (key 21), versions 0-2, flexible from 2.
 *
 * Moves each partition's log start offset up to Offset (-1 = the high watermark); the answer is the
 * new LowWatermark (log start offset). An offset above the high watermark is 1 OFFSET_OUT_OF_RANGE.
 * v1 throttles after answering.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DeleteRecordsPartition {
  partitionIndex: number;
  /** Delete records before this offset; -1 = up to the high watermark. */
  offset: number;
}

export interface DeleteRecordsTopic {
  name: string;
  partitions: DeleteRecordsPartition[];
}

export interface DeleteRecordsRequest {
  topics: DeleteRecordsTopic[];
  timeoutMs: number;
}

export interface DeleteRecordsPartitionResult {
  partitionIndex: number;
  /** The partition's new log start offset. */
  lowWatermark: number;
  errorCode: number;
}

export interface DeleteRecordsTopicResult {
  name: string;
  partitions: DeleteRecordsPartitionResult[];
}

export interface DeleteRecordsResponse {
  throttleTimeMs: number;
  topics: DeleteRecordsTopicResult[];
}

export const DeleteRecords = api(
  message('request', 'DeleteRecordsRequest', 21, '0-2', '2+', [
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([field('partitionIndex', 'int32', '0+'), field('offset', 'int64', '0+')]),
          '0+',
        ),
      ]),
      '0+',
    ),
    field('timeoutMs', 'int32', '0+'),
  ]),
  message('response', 'DeleteRecordsResponse', 21, '0-2', '2+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'topics',
      arrayOf([
        field('name', 'string', '0+'),
        field(
          'partitions',
          arrayOf([
            field('partitionIndex', 'int32', '0+'),
            field('lowWatermark', 'int64', '0+'),
            field('errorCode', 'int16', '0+'),
          ]),
          '0+',
        ),
      ]),
      '0+',
    ),
  ]),
);
