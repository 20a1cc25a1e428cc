/**
 * DeleteRecords (v0-2): move partitions' log start offsets forward, as Kafka's
 * ReplicaManager.deleteRecordsOnLocalLog and Partition.deleteRecordsOnLeader do. Offset −1 means
 * the high watermark; any other negative offset, or one above the high watermark, is
 * OFFSET_OUT_OF_RANGE. Topics whose cleanup.policy lacks `delete` refuse with POLICY_VIOLATION.
 * The start never moves backwards: the answer's lowWatermark is the log start offset afterwards.
 * Only the partition's leader answers; another node says NOT_LEADER_OR_FOLLOWER.
 */
import {
  DeleteRecords,
  DeleteRecordsPartition,
  DeleteRecordsPartitionResult,
  DeleteRecordsRequest,
  DeleteRecordsResponse,
} from '../../wire/apis/DeleteRecords';
import { ErrorCode } from '../../wire/errors';
import { forgetBelowLogStart } from '../topics/logStartMoved';
import { defineHandler, RequestContext } from './types';

/** The offset that stands for "up to the high watermark". */
const HIGH_WATERMARK = -1;

export default defineHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  api: DeleteRecords,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    const topics = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => deleteRecords(ctx, t.name, p)),
    }));
    return { throttleTimeMs: 0, topics };
  },
});

function deleteRecords(ctx: RequestContext, topic: string, request: DeleteRecordsPartition): DeleteRecordsPartitionResult {
  const { broker } = ctx;
  const failed = (errorCode: ErrorCode) => ({ partitionIndex: request.partitionIndex, lowWatermark: -1, errorCode });
  const partition = broker.topics.partition(topic, request.partitionIndex);
  if (!partition) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!broker.cluster.leads(ctx.nodeId, partition)) return failed(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const { log } = partition;
  const highWatermark = log.logEndOffset;
  const offset = request.offset === HIGH_WATERMARK ? highWatermark : request.offset;
  if (offset < 0) return failed(ErrorCode.OFFSET_OUT_OF_RANGE);
  if (!partition.topic.settings.deleteEnabled) return failed(ErrorCode.POLICY_VIOLATION);
  if (offset > highWatermark) return failed(ErrorCode.OFFSET_OUT_OF_RANGE);

  const before = log.logStartOffset;
  const lowWatermark = log.advanceLogStart(offset);
  if (lowWatermark > before) {
    forgetBelowLogStart(partition, broker.transactions);
    broker.logger.info({ topic, partition: request.partitionIndex, logStartOffset: lowWatermark }, 'deleted records below the new log start offset');
  }
  return { partitionIndex: request.partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
}
