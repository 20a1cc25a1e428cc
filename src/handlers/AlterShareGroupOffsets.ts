/**
 * AlterShareGroupOffsets (91), v0: resets the share-partition start offsets of a share group that
 * has no members (NON_EMPTY_GROUP otherwise, as Kafka). Errors per partition for unknown topics
 * or partitions; a classic or consumer group's id is GROUP_ID_NOT_FOUND. As Kafka, a group id not
 * in use yet becomes an (empty) share group with those start offsets.
 */
import {
  AlterShareGroupOffsets,
  AlterShareGroupOffsetsRequest,
  AlterShareGroupOffsetsResponse,
} from '../../wire/apis/AlterShareGroupOffsets';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { checkEmptyShareGroup } from '../share/shareGroupAdmin';
import { defineHandler } from './types';

export default defineHandler<AlterShareGroupOffsetsRequest, AlterShareGroupOffsetsResponse>({
  api: AlterShareGroupOffsets,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const { broker } = ctx;
    const check = checkEmptyShareGroup(ctx, request.groupId, false);
    if (check.errorCode !== ErrorCode.NONE) return topLevelError(check.errorCode, check.errorMessage);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: request.topics.map((t) => {
        const topic = broker.topics.get(t.topicName);
        return {
          topicName: t.topicName,
          topicId: topic?.id ?? ZERO_UUID,
          partitions: t.partitions.map((p) => {
            let errorCode: ErrorCode = ErrorCode.NONE;
            if (!topic || topic.deleted || !topic.partitions[p.partitionIndex]) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            else if (p.startOffset < 0) errorCode = ErrorCode.INVALID_REQUEST;
            else errorCode = broker.sharePartitions.alterStartOffset(request.groupId, t.topicName, p.partitionIndex, p.startOffset);
            return { partitionIndex: p.partitionIndex, errorCode, errorMessage: null };
          }),
        };
      }),
    };
  },
});

function topLevelError(errorCode: ErrorCode, errorMessage: string | null): AlterShareGroupOffsetsResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, responses: [] };
}
