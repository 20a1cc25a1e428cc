/**
 * OffsetForLeaderEpoch: the end offset of a leader epoch, with Kafka's rules (KIP-101/320). The
 * current epoch ends at the log end offset; an older one ends where the next known epoch began
 * (epochs begin at 0 when the broker opens the partition); an epoch beyond the current one, or
 * below 0, is unknown: −1/−1. Only the leader answers, and a client's stale or future current
 * epoch is fenced as Fetch does. Consumers (librdkafka, the Java client) call this after a leader
 * change to check their position was not truncated.
 */
import {
  EpochEndOffset,
  OffsetForLeaderEpoch,
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
  OffsetForLeaderPartition,
} from '../../wire/apis/OffsetForLeaderEpoch';
import { ErrorCode } from '../../wire/errors';
import type { Partition } from '../topics/TopicRegistry';
import { RequestContext, defineHandler } from './types';

const UNDEFINED = -1;

export default defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  api: OffsetForLeaderEpoch,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const topics = request.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => endOffset(ctx, t.topic, p)),
    }));
    return { throttleTimeMs: 0, topics };
  },
});

function endOffset(ctx: RequestContext, topic: string, request: OffsetForLeaderPartition): EpochEndOffset {
  const answer = (errorCode: ErrorCode, leaderEpoch = UNDEFINED, offset = UNDEFINED): EpochEndOffset => ({
    errorCode,
    partition: request.partition,
    leaderEpoch,
    endOffset: offset,
  });
  const partition = ctx.broker.topics.partition(topic, request.partition);
  if (!partition) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (request.currentLeaderEpoch >= 0 && request.currentLeaderEpoch !== partition.leaderEpoch) {
    return answer(request.currentLeaderEpoch < partition.leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH);
  }
  if (!ctx.broker.cluster.leads(ctx.nodeId, partition)) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const found = epochEnd(partition, request.leaderEpoch);
  return found ? answer(ErrorCode.NONE, found.epoch, found.endOffset) : answer(ErrorCode.NONE);
}

/** The largest known epoch <= the one asked for and where it ended, or null when unknown. */
function epochEnd(partition: Partition, requested: number): { epoch: number; endOffset: number } | null {
  const current = partition.leaderEpoch;
  if (requested === current) return { epoch: current, endOffset: partition.log.logEndOffset };
  if (requested < 0 || requested > current) return null;
  const known = [0, ...partition.epochStartOffsets.keys()].sort((a, b) => a - b);
  const epoch = known.filter((e) => e <= requested).pop()!;
  const next = known.find((e) => e > requested)!; // exists: current > requested is known
  return { epoch, endOffset: partition.epochStartOffsets.get(next)! };
}
