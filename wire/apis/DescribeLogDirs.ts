/**
 * DescribeLogDirs (key 35), versions 0-4, flexible from 2.
 *
 * Sizes of partitions per log directory. Topics null = every partition in every directory; an empty
 * array = none (only the directories). v1 throttles after answering; v3 adds a top-level ErrorCode;
 * v4 adds each directory's TotalBytes and UsableBytes (-1 if unknown). Partitions that do not exist
 * are simply left out. IsFutureKey is for replicas being moved between directories (always false
 * here); OffsetLag is 0 on a single replica.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribableLogDirTopic {
  topic: string;
  partitions: number[];
}

export interface DescribeLogDirsRequest {
  /** Nullable: null = all topics. */
  topics: DescribableLogDirTopic[] | null;
}

export interface DescribeLogDirsPartition {
  partitionIndex: number;
  /** Size of the partition's log in bytes. */
  partitionSize: number;
  offsetLag: number;
  isFutureKey: boolean;
}

export interface DescribeLogDirsTopic {
  name: string;
  partitions: DescribeLogDirsPartition[];
}

export interface DescribeLogDirsResult {
  errorCode: number;
  /** Absolute path of the log directory. */
  logDir: string;
  topics: DescribeLogDirsTopic[];
  /** v4+, default -1. */
  totalBytes: number;
  /** v4+, default -1. */
  usableBytes: number;
}

export interface DescribeLogDirsResponse {
  throttleTimeMs: number;
  /** v3+. */
  errorCode: number;
  results: DescribeLogDirsResult[];
}

export const DescribeLogDirs = api(
  message('request', 'DescribeLogDirsRequest', 35, '0-4', '2+', [
    field(
      'topics',
      arrayOf([field('topic', 'string', '0+'), field('partitions', arrayOf('int32'), '0+')]),
      '0+',
      { nullable: '0+' },
    ),
  ]),
  message('response', 'DescribeLogDirsResponse', 35, '0-4', '2+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '3+'),
    field(
      'results',
      arrayOf([
        field('errorCode', 'int16', '0+'),
        field('logDir', 'string', '0+'),
        field(
          'topics',
          arrayOf([
            field('name', 'string', '0+'),
            field(
              'partitions',
              arrayOf([
                field('partitionIndex', 'int32', '0+'),
                field('partitionSize', 'int64', '0+'),
                field('offsetLag', 'int64', '0+'),
                field('isFutureKey', 'bool', '0+'),
              ]),
              '0+',
            ),
          ]),
          '0+',
        ),
        field('totalBytes', 'int64', '4+', { default: -1 }),
        field('usableBytes', 'int64', '4+', { default: -1 }),
      ]),
      '0+',
    ),
  ]),
);
