/**
 * AddPartitionsToTxn (0-5), as Kafka's KafkaApis.handleAddPartitionsToTxnRequest.
 *
 * v0-3 (clients): one transaction. If any partition is unknown, nothing is added: unknown ones get
 * UNKNOWN_TOPIC_OR_PARTITION, the others OPERATION_NOT_ATTEMPTED. Otherwise the coordinator's
 * answer applies to every partition (PRODUCER_FENCED is INVALID_PRODUCER_EPOCH before v2).
 * v4+ (brokers, KIP-890): several transactions, each answered the same way on its own; VerifyOnly
 * ones only check that the partitions are already in the transaction (TRANSACTION_ABORTABLE if
 * not; INVALID_TXN_STATE for v4). A node that does not coordinate the transactional id answers
 * NOT_COORDINATOR for each partition (once none is unknown).
 */
import {
  AddPartitionsToTxn,
  AddPartitionsToTxnRequest,
  AddPartitionsToTxnResponse,
  AddPartitionsToTxnTopic,
  AddPartitionsToTxnTopicResult,
} from '../../wire/apis/AddPartitionsToTxn';
import { ErrorCode } from '../../wire/errors';
import type { TopicPartitionRef } from '../transactions/TransactionMetadata';
import { coordinatesTransaction } from '../cluster/coordinators';
import { defineHandler, RequestContext } from './types';

export default defineHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  api: AddPartitionsToTxn,
  minVersion: 0,
  maxVersion: 5,
  handle(request, ctx) {
    const { broker, apiVersion } = ctx;
    if (apiVersion < 4) {
      const topicResults = addOne(ctx, request.v3AndBelowTransactionalId, request.v3AndBelowProducerId, request.v3AndBelowProducerEpoch, false, request.v3AndBelowTopics, apiVersion);
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, resultsByTransaction: [], resultsByTopicV3AndBelow: topicResults };
    }
    const resultsByTransaction = request.transactions.map((t) => ({
      transactionalId: t.transactionalId,
      topicResults: addOne(ctx, t.transactionalId, t.producerId, t.producerEpoch, t.verifyOnly, t.topics, apiVersion),
    }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, resultsByTransaction, resultsByTopicV3AndBelow: [] };
  },
});

function addOne(
  ctx: RequestContext,
  transactionalId: string,
  producerId: number,
  producerEpoch: number,
  verifyOnly: boolean,
  topics: AddPartitionsToTxnTopic[],
  version: number,
): AddPartitionsToTxnTopicResult[] {
  const { broker } = ctx;
  const partitions: TopicPartitionRef[] = [];
  for (const t of topics) {
    for (const partition of new Set(t.partitions)) partitions.push({ topic: t.name, partition });
  }
  const unknown = partitions.map((p) => broker.topics.partition(p.topic, p.partition) === undefined);
  let errors: ErrorCode[];
  if (unknown.some((u) => u)) {
    errors = unknown.map((u) => (u ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
  } else if (!coordinatesTransaction(ctx, transactionalId)) {
    errors = partitions.map(() => ErrorCode.NOT_COORDINATOR);
  } else if (verifyOnly) {
    const result = broker.transactions.verifyPartitions(transactionalId, producerId, producerEpoch, partitions);
    errors = typeof result === 'number' ? partitions.map(() => result) : result;
    if (version < 5) errors = errors.map((e) => (e === ErrorCode.TRANSACTION_ABORTABLE ? ErrorCode.INVALID_TXN_STATE : e));
  } else {
    let error = broker.transactions.addToTransaction(transactionalId, producerId, producerEpoch, partitions);
    // Clients before v2 do not know PRODUCER_FENCED.
    if (version < 2 && error === ErrorCode.PRODUCER_FENCED) error = ErrorCode.INVALID_PRODUCER_EPOCH;
    errors = partitions.map(() => error);
  }

  const byTopic = new Map<string, AddPartitionsToTxnTopicResult>();
  partitions.forEach((p, i) => {
    let result = byTopic.get(p.topic);
    if (!result) byTopic.set(p.topic, (result = { name: p.topic, resultsByPartition: [] }));
    result.resultsByPartition.push({ partitionIndex: p.partition, partitionErrorCode: errors[i] });
  });
  return [...byTopic.values()];
}
