/**
 * DescribeProducers (0): the producer state of each requested partition, as its leader keeps it:
 * every producer id with its epoch, last sequence and timestamp, the epoch of the coordinator
 * that wrote its last transaction marker and the first offset of its open transaction. Any
 * replica answers, as in Kafka (which reads the local log, leader's or follower's).
 */
import {
  DescribeProducers,
  DescribeProducersRequest,
  DescribeProducersResponse,
  DescribeProducersResponsePartition,
} from '../../wire/apis/DescribeProducers';
import { ErrorCode } from '../../wire/errors';
import type { BrokerState } from './types';
import { defineHandler } from './types';

export default defineHandler<DescribeProducersRequest, DescribeProducersResponse>({
  api: DescribeProducers,
  minVersion: 0,
  maxVersion: 0,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((index) => describe(ctx.broker, t.name, index)),
      })),
    };
  },
});

function describe(broker: BrokerState, topic: string, index: number): DescribeProducersResponsePartition {
  const partition = broker.topics.partition(topic, index);
  if (!partition) return { partitionIndex: index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] };
  return {
    partitionIndex: index,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    activeProducers: partition.producers.activeProducers().map((p) => ({
      producerId: p.producerId,
      producerEpoch: p.producerEpoch,
      lastSequence: p.lastSeq,
      lastTimestamp: p.lastTimestamp,
      coordinatorEpoch: p.coordinatorEpoch,
      currentTxnStartOffset: p.currentTxnFirstOffset,
    })),
  };
}
