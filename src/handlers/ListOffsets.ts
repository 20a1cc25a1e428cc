/** ListOffsets: earliest (−2), latest (−1), max timestamp (−3), earliest local (−4), by timestamp. */
import {
  ListOffsets,
  ListOffsetsPartition,
  ListOffsetsPartitionResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
} from '../../wire/apis/ListOffsets';
import { ErrorCode } from '../../wire/errors';
import { Partition } from '../topics/TopicRegistry';
import { defineHandler } from './types';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;
const EARLIEST_LOCAL = -4;
const LATEST_TIERED = -5;

export default defineHandler<ListOffsetsRequest, ListOffsetsResponse>({
  api: ListOffsets,
  minVersion: 0,
  maxVersion: 10,
  handle(request, ctx) {
    const topics = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const partition = ctx.broker.topics.partition(t.name, p.partitionIndex);
        if (!partition) return answer(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1, -1);
        if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch !== partition.leaderEpoch) {
          const code =
            p.currentLeaderEpoch > partition.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH;
          return answer(p.partitionIndex, code, -1, -1, -1);
        }
        const found = lookUp(partition, p);
        const result = answer(p.partitionIndex, ErrorCode.NONE, found.timestamp, found.offset, found.offset >= 0 ? partition.leaderEpoch : -1);
        // v0 answers with a list of offsets (at most maxNumOffsets of them).
        if (ctx.apiVersion === 0) result.oldStyleOffsets = found.offset >= 0 && p.maxNumOffsets > 0 ? [found.offset] : [];
        return result;
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});

function lookUp(partition: Partition, p: ListOffsetsPartition): { timestamp: number; offset: number } {
  const { log } = partition;
  switch (p.timestamp) {
    case LATEST:
      // No transactions yet: the last stable offset equals the high watermark for both isolation levels.
      return { timestamp: -1, offset: log.logEndOffset };
    case EARLIEST:
    case EARLIEST_LOCAL:
      return { timestamp: -1, offset: log.logStartOffset };
    case MAX_TIMESTAMP:
      return log.maxTimestamp() ?? { timestamp: -1, offset: -1 };
    case LATEST_TIERED:
      // No tiered storage: nothing is tiered.
      return { timestamp: -1, offset: -1 };
    default:
      return log.offsetForTimestamp(p.timestamp) ?? { timestamp: -1, offset: -1 };
  }
}

function answer(index: number, errorCode: ErrorCode, timestamp: number, offset: number, leaderEpoch: number): ListOffsetsPartitionResponse {
  return { partitionIndex: index, errorCode, oldStyleOffsets: [], timestamp, offset, leaderEpoch };
}
