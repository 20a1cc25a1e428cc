/**
 * TxnOffsetCommit (0-4): offsets committed as part of a transaction, pending until it ends.
 *
 * As Kafka: partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION and come first. For the
 * others, the transaction is checked first (the producer must own it and have called
 * AddOffsetsToTxn for this group: else INVALID_PRODUCER_ID_MAPPING, INVALID_PRODUCER_EPOCH,
 * CONCURRENT_TRANSACTIONS, or TRANSACTION_ABORTABLE — INVALID_TXN_STATE before v4), then the
 * member (v3+, KIP-447: a member id or generation must match the group's, but a request without
 * them is accepted even by a non-empty group, and a rebalance in progress does not refuse it),
 * then each partition's metadata size. TxnOffsetCommit goes to the group's coordinator: another
 * node answers NOT_COORDINATOR for every known partition.
 */
import {
  TxnOffsetCommit,
  TxnOffsetCommitRequest,
  TxnOffsetCommitResponse,
  TxnOffsetCommitResponsePartition,
} from '../../wire/apis/TxnOffsetCommit';
import { ErrorCode } from '../../wire/errors';
import type { OffsetCommitEntry } from '../groups/OffsetStore';
import { coordinatesGroup } from '../cluster/coordinators';
import { OFFSET_METADATA_MAX_BYTES } from './OffsetCommit';
import { BrokerState, defineHandler } from './types';

export default defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  api: TxnOffsetCommit,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { topics, transactions } = ctx.broker;
    const byTopic = new Map<string, TxnOffsetCommitResponsePartition[]>();
    const answer = (topic: string, partitionIndex: number, errorCode: ErrorCode) => {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partitionIndex, errorCode });
    };

    const known = request.topics.flatMap((t) =>
      t.partitions
        .filter((p) => {
          if (topics.partition(t.name, p.partitionIndex)) return true;
          answer(t.name, p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          return false;
        })
        .map((p) => ({ topic: t.name, p })),
    );
    if (known.length > 0) {
      const { transactionalId, producerId, producerEpoch, groupId } = request;
      let error = coordinatesGroup(ctx, groupId)
        ? transactions.verifyTxnOffsetCommit(transactionalId, producerId, producerEpoch, groupId)
        : ErrorCode.NOT_COORDINATOR;
      if (error === ErrorCode.NONE) error = validateMember(ctx.broker, request);
      const now = Date.now();
      const entries: OffsetCommitEntry[] = [];
      const results: Array<[string, number, ErrorCode]> = [];
      for (const { topic, p } of known) {
        if (error !== ErrorCode.NONE) {
          results.push([topic, p.partitionIndex, error]);
        } else if (p.committedMetadata !== null && p.committedMetadata.length > OFFSET_METADATA_MAX_BYTES) {
          results.push([topic, p.partitionIndex, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
        } else {
          results.push([topic, p.partitionIndex, ErrorCode.NONE]);
          entries.push({
            topic,
            partition: p.partitionIndex,
            value: {
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch < 0 ? -1 : p.committedLeaderEpoch,
              metadata: p.committedMetadata ?? '',
              commitTimestamp: now,
            },
          });
        }
      }
      const storeError = entries.length > 0 ? transactions.txnOffsetCommit(transactionalId, producerId, producerEpoch, groupId, entries) : ErrorCode.NONE;
      for (const [topic, partition, code] of results) {
        let finalCode = code === ErrorCode.NONE ? storeError : code;
        if (ctx.apiVersion < 4 && finalCode === ErrorCode.TRANSACTION_ABORTABLE) finalCode = ErrorCode.INVALID_TXN_STATE;
        answer(topic, partition, finalCode);
      }
    }
    return { throttleTimeMs: 0, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
  },
});

/** Kafka's ClassicGroup.validateOffsetCommit with isTransactional = true. */
function validateMember(broker: BrokerState, request: TxnOffsetCommitRequest): ErrorCode {
  const { groupId, memberId, generationId, groupInstanceId } = request;
  const anonymous = generationId < 0 && memberId === '' && groupInstanceId === null;
  if (broker.consumerGroups.has(groupId)) {
    // Kafka's ConsumerGroup.validateOffsetCommit with isTransactional = true: a request without
    // member fields is not checked; a stale epoch is ILLEGAL_GENERATION (the response's error).
    return anonymous ? ErrorCode.NONE : broker.consumerGroups.validateOffsetCommit(groupId, memberId, generationId, 0, true);
  }
  const error = broker.groups.validateOffsetCommit(groupId, memberId, generationId, groupInstanceId);
  // The two refusals that only apply to plain OffsetCommit.
  if (anonymous && error === ErrorCode.UNKNOWN_MEMBER_ID) return ErrorCode.NONE;
  if (error === ErrorCode.REBALANCE_IN_PROGRESS) return ErrorCode.NONE;
  return error;
}
