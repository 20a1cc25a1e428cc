/**
 * OffsetFetch: a group's committed offsets, as Kafka's OffsetMetadataManager.fetchOffsets and
 * fetchAllOffsets answer them.
 *
 * v0-7 ask about one group, v8+ about several (each answered on its own). A partition with
 * nothing committed, of a known or unknown topic, in a known or unknown group, is offset −1,
 * leader epoch −1, metadata "" and no error: Kafka never errors here for a group it coordinates.
 * Topics null (v2+) means every committed partition of the group. With requireStable (v7+), a
 * partition whose offset an open transaction has committed answers UNSTABLE_OFFSET_COMMIT (KIP-447),
 * so the consumer retries instead of starting from an offset that is about to change.
 * A node that does not coordinate the group answers NOT_COORDINATOR: per group from v8, at the
 * top level for v2-7, and (having no top-level error) for each partition asked about in v0-1.
 * v9 carries a KIP-848 member's id and epoch: for a consumer group they must be current
 * (UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH for the group); null and -1 (the admin client) pass.
 */
import {
  OffsetFetch,
  OffsetFetchRequest,
  OffsetFetchResponse,
  OffsetFetchResponsePartitions,
  OffsetFetchResponseTopics,
} from '../../wire/apis/OffsetFetch';
import { ErrorCode } from '../../wire/errors';
import { coordinatesGroup } from '../cluster/coordinators';
import type { OffsetStore } from '../groups/OffsetStore';
import { defineHandler } from './types';

export default defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  api: OffsetFetch,
  minVersion: 0,
  maxVersion: 9,
  handle(request, ctx) {
    const { offsets } = ctx.broker;
    const fetch = (groupId: string, topics: Wanted) => fetchGroup(offsets, groupId, topics, request.requireStable);
    if (ctx.apiVersion >= 8) {
      const groups = request.groups.map((g) => {
        if (!coordinatesGroup(ctx, g.groupId)) return { groupId: g.groupId, topics: [], errorCode: ErrorCode.NOT_COORDINATOR };
        // v9: a KIP-848 member names itself and its epoch (Kafka's ConsumerGroup.validateOffsetFetch).
        const memberError = ctx.apiVersion >= 9 ? ctx.broker.consumerGroups.validateOffsetFetch(g.groupId, g.memberId, g.memberEpoch) : ErrorCode.NONE;
        if (memberError !== ErrorCode.NONE) return { groupId: g.groupId, topics: [], errorCode: memberError };
        return { groupId: g.groupId, topics: fetch(g.groupId, g.topics), errorCode: ErrorCode.NONE };
      });
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    if (!coordinatesGroup(ctx, request.groupId)) {
      const topics = ctx.apiVersion >= 2 ? [] : everyPartition(request.topics, ErrorCode.NOT_COORDINATOR);
      return { throttleTimeMs: 0, topics, errorCode: ErrorCode.NOT_COORDINATOR, groups: [] };
    }
    return { throttleTimeMs: 0, topics: fetch(request.groupId, request.topics), errorCode: ErrorCode.NONE, groups: [] };
  },
});

type Wanted = ReadonlyArray<{ name: string; partitionIndexes: number[] }> | null;

function fetchGroup(offsets: OffsetStore, groupId: string, wanted: Wanted, requireStable: boolean): OffsetFetchResponseTopics[] {
  const answer = (topic: string, partition: number, committed: Committed | undefined) =>
    requireStable && offsets.hasPendingTxnOffset(groupId, topic, partition)
      ? partitionAnswer(partition, undefined, ErrorCode.UNSTABLE_OFFSET_COMMIT)
      : partitionAnswer(partition, committed);
  if (wanted === null) {
    const byTopic = new Map<string, OffsetFetchResponsePartitions[]>();
    for (const c of offsets.offsetsOf(groupId)) {
      let partitions = byTopic.get(c.topic);
      if (!partitions) byTopic.set(c.topic, (partitions = []));
      partitions.push(answer(c.topic, c.partition, c));
    }
    return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  }
  return wanted.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((p) => answer(t.name, p, offsets.fetch(groupId, t.name, p))),
  }));
}

/** Each partition asked about, answered with the same error. */
function everyPartition(wanted: Wanted, errorCode: ErrorCode): OffsetFetchResponseTopics[] {
  return (wanted ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => partitionAnswer(p, undefined, errorCode)) }));
}

type Committed = { offset: number; leaderEpoch: number; metadata: string | null };

function partitionAnswer(partitionIndex: number, committed: Committed | undefined, errorCode = ErrorCode.NONE): OffsetFetchResponsePartitions {
  return {
    partitionIndex,
    committedOffset: committed?.offset ?? -1,
    committedLeaderEpoch: committed?.leaderEpoch ?? -1,
    metadata: committed ? (committed.metadata ?? '') : '',
    errorCode,
  };
}
