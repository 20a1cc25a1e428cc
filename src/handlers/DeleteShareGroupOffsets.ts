/**
 * DeleteShareGroupOffsets (92), v0: deletes a share group's state for whole topics, so the group
 * starts them afresh (share.auto.offset.reset) when next read. Only for a group without members
 * (NON_EMPTY_GROUP otherwise, as Kafka); an unknown group is GROUP_ID_NOT_FOUND, an unknown topic
 * UNKNOWN_TOPIC_OR_PARTITION in its entry.
 */
import {
  DeleteShareGroupOffsets,
  DeleteShareGroupOffsetsRequest,
  DeleteShareGroupOffsetsResponse,
} from '../../wire/apis/DeleteShareGroupOffsets';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { checkEmptyShareGroup } from '../share/shareGroupAdmin';
import { defineHandler } from './types';

export default defineHandler<DeleteShareGroupOffsetsRequest, DeleteShareGroupOffsetsResponse>({
  api: DeleteShareGroupOffsets,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    const { broker } = ctx;
    const check = checkEmptyShareGroup(ctx, request.groupId, true);
    if (check.errorCode !== ErrorCode.NONE) return topLevelError(check.errorCode, check.errorMessage);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: request.topics.map((t) => {
        const topic = broker.topics.get(t.topicName);
        let errorCode: ErrorCode = ErrorCode.NONE;
        if (!topic || topic.deleted) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else broker.sharePartitions.deleteState(request.groupId, t.topicName);
        return { topicName: t.topicName, topicId: topic?.id ?? ZERO_UUID, errorCode, errorMessage: null };
      }),
    };
  },
});

function topLevelError(errorCode: ErrorCode, errorMessage: string | null): DeleteShareGroupOffsetsResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, responses: [] };
}
