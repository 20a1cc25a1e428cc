/**
 * OffsetDelete (KIP-496): drop some committed offsets of a group, as Kafka's
 * KafkaApis.handleOffsetDeleteRequest and OffsetMetadataManager.deleteOffsets do.
 *
 * An empty group id is INVALID_GROUP_ID, an unknown group GROUP_ID_NOT_FOUND and a non-empty
 * group that is not a consumer group NON_EMPTY_GROUP, each for the whole request (no topics in
 * the answer). Otherwise partitions of unknown topics or partitions fail with
 * UNKNOWN_TOPIC_OR_PARTITION (listed first, as Kafka's response builder does), topics the
 * group's members still subscribe to with GROUP_SUBSCRIBED_TO_TOPIC, and every other partition
 * succeeds, whether or not it had an offset. A node that does not coordinate the group answers
 * NOT_COORDINATOR for the whole request.
 */
import { OffsetDelete, OffsetDeleteRequest, OffsetDeleteResponse, OffsetDeleteResponsePartition } from '../../wire/apis/OffsetDelete';
import { ErrorCode } from '../../wire/errors';
import { decodeSubscription } from '../../wire/consumerProtocol';
import type { GroupCoordinator } from '../groups/GroupCoordinator';
import { coordinatesGroup } from '../cluster/coordinators';
import { GroupState } from '../groups/types';
import { defineHandler } from './types';

export default defineHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  api: OffsetDelete,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const { topics, offsets, logger } = ctx.broker;
    const { groupId } = request;
    const groupError = (errorCode: ErrorCode): OffsetDeleteResponse => ({ errorCode, throttleTimeMs: 0, topics: [] });
    if (groupId === '') return groupError(ErrorCode.INVALID_GROUP_ID);
    if (!coordinatesGroup(ctx, groupId)) return groupError(ErrorCode.NOT_COORDINATOR);

    const byTopic = new Map<string, OffsetDeleteResponsePartition[]>();
    const answer = (topic: string, partitionIndex: number, errorCode: ErrorCode) => {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partitionIndex, errorCode });
    };
    const known: Array<{ topic: string; partition: number }> = [];
    for (const t of request.topics) {
      for (const p of t.partitions) {
        if (topics.partition(t.name, p.partitionIndex)) known.push({ topic: t.name, partition: p.partitionIndex });
        else answer(t.name, p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
    }

    const group = groupForOffsetDelete(ctx.broker.groups, groupId);
    if (group.error !== ErrorCode.NONE) return groupError(group.error);
    const deletable = known.filter(({ topic }) => !group.isSubscribed(topic));
    try {
      offsets.deleteOffsets(groupId, deletable);
    } catch (err) {
      logger.error({ err, groupId }, 'could not delete committed offsets');
      return groupError(ErrorCode.NOT_COORDINATOR);
    }
    for (const { topic, partition } of known) {
      answer(topic, partition, group.isSubscribed(topic) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : ErrorCode.NONE);
    }
    return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
  },
});

/**
 * Whether the group's offsets may be deleted, and which topics its members subscribe to, by
 * Kafka's rules: unknown (Dead) → GROUP_ID_NOT_FOUND; Empty (a group with only committed offsets
 * is Empty) → nothing subscribed; non-empty with protocol type "consumer" → the topics of its
 * members' subscriptions; non-empty otherwise → NON_EMPTY_GROUP.
 * The coordinator shows member metadata only while Stable; during a rebalance every topic counts
 * as subscribed (Kafka keeps the last generation's topics there: TODO, once the coordinator says).
 */
function groupForOffsetDelete(groups: GroupCoordinator, groupId: string): { error: ErrorCode; isSubscribed: (topic: string) => boolean } {
  const none = { isSubscribed: () => false };
  const group = groups.describeGroup(groupId);
  if (group.errorCode !== ErrorCode.NONE) return { error: group.errorCode, ...none };
  if (group.state === GroupState.Dead) return { error: ErrorCode.GROUP_ID_NOT_FOUND, ...none };
  if (group.state === GroupState.Empty) return { error: ErrorCode.NONE, ...none };
  if (group.protocolType !== 'consumer') return { error: ErrorCode.NON_EMPTY_GROUP, ...none };
  if (group.state !== GroupState.Stable) return { error: ErrorCode.NONE, isSubscribed: () => true };
  const topics = new Set<string>();
  try {
    for (const m of group.members) for (const topic of decodeSubscription(m.metadata).topics) topics.add(topic);
  } catch {
    return { error: ErrorCode.NONE, ...none }; // as Kafka: unreadable subscriptions subscribe to nothing
  }
  return { error: ErrorCode.NONE, isSubscribed: (topic) => topics.has(topic) };
}
