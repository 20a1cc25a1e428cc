/**
 * Produce (v3+: RecordBatch v2 only; v0-2 are advertised but refused, as in Kafka 4). Each partition's batch is checked in place (size, magic,
 * CRC-32C, record count) and appended as the producer sent it; nothing is decompressed (on
 * LogAppendTime topics the header gets the broker's time and a new CRC, as in Kafka).
 * Batches with a producer id (idempotent or transactional producers) are then checked against
 * the partition's producer state, from header fields only: a retried batch is answered with its
 * original offset and not appended again; a fenced epoch or a sequence gap is refused.
 * Only the partition's leader appends: another node answers NOT_LEADER_OR_FOLLOWER and, from v10
 * (KIP-951), names the current leader and its endpoint so the client need not ask Metadata.
 */
import {
  BatchIndexAndErrorMessage,
  PartitionProduceData,
  PartitionProduceResponse,
  Produce,
  ProduceNodeEndpoint,
  ProduceRequest,
  ProduceResponse,
  TopicProduceResponse,
} from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import {
  ATTR_COMPRESSION_MASK,
  ATTR_CONTROL,
  ATTR_TRANSACTIONAL,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH,
  Compression,
  attributesOf,
  batchProblem,
  batchSize,
  lastOffsetDeltaOf,
  LOG_OVERHEAD,
  MAGIC,
  producerIdOf,
  recordCountOf,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from '../../wire/records';
import { rejectKeyless } from '../log/cleaner/keylessRecords';
import { ProducerBatchHeader, producerHeaderOf } from '../producers/ProducerStateManager';
import type { Partition } from '../topics/TopicRegistry';
import { BrokerState, defineHandler, NO_RESPONSE } from './types';

export default defineHandler<ProduceRequest, ProduceResponse>({
  api: Produce,
  // Advertised from v0 as Kafka 4 does (KAFKA-18659): librdkafka before 2.8 compresses with
  // gzip, snappy or lz4 only if the broker's Produce range includes v0. v0-2 are refused below.
  minVersion: 0,
  maxVersion: 11,
  handle(request, ctx) {
    const { broker } = ctx;
    if (ctx.apiVersion < MIN_SERVED_VERSION) return refuseOldVersion(request);
    const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
    // Kafka refuses the whole request when it carries transactional batches without a TransactionalId.
    const unauthorized = request.transactionalId === null && hasTransactionalBatch(request);
    const responses = request.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) =>
        unauthorized
          ? failure(p.index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
          : validAcks
            ? produceTo(broker, ctx.nodeId, request.transactionalId, t.name, p, ctx.apiVersion)
            : failure(p.index, ErrorCode.INVALID_REQUIRED_ACKS),
      ),
    }));
    if (request.acks === 0) return NO_RESPONSE;
    return { responses, throttleTimeMs: 0, nodeEndpoints: leaderEndpoints(broker, responses) };
  },
});

/** Produce v0-2 carry message formats v0/v1, which Kafka 4 no longer stores. */
const MIN_SERVED_VERSION = 3;

/** Kafka 4's answer to Produce v0-2: UNSUPPORTED_VERSION for every partition, nothing appended. */
function refuseOldVersion(request: ProduceRequest): ProduceResponse | typeof NO_RESPONSE {
  if (request.acks === 0) return NO_RESPONSE;
  const responses = request.topicData.map((t) => ({
    name: t.name,
    partitionResponses: t.partitionData.map((p) => failure(p.index, ErrorCode.UNSUPPORTED_VERSION)),
  }));
  return { responses, throttleTimeMs: 0, nodeEndpoints: [] };
}

