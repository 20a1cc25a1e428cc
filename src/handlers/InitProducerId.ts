/**
 * InitProducerId (0-5). Without a TransactionalId (an idempotent producer) the answer is always a
 * new producer id with epoch 0, as Kafka does, even when a v3+ client sends its current id and
 * epoch. With a TransactionalId the transaction coordinator decides (new id, or a bumped epoch);
 * a node that does not coordinate that id answers NOT_COORDINATOR.
 */
import { InitProducerId, InitProducerIdRequest, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { ErrorCode } from '../../wire/errors';
import { coordinatesTransaction } from '../cluster/coordinators';
import type { ProducerIdAndEpoch } from '../transactions/TransactionCoordinator';
import { defineHandler } from './types';

const NO_PRODUCER_ID = -1;
const NO_PRODUCER_EPOCH = -1;

export default defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  api: InitProducerId,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const { broker, apiVersion } = ctx;
    // An id without an epoch, or an epoch without an id, is malformed (Kafka: INVALID_REQUEST).
    if ((request.producerId === NO_PRODUCER_ID) !== (request.producerEpoch === NO_PRODUCER_EPOCH)) {
      return answer({ errorCode: ErrorCode.INVALID_REQUEST, producerId: NO_PRODUCER_ID, producerEpoch: NO_PRODUCER_EPOCH }, apiVersion);
    }
    if (request.transactionalId === null) {
      return answer({ errorCode: ErrorCode.NONE, producerId: broker.producerIds.allocate(), producerEpoch: 0 }, apiVersion);
    }
    if (!coordinatesTransaction(ctx, request.transactionalId)) {
      return answer({ errorCode: ErrorCode.NOT_COORDINATOR, producerId: NO_PRODUCER_ID, producerEpoch: NO_PRODUCER_EPOCH }, apiVersion);
    }
    const result = broker.transactions.initProducerId(
      request.transactionalId,
      request.transactionTimeoutMs,
      request.producerId,
      request.producerEpoch,
    );
    return result instanceof Promise ? result.then((r) => answer(r, apiVersion)) : answer(result, apiVersion);
  },
});

function answer(result: ProducerIdAndEpoch, version: number): InitProducerIdResponse {
  // Clients before v4 do not know PRODUCER_FENCED; Kafka tells them INVALID_PRODUCER_EPOCH instead.
  const errorCode = version < 4 && result.errorCode === ErrorCode.PRODUCER_FENCED ? ErrorCode.INVALID_PRODUCER_EPOCH : result.errorCode;
  return { throttleTimeMs: 0, errorCode, producerId: result.producerId, producerEpoch: result.producerEpoch };
}
