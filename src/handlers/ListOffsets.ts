/**
 * ListOffsets: earliest (−2), latest (−1), max timestamp (−3), earliest local (−4), by timestamp.
 * With read_committed (v2+), latest is the last stable offset, and a timestamp lookup only finds
 * offsets below it (Kafka's lastFetchableOffset); read_uncommitted uses the high watermark.
 * Only the partition's leader answers clients (others: NOT_LEADER_OR_FOLLOWER, after the leader
 * epoch check, as Kafka); the debugging replica id (−2) may ask any replica.
 */
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

const READ_COMMITTED = 1;
/** Kafka's ListOffsetsRequest.DEBUGGING_REPLICA_ID: may read from a follower. */
const DEBUGGING_REPLICA_ID = -2;

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
        if (request.replicaId !== DEBUGGING_REPLICA_ID && !ctx.broker.cluster.leads(ctx.nodeId, partition)) {
          return answer(p.partitionIndex, ErrorCode.NOT_LEADER_OR_FOLLOWER, -1, -1, -1);
        }
        const readCommitted = ctx.apiVersion >= 2 && request.isolationLevel === READ_COMMITTED;
        const lastFetchable = readCommitted ? ctx.broker.transactions.lastStableOffset(partition) : partition.log.logEndOffset;
        const found = lookUp(partition, p, lastFetchable);
        const result = answer(p.partitionIndex, ErrorCode.NONE, found.timestamp, found.offset, found.offset >= 0 ? partition.leaderEpoch : -1);
        // v0 answers with a list of offsets (at most maxNumOffsets of them).
        if (ctx.apiVersion === 0) result.oldStyleOffsets = found.offset >= 0 && p.maxNumOffsets > 0 ? [found.offset] : [];
        return result;
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});

/** lastFetchable: the last stable offset for read_committed, else the high watermark. */
function lookUp(partition: Partition, p: ListOffsetsPartition, lastFetchable: number): { timestamp: number; offset: number } {
  const { log } = partition;
  const fetchable = (found: { timestamp: number; offset: number } | null) =>
    found !== null && found.offset < lastFetchable ? found : { timestamp: -1, offset: -1 };
  switch (p.timestamp) {
    case LATEST:
      return { timestamp: -1, offset: lastFetchable };
    case EARLIEST:
    case EARLIEST_LOCAL:
      return { timestamp: -1, offset: log.logStartOffset };
    case MAX_TIMESTAMP:
      return fetchable(log.maxTimestamp());
    case LATEST_TIERED:
      // No tiered storage: nothing is tiered.
      return { timestamp: -1, offset: -1 };
    default:
      return fetchable(log.offsetForTimestamp(p.timestamp));
  }
}

function answer(index: number, errorCode: ErrorCode, timestamp: number, offset: number, leaderEpoch: number): ListOffsetsPartitionResponse {
  return { partitionIndex: index, errorCode, oldStyleOffsets: [], timestamp, offset, leaderEpoch };
}
