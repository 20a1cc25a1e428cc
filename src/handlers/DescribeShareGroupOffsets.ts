/**
 * DescribeShareGroupOffsets (90), v0-1: per share-partition of a share group its start offset
 * (the first offset the group is not done with) and, from v1, its lag. Topics null means every
 * share-partition the group has state for. A partition without state answers start offset −1 (and
 * lag −1); an unknown topic UNKNOWN_TOPIC_OR_PARTITION per partition. An unknown group is
 * GROUP_ID_NOT_FOUND, a classic or consumer group's id GROUP_ID_NOT_FOUND "Group X is not a share group.".
 */
import {
  DescribeShareGroupOffsets,
  DescribeShareGroupOffsetsRequest,
  DescribeShareGroupOffsetsResponse,
  DescribeShareGroupOffsetsResponseGroup,
  DescribeShareGroupOffsetsResponsePartition,
} from '../../wire/apis/DescribeShareGroupOffsets';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { checkShareGroup } from '../share/shareGroupAdmin';
import type { ShareStartOffset } from '../share/contracts';
import { BrokerState, defineHandler } from './types';

export default defineHandler<DescribeShareGroupOffsetsRequest, DescribeShareGroupOffsetsResponse>({
  api: DescribeShareGroupOffsets,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const { broker } = ctx;
    const groups = request.groups.map((g): DescribeShareGroupOffsetsResponseGroup => {
      const check = checkShareGroup(ctx, g.groupId);
      if (check.errorCode === ErrorCode.NONE && !check.exists) {
        return { groupId: g.groupId, topics: [], errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${g.groupId} not found.` };
      }
      if (check.errorCode !== ErrorCode.NONE) return { groupId: g.groupId, topics: [], errorCode: check.errorCode, errorMessage: check.errorMessage };
      const offsets = broker.sharePartitions.startOffsets(g.groupId);
      const wanted = g.topics ?? topicsWithState(offsets);
      return {
        groupId: g.groupId,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        topics: wanted.map((t) => {
          const topic = broker.topics.get(t.topicName);
          return {
            topicName: t.topicName,
            topicId: topic?.id ?? ZERO_UUID,
            partitions: t.partitions.map((p) => describePartition(broker, offsets, t.topicName, p)),
          };
        }),
      };
    });
    return { throttleTimeMs: 0, groups };
  },
});

function topicsWithState(offsets: ShareStartOffset[]): { topicName: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const s of offsets) topics.set(s.topic, [...(topics.get(s.topic) ?? []), s.partition]);
  return [...topics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topicName, partitions]) => ({ topicName, partitions: partitions.sort((a, b) => a - b) }));
}

function describePartition(broker: BrokerState, offsets: ShareStartOffset[], topicName: string, partitionIndex: number): DescribeShareGroupOffsetsResponsePartition {
  const partition = broker.topics.get(topicName)?.partitions[partitionIndex];
  if (!partition || partition.topic.deleted) {
    return { partitionIndex, startOffset: -1, leaderEpoch: -1, lag: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
  }
  const state = offsets.find((s) => s.topic === topicName && s.partition === partitionIndex);
  if (!state || state.startOffset < 0) {
    return { partitionIndex, startOffset: -1, leaderEpoch: -1, lag: -1, errorCode: ErrorCode.NONE, errorMessage: null };
  }
  return { partitionIndex, startOffset: state.startOffset, leaderEpoch: partition.leaderEpoch, lag: state.lag, errorCode: ErrorCode.NONE, errorMessage: null };
}
