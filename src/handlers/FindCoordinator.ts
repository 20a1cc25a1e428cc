/**
 * FindCoordinator: the node that coordinates a group or transactional id (the leader of its
 * partition of __consumer_offsets or __transaction_state, see ClusterView). v4+ batches keys and
 * answers one entry per key. Kafka answers an unknown key type (including share groups, type 2,
 * which we do not have) with INVALID_REQUEST.
 */
import {
  FindCoordinator,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  FindCoordinatorResponseCoordinator,
} from '../../wire/apis/FindCoordinator';
import { ErrorCode } from '../../wire/errors';
import { CoordinatorType } from '../cluster/ClusterView';
import { BrokerState, defineHandler } from './types';

/** Kafka's Node.noNode(). */
const NO_NODE = { nodeId: -1, host: '', port: -1 };

type Answer = Omit<FindCoordinatorResponseCoordinator, 'key'>;

export default defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  api: FindCoordinator,
  minVersion: 0,
  maxVersion: 6,
  handle(request, ctx) {
    if (ctx.apiVersion >= 4) {
      const coordinators = request.coordinatorKeys.map((key) => ({ key, ...coordinatorFor(ctx.broker, request.keyType, key) }));
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, ...NO_NODE, coordinators };
    }
    const answer = coordinatorFor(ctx.broker, request.keyType, request.key);
    // Kafka's v1-3 answers carry the error's message, "NONE" included.
    const errorMessage = answer.errorMessage ?? ErrorCode[answer.errorCode];
    return { throttleTimeMs: 0, ...answer, errorMessage, coordinators: [] };
  },
});

function coordinatorFor(broker: BrokerState, keyType: number, key: string): Answer {
  if (keyType !== CoordinatorType.Group && keyType !== CoordinatorType.Transaction) {
    return { ...NO_NODE, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown coordinator type: ${keyType}` };
  }
  const node = broker.cluster.coordinatorFor(keyType, key);
  if (!node) return { ...NO_NODE, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: null };
  return { nodeId: node.nodeId, host: node.host, port: node.port, errorCode: ErrorCode.NONE, errorMessage: null };
}
