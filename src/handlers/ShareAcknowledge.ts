/**
 * ShareAcknowledge (v1, KIP-932): acknowledgements without fetching, within a share session that
 * ShareFetch opened. As Kafka's acknowledgeSessionUpdate: epoch 0 is INVALID_SHARE_SESSION_EPOCH
 * (only ShareFetch opens sessions), an unknown session SHARE_SESSION_NOT_FOUND, a wrong epoch
 * INVALID_SHARE_SESSION_EPOCH; −1 applies the acknowledgements, then releases the member's
 * remaining records in the session's partitions and closes the session.
 */
import { ShareAcknowledge, ShareAcknowledgeRequest, ShareAcknowledgeResponse, ShareAcknowledgePartitionData } from '../../wire/apis/ShareAcknowledge';
import { ErrorCode } from '../../wire/errors';
import { FINAL_EPOCH, INITIAL_EPOCH, nextEpoch } from '../share/ShareSessionCache';
import { acknowledgePartition, byTopic, leaderEndpoints, releasePartitions } from '../share/sharePartitionRequests';
import { defineHandler } from './types';

export default defineHandler<ShareAcknowledgeRequest, ShareAcknowledgeResponse>({
  api: ShareAcknowledge,
  minVersion: 1,
  maxVersion: 1,
  handle(request, ctx) {
    const { broker, nodeId } = ctx;
    const groupId = request.groupId ?? '';
    const memberId = request.memberId ?? '';
    if (groupId === '' || memberId === '') return topLevelError(ErrorCode.INVALID_REQUEST);
    const epoch = request.shareSessionEpoch;
    if (epoch === INITIAL_EPOCH) return topLevelError(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
    const sessions = broker.shareGroups.sessions;
    const session = sessions.get(nodeId, groupId, memberId);
    if (!session) return topLevelError(ErrorCode.SHARE_SESSION_NOT_FOUND);
    if (epoch !== FINAL_EPOCH) {
      if (epoch !== session.epoch) return topLevelError(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
      session.epoch = nextEpoch(session.epoch);
    }
    session.lastUsedMs = Date.now();

    const results = request.topics.flatMap((t) =>
      t.partitions.map((p) => {
        const ref = { topicId: t.topicId, partition: p.partitionIndex };
        const result = acknowledgePartition(broker, nodeId, groupId, memberId, ref, p.acknowledgementBatches);
        const data: ShareAcknowledgePartitionData = {
          partitionIndex: p.partitionIndex,
          errorCode: result.errorCode,
          errorMessage: null,
          currentLeader: result.currentLeader,
        };
        return { topicId: t.topicId, value: data };
      }),
    );

    if (epoch === FINAL_EPOCH) {
      releasePartitions(broker, nodeId, groupId, memberId, session.partitions);
      sessions.remove(session);
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: byTopic(results),
      nodeEndpoints: leaderEndpoints(broker, results.map((r) => r.value.currentLeader)),
    };
  },
});

function topLevelError(errorCode: ErrorCode): ShareAcknowledgeResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage: null, responses: [], nodeEndpoints: [] };
}
