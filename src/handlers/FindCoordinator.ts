/**
 * FindCoordinator: this single broker coordinates every group and every transactional id. v4+
 * batches keys and answers one entry per key. Kafka answers an unknown key type (including share
 * groups, type 2, which we do not have) with INVALID_REQUEST.
 */
import {
  FindCoordinator,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  FindCoordinatorResponseCoordinator,
} from '../../wire/apis/FindCoordinator';
import { ErrorCode } from '../../wire/errors';
import { BrokerState, defineHandler } from './types';

const GROUP_KEY_TYPE = 0;
const TRANSACTION_KEY_TYPE = 1;
/** Kafka's Node.noNode(). */
const NO_NODE = { nodeId: -1, host: '', port: -1 };

type Answer = Omit<FindCoordinatorResponseCoordinator, 'key'>;

export default defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  api: FindCoordinator,
  minVersion: 0,
  maxVersion: 6,
  handle(request, ctx) {
    if (ctx.apiVersion >= 4) {
      const coordinators = request.coordinatorKeys.map((key) => ({ key, ...coordinatorFor(ctx.broker, request.keyType) }));
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, ...NO_NODE, coordinators };
    }
    const answer = coordinatorFor(ctx.broker, request.keyType);
    // Kafka's v1-3 answers carry the error's message, "NONE" included.
    const errorMessage = answer.errorMessage ?? ErrorCode[answer.errorCode];
    return { throttleTimeMs: 0, ...answer, errorMessage, coordinators: [] };
  },
});

function coordinatorFor(broker: BrokerState, keyType: number): Answer {
  if (keyType !== GROUP_KEY_TYPE && keyType !== TRANSACTION_KEY_TYPE) {
    return { ...NO_NODE, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown coordinator type: ${keyType}` };
  }
  return {
    nodeId: broker.config.nodeId,
    host: broker.advertised.host,
    port: broker.advertised.port,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
  };
}
