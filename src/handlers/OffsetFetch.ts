/**
 * OffsetFetch: a group's committed offsets, as Kafka's OffsetMetadataManager.fetchOffsets and
 * fetchAllOffsets answer them.
 *
 * v0-7 ask about one group, v8+ about several (each answered on its own). A partition with
 * nothing committed, of a known or unknown topic, in a known or unknown group, is offset −1,
 * leader epoch −1, metadata "" and no error: Kafka never errors here for a group it coordinates.
 * Topics null (v2+) means every committed partition of the group. requireStable (v7+) needs no
 * work: without transactional commits no offset is ever pending.
 */
import {
  OffsetFetch,
  OffsetFetchRequest,
  OffsetFetchResponse,
  OffsetFetchResponsePartitions,
  OffsetFetchResponseTopics,
} from '../../wire/apis/OffsetFetch';
import { ErrorCode } from '../../wire/errors';
import type { OffsetStore } from '../groups/OffsetStore';
import { defineHandler } from './types';

export default defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  api: OffsetFetch,
  minVersion: 0,
  maxVersion: 9,
  handle(request, ctx) {
    const { offsets } = ctx.broker;
    if (ctx.apiVersion >= 8) {
      const groups = request.groups.map((g) => ({ groupId: g.groupId, topics: fetchGroup(offsets, g.groupId, g.topics), errorCode: ErrorCode.NONE }));
      return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NONE, groups };
    }
    return { throttleTimeMs: 0, topics: fetchGroup(offsets, request.groupId, request.topics), errorCode: ErrorCode.NONE, groups: [] };
  },
});

type Wanted = ReadonlyArray<{ name: string; partitionIndexes: number[] }> | null;

function fetchGroup(offsets: OffsetStore, groupId: string, wanted: Wanted): OffsetFetchResponseTopics[] {
  if (wanted === null) {
    const byTopic = new Map<string, OffsetFetchResponsePartitions[]>();
    for (const c of offsets.offsetsOf(groupId)) {
      let partitions = byTopic.get(c.topic);
      if (!partitions) byTopic.set(c.topic, (partitions = []));
      partitions.push(partitionAnswer(c.partition, c));
    }
    return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  }
  return wanted.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((p) => partitionAnswer(p, offsets.fetch(groupId, t.name, p))),
  }));
}

function partitionAnswer(
  partitionIndex: number,
  committed: { offset: number; leaderEpoch: number; metadata: string | null } | undefined,
): OffsetFetchResponsePartitions {
  return {
    partitionIndex,
    committedOffset: committed?.offset ?? -1,
    committedLeaderEpoch: committed?.leaderEpoch ?? -1,
    metadata: committed ? (committed.metadata ?? '') : '',
    errorCode: ErrorCode.NONE,
  };
}
