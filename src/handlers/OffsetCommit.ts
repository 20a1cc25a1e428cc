/**
 * OffsetCommit: store a group's committed offsets, as Kafka's KafkaApis.handleOffsetCommitRequest
 * and OffsetMetadataManager.commitOffset do.
 *
 * Partitions of unknown topics or partitions fail with UNKNOWN_TOPIC_OR_PARTITION before the
 * group is looked at, and come first in the response (Kafka's OffsetCommitResponse.Builder adds
 * them first and merges the coordinator's answers after). The group's verdict on the member
 * (generation −1 with an empty member id is a "simple" commit) applies to every other partition.
 * Then each partition is stored exactly as given, −1 and −2 included, unless its metadata is
 * longer than offset.metadata.max.bytes. An empty group id is accepted, as Kafka does "for
 * backwards compatibility" (only a null one is INVALID_GROUP_ID, and the wire cannot carry it).
 * A node that does not coordinate the group answers NOT_COORDINATOR for every known partition.
 * A KIP-848 consumer group checks member id and epoch instead (v9 carries the member epoch in
 * GenerationIdOrMemberEpoch): STALE_MEMBER_EPOCH, UNKNOWN_MEMBER_ID (a classic member, or the
 * admin client's simple commit while the group has members), UNSUPPORTED_VERSION below v9.
 */
import { OffsetCommit, OffsetCommitRequest, OffsetCommitResponse, OffsetCommitResponsePartition } from '../../wire/apis/OffsetCommit';
import { ErrorCode } from '../../wire/errors';
import type { OffsetCommitEntry } from '../groups/OffsetStore';
import { coordinatesGroup } from '../cluster/coordinators';
import { GroupState } from '../groups/types';
import { defineHandler } from './types';

/** Kafka's offset.metadata.max.bytes (compared with the string's length, as Kafka does). */
export const OFFSET_METADATA_MAX_BYTES = 4096;

export default defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  api: OffsetCommit,
  minVersion: 0,
  maxVersion: 9,
  handle(request, ctx) {
    const { topics, groups, consumerGroups, offsets, logger } = ctx.broker;
    const byTopic = new Map<string, OffsetCommitResponsePartition[]>();
    const answer = (topic: string, partitionIndex: number, errorCode: ErrorCode) => {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partitionIndex, errorCode });
    };

    const known = request.topics
      .map((t) => ({
        name: t.name,
        partitions: t.partitions.filter((p) => {
          if (topics.partition(t.name, p.partitionIndex)) return true;
          answer(t.name, p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          return false;
        }),
      }))
      .filter((t) => t.partitions.length > 0);

    if (known.length > 0 && !coordinatesGroup(ctx, request.groupId)) {
      for (const t of known) for (const p of t.partitions) answer(t.name, p.partitionIndex, ErrorCode.NOT_COORDINATOR);
    } else if (known.length > 0) {
      const { groupId, memberId, generationIdOrMemberEpoch, groupInstanceId } = request;
      let groupError = consumerGroups.has(groupId)
        ? consumerGroups.validateOffsetCommit(groupId, memberId, generationIdOrMemberEpoch, ctx.apiVersion, false)
        : groups.validateOffsetCommit(groupId, memberId, generationIdOrMemberEpoch, groupInstanceId);
      // Kafka: a member's commit to a group that does not exist is GROUP_ID_NOT_FOUND from v9 on.
      if (groupError === ErrorCode.ILLEGAL_GENERATION && ctx.apiVersion >= 9 && groups.describeGroup(groupId).state === GroupState.Dead) {
        groupError = ErrorCode.GROUP_ID_NOT_FOUND;
      }
      const now = Date.now();
      const entries: OffsetCommitEntry[] = [];
      const results: Array<[string, number, ErrorCode]> = [];
      for (const t of known) {
        for (const p of t.partitions) {
          if (groupError !== ErrorCode.NONE) {
            results.push([t.name, p.partitionIndex, groupError]);
          } else if (p.committedMetadata !== null && p.committedMetadata.length > OFFSET_METADATA_MAX_BYTES) {
            results.push([t.name, p.partitionIndex, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
          } else {
            results.push([t.name, p.partitionIndex, ErrorCode.NONE]);
            entries.push({
              topic: t.name,
              partition: p.partitionIndex,
              value: {
                offset: p.committedOffset,
                leaderEpoch: p.committedLeaderEpoch < 0 ? -1 : p.committedLeaderEpoch,
                metadata: p.committedMetadata ?? '',
                // Only v1 carries a commit timestamp; −1 there means "now" too.
                commitTimestamp: p.commitTimestamp === -1 ? now : p.commitTimestamp,
              },
            });
          }
        }
      }
      let storeFailed = false;
      try {
        offsets.commitAll(groupId, entries);
      } catch (err) {
        // Kafka answers a failed write to the offsets log with NOT_COORDINATOR for the whole
        // coordinator part of the request (the client finds the coordinator again and retries).
        logger.error({ err, groupId }, 'could not write committed offsets');
        storeFailed = true;
      }
      for (const [topic, partition, code] of results) answer(topic, partition, storeFailed ? ErrorCode.NOT_COORDINATOR : code);
    }

    return { throttleTimeMs: 0, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
  },
});
