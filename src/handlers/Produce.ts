/**
 * Produce (v3+: RecordBatch v2 only). Each partition's batch is checked in place (size, magic,
 * CRC-32C, record count) and appended as the producer sent it; nothing is decompressed.
 */
import {
  PartitionProduceData,
  PartitionProduceResponse,
  Produce,
  ProduceRequest,
  ProduceResponse,
} from '../../wire/apis/Produce';
import { ErrorCode } from '../../wire/errors';
import {
  ATTR_COMPRESSION_MASK,
  ATTR_CONTROL,
  Compression,
  attributesOf,
  batchProblem,
  batchSize,
  lastOffsetDeltaOf,
  LOG_OVERHEAD,
  recordCountOf,
  setPartitionLeaderEpoch,
} from '../../wire/records';
import { BrokerState, defineHandler, NO_RESPONSE } from './types';

export default defineHandler<ProduceRequest, ProduceResponse>({
  api: Produce,
  minVersion: 3,
  maxVersion: 11,
  handle(request, ctx) {
    const { broker } = ctx;
    const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
    const responses = request.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) =>
        validAcks ? produceTo(broker, t.name, p, ctx.apiVersion) : failure(p.index, ErrorCode.INVALID_REQUIRED_ACKS),
      ),
    }));
    if (request.acks === 0) return NO_RESPONSE;
    return { responses, throttleTimeMs: 0, nodeEndpoints: [] };
  },
});

function produceTo(broker: BrokerState, topic: string, data: PartitionProduceData, version: number): PartitionProduceResponse {
  const partition = broker.topics.partition(topic, data.index);
  if (!partition) return failure(data.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const records = data.records;
  const invalid = (errorCode: ErrorCode, errorMessage: string) => {
    broker.logger.debug({ topic, partition: data.index, errorMessage }, 'rejected produce');
    return failure(data.index, errorCode, errorMessage);
  };

  if (records === null || records.length < LOG_OVERHEAD || batchSize(records) > records.length) {
    return invalid(ErrorCode.INVALID_RECORD, 'Produce requests must have exactly one whole record batch per partition');
  }
  const size = batchSize(records);
  // Kafka trims bytes after the last whole batch, but a second whole batch is an error (v3+).
  if (records.length - size >= LOG_OVERHEAD && batchSize(records, size) <= records.length - size) {
    return invalid(ErrorCode.INVALID_RECORD, 'Produce requests are only allowed to contain exactly one record batch per partition');
  }
  const problem = batchProblem(records, 0, size);
  if (problem?.startsWith('unsupported record batch magic')) return invalid(ErrorCode.INVALID_RECORD, problem);
  if (problem) return invalid(ErrorCode.CORRUPT_MESSAGE, `Record batch is corrupt: ${problem}`);
  if (version < 7 && (attributesOf(records) & ATTR_COMPRESSION_MASK) === Compression.Zstd) {
    return invalid(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `Produce requests with version ${version} are not allowed to use ZStandard compression`);
  }
  if (attributesOf(records) & ATTR_CONTROL) return invalid(ErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
  if (recordCountOf(records) !== lastOffsetDeltaOf(records) + 1 || recordCountOf(records) <= 0) {
    return invalid(ErrorCode.INVALID_RECORD, 'Inconsistent batch offset range and record count');
  }
  if (size > broker.config.messageMaxBytes) {
    return invalid(
      ErrorCode.MESSAGE_TOO_LARGE,
      `The record batch of ${size} bytes is larger than message.max.bytes (${broker.config.messageMaxBytes})`,
    );
  }

  const batch = records.subarray(0, size);
  setPartitionLeaderEpoch(batch, partition.leaderEpoch);
  const { baseOffset } = partition.log.append(batch);
  partition.notifyAppended();
  return {
    index: data.index,
    errorCode: ErrorCode.NONE,
    baseOffset,
    logAppendTimeMs: -1,
    logStartOffset: partition.log.logStartOffset,
    recordErrors: [],
    errorMessage: null,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
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