function produceTo(
  broker: BrokerState,
  nodeId: number,
  transactionalId: string | null,
  topic: string,
  data: PartitionProduceData,
  version: number,
): PartitionProduceResponse {
  const partition = broker.topics.partition(topic, data.index);
  if (!partition) return failure(data.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const records = data.records;
  const invalid = (errorCode: ErrorCode, errorMessage: string, recordErrors: BatchIndexAndErrorMessage[] = []) => {
    broker.logger.debug({ topic, partition: data.index, errorMessage }, 'rejected produce');
    return { ...failure(data.index, errorCode, errorMessage), recordErrors };
  };

  // As Kafka's ByteBufferLogInputStream: a length too small for any record is corrupt wherever it is.
  const tooSmall = records !== null && records.length >= LOG_OVERHEAD ? recordSizeProblem(records, 0) : null;
  if (tooSmall) return invalid(ErrorCode.CORRUPT_MESSAGE, tooSmall);
  if (records === null || records.length < LOG_OVERHEAD || batchSize(records) > records.length) {
    return invalid(ErrorCode.INVALID_RECORD, 'Produce requests must have exactly one whole record batch per partition');
  }
  const size = batchSize(records);
  const trailing = records.length - size >= LOG_OVERHEAD ? recordSizeProblem(records, size) : null;
  if (trailing) return invalid(ErrorCode.CORRUPT_MESSAGE, trailing);
  // Kafka trims bytes after the last whole batch, but a second whole batch is an error (v3+).
  if (records.length - size >= LOG_OVERHEAD && batchSize(records, size) <= records.length - size) {
    return invalid(ErrorCode.INVALID_RECORD, 'Produce requests are only allowed to contain exactly one record batch per partition');
  }
  const problem = batchProblem(records, 0, size);
  if (problem?.startsWith('unsupported record batch magic')) return invalid(ErrorCode.INVALID_RECORD, problem);
  // As Kafka: the batch's shape is checked on any node, its contents only by the leader.
  if (!broker.cluster.leads(nodeId, partition)) return notLeader(broker, partition);
  if (problem) return invalid(ErrorCode.CORRUPT_MESSAGE, `Record batch is corrupt: ${problem}`);
  if (version < 7 && (attributesOf(records) & ATTR_COMPRESSION_MASK) === Compression.Zstd) {
    return invalid(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `Produce requests with version ${version} are not allowed to use ZStandard compression`);
  }
  if (attributesOf(records) & ATTR_CONTROL) return invalid(ErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
  if (recordCountOf(records) !== lastOffsetDeltaOf(records) + 1 || recordCountOf(records) <= 0) {
    return invalid(ErrorCode.INVALID_RECORD, 'Inconsistent batch offset range and record count');
  }
  // The topic's max.message.bytes, which defaults to the broker's message.max.bytes.
  const { maxMessageBytes, messageTimestampType } = partition.topic.settings;
  if (size > maxMessageBytes) {
    return invalid(
      ErrorCode.MESSAGE_TOO_LARGE,
      `The record batch size in the append to ${topic}-${data.index} is ${size} bytes which exceeds the maximum configured value of ${maxMessageBytes} (max.message.bytes).`,
    );
  }

  const batch = records.subarray(0, size);
  if (partition.topic.settings.compactEnabled) {
    const rejected = rejectKeyless(batch, `${topic}-${data.index}`);
    if (rejected) return invalid(rejected.errorCode, rejected.errorMessage, rejected.recordErrors);
  }
  const producer = producerIdOf(batch) >= 0 ? producerHeaderOf(batch) : null;
  if (producer) {
    if (producer.firstSeq < 0) {
      return invalid(ErrorCode.INVALID_RECORD, `Invalid sequence number ${producer.firstSeq} in record batch with producerId ${producer.producerId}`);
    }
    if (producer.transactional && transactionalId !== null) {
      const unverified = verifyTransaction(broker, transactionalId, partition, producer, version);
      if (unverified) return unverified;
    }
    const check = partition.producers.checkAppend(producer);
    if (check.kind === 'duplicate') {
      // Kafka answers a retried batch with the original offsets and reports its timestamp as logAppendTime.
      broker.logger.debug({ topic, partition: data.index, producerId: producer.producerId, firstSeq: producer.firstSeq }, 'duplicate batch');
      return success(data.index, check.batch.firstOffset, check.batch.timestamp, partition.log.logStartOffset);
    }
    if (check.kind === 'reject') {
      broker.logger.debug({ topic, partition: data.index, errorMessage: check.message }, 'rejected produce');
      // As Kafka: no error message for these, but the partition's log start offset.
      return { ...failure(data.index, check.errorCode), logStartOffset: partition.log.logStartOffset };
    }
  }

  setPartitionLeaderEpoch(batch, partition.leaderEpoch);
  // LogAppendTime: the broker's clock stamps the batch (and the response), as in Kafka.
  const logAppendTimeMs = messageTimestampType === 'LogAppendTime' ? Date.now() : -1;
  if (logAppendTimeMs >= 0) setLogAppendTime(batch, logAppendTimeMs);
  const { baseOffset } = partition.append(batch);
  broker.metrics.produced(topic, data.index, batch.length, recordCountOf(batch));
  if (producer?.transactional) {
    broker.transactions.onTransactionalAppend(partition, producer.producerId, producer.producerEpoch, baseOffset);
  }
  partition.notifyAppended();
  return success(data.index, baseOffset, logAppendTimeMs, partition.log.logStartOffset);
}

/** LegacyRecord.RECORD_OVERHEAD_V0: Kafka refuses any batch length below the smallest record of any format. */
const MIN_RECORD_OVERHEAD = 14;

/** Kafka's CorruptRecordException message for a batch length below any record's size (negative ones included), or null. */
function recordSizeProblem(records: Buffer, pos: number): string | null {
  const length = records.readInt32BE(pos + BATCH_LENGTH);
  return length < MIN_RECORD_OVERHEAD ? `Record size ${length} is less than the minimum record overhead (${MIN_RECORD_OVERHEAD})` : null;
}

/**
 * Kafka's transaction verification (KIP-890): the first transactional batch of a transaction in a
 * partition is only appended if the coordinator knows the partition is in the producer's open
 * transaction; later ones are covered by the partition's own record of that open transaction.
 * Coordinator errors that older clients would not retry are reported as NOT_ENOUGH_REPLICAS.
 */
function verifyTransaction(
  broker: BrokerState,
  transactionalId: string,
  partition: Partition,
  producer: ProducerBatchHeader,
  version: number,
): PartitionProduceResponse | null {
  if (partition.producers.hasOngoingTransaction(producer.producerId, producer.producerEpoch)) return null;
  const error = broker.transactions.verifyTransactionalProduce(transactionalId, partition, producer.producerId, producer.producerEpoch, version >= 11);
  switch (error) {
    case ErrorCode.NONE:
      return null;
    case ErrorCode.INVALID_TXN_STATE:
      return failure(partition.index, error, 'Partition was not added to the transaction');
    case ErrorCode.CONCURRENT_TRANSACTIONS:
    case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
    case ErrorCode.COORDINATOR_NOT_AVAILABLE:
    case ErrorCode.NOT_COORDINATOR:
      return failure(
        partition.index,
        ErrorCode.NOT_ENOUGH_REPLICAS,
        `Unable to verify the partition has been added to the transaction. Underlying error: ${ErrorCode[error]}`,
      );
    default:
      return failure(partition.index, error);
  }
}

function success(index: number, baseOffset: number, logAppendTimeMs: number, logStartOffset: number): PartitionProduceResponse {
  return {
    index,
    errorCode: ErrorCode.NONE,
    baseOffset,
    logAppendTimeMs,
    logStartOffset,
    recordErrors: [],
    errorMessage: null,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}

function notLeader(broker: BrokerState, partition: Partition): PartitionProduceResponse {
  const currentLeader = { leaderId: broker.cluster.leaderOf(partition), leaderEpoch: partition.leaderEpoch };
  return { ...failure(partition.index, ErrorCode.NOT_LEADER_OR_FOLLOWER), currentLeader };
}

/** KIP-951: the endpoints of the leaders named in NOT_LEADER_OR_FOLLOWER answers. */
function leaderEndpoints(broker: BrokerState, responses: TopicProduceResponse[]): ProduceNodeEndpoint[] {
  const endpoints: ProduceNodeEndpoint[] = [];
  for (const t of responses) {
    for (const p of t.partitionResponses) {
      if (p.errorCode !== ErrorCode.NOT_LEADER_OR_FOLLOWER || endpoints.some((e) => e.nodeId === p.currentLeader.leaderId)) continue;
      const endpoint = broker.cluster.endpoint(p.currentLeader.leaderId);
      if (endpoint) endpoints.push(endpoint);
    }
  }
  return endpoints;
}

function hasTransactionalBatch(request: ProduceRequest): boolean {
  return request.topicData.some((t) =>
    t.partitionData.some((p) => p.records !== null && p.records.length >= BATCH_HEADER_SIZE && p.records.readInt8(MAGIC) === 2 && (attributesOf(p.records) & ATTR_TRANSACTIONAL) !== 0),
  );
}

function failure(index: number, errorCode: ErrorCode, errorMessage: string | null = null): PartitionProduceResponse {
  return {
    index,
    errorCode,
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
    recordErrors: [],
    errorMessage,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}
