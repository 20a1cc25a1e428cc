/**
 * Fetch (v4+). Sessionless: a request to open a session gets session id 0, so clients keep
 * sending full fetches. Returns whole batches as stored; the first batch of the response is
 * returned whole even when larger than the limits (KIP-74). Waits up to maxWaitMs for minBytes.
 *
 * read_uncommitted reads up to the high watermark, control batches (transaction markers)
 * included. read_committed reads only below the last stable offset (the first offset of the
 * earliest open transaction) and lists the aborted transactions overlapping the returned
 * batches, so the client can drop their records; it still gets the markers it needs for that.
 *
 * Before v11 only the partition's leader answers (others: NOT_LEADER_OR_FOLLOWER); from v11 the
 * request carries client metadata and, as in Kafka (KIP-392), any replica serves it. From v16 a
 * NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH answer names the current leader (KIP-951).
 */
import {
  Fetch,
  FetchableTopicResponse,
  FetchNodeEndpoint,
  FetchPartition,
  FetchPartitionData,
  FetchRequest,
  FetchResponse,
} from '../../wire/apis/Fetch';
import { ErrorCode } from '../../wire/errors';
import { baseOffsetOf, lastOffsetOf } from '../../wire/records';
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import { Partition } from '../topics/TopicRegistry';
import { BrokerState, defineHandler } from './types';

const READ_COMMITTED = 1;
/** The first version a follower may serve (it carries the rack id: Kafka's clientMetadata). */
const FOLLOWER_FETCH_VERSION = 11;
/** The first version whose errors name the current leader and its endpoint (KIP-951). */
const CURRENT_LEADER_VERSION = 16;

/** The node answering, and the request version, which decide what it may serve. */
interface Answering {
  nodeId: number;
  apiVersion: number;
}

interface WantedTopic {
  name: string;
  topicId: string;
  /** Missing when the topic does not exist. */
  partitions: { request: FetchPartition; partition: Partition | undefined }[];
  unknownError: ErrorCode;
}

export default defineHandler<FetchRequest, FetchResponse>({
  api: Fetch,
  minVersion: 4,
  maxVersion: 17,
  handle(request, ctx) {
    const { broker, apiVersion } = ctx;
    // We never create sessions: id 0 with epoch 0 (open one) or −1 (none) is a full fetch.
    if (request.sessionId !== 0) return topLevelError(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
    if (request.sessionEpoch !== 0 && request.sessionEpoch !== -1) return topLevelError(ErrorCode.INVALID_FETCH_SESSION_EPOCH);

    const byId = apiVersion >= 13;
    const wanted: WantedTopic[] = request.topics.map((t) => {
      const topic = byId ? broker.topics.getById(t.topicId) : broker.topics.get(t.topic);
      return {
        name: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => ({ request: p, partition: topic?.partitions[p.partition] })),
        unknownError: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      };
    });
    const readCommitted = request.isolationLevel === READ_COMMITTED;
    const answering = { nodeId: ctx.nodeId, apiVersion };
    const attempt = () => readAll(broker, answering, wanted, request.maxBytes, readCommitted);

    const first = attempt();
    if (first.bytes >= request.minBytes || request.maxWaitMs <= 0 || first.anyError) return first.response;
    return waitForData(broker, wanted, request, attempt);
  },
});

interface Attempt {
  response: FetchResponse;
  bytes: number;
  anyError: boolean;
}

function readAll(broker: BrokerState, answering: Answering, wanted: WantedTopic[], maxBytes: number, readCommitted: boolean): Attempt {
  const { transactions, metrics } = broker;
  let bytes = 0;
  let anyError = false;
  const responses: FetchableTopicResponse[] = wanted.map((t) => ({
    topic: t.name,
    topicId: t.topicId,
    partitions: t.partitions.map(({ request, partition }): FetchPartitionData => {
      if (!partition || partition.topic.deleted) {
        anyError = true;
        return partitionError(request.partition, t.unknownError);
      }
      const { log } = partition;
      if (request.currentLeaderEpoch >= 0 && request.currentLeaderEpoch !== partition.leaderEpoch) {
        anyError = true;
        const fenced = request.currentLeaderEpoch < partition.leaderEpoch;
        if (!fenced) return partitionError(request.partition, ErrorCode.UNKNOWN_LEADER_EPOCH);
        return leaderError(broker, answering, partition, ErrorCode.FENCED_LEADER_EPOCH);
      }
      if (answering.apiVersion < FOLLOWER_FETCH_VERSION && !broker.cluster.leads(answering.nodeId, partition)) {
        anyError = true;
        return leaderError(broker, answering, partition, ErrorCode.NOT_LEADER_OR_FOLLOWER);
      }
      if (request.fetchOffset < log.logStartOffset || request.fetchOffset > log.logEndOffset) {
        anyError = true;
        return partitionError(request.partition, ErrorCode.OFFSET_OUT_OF_RANGE);
      }
      const lastStableOffset = transactions.lastStableOffset(partition);
      const data = partitionData(request.partition, partition, lastStableOffset, readCommitted);
      // read_committed stops at the last stable offset (always a batch boundary).
      const readUpTo = readCommitted ? lastStableOffset : log.logEndOffset;
      const limit = Math.min(request.partitionMaxBytes, maxBytes - bytes);
      let batches = request.fetchOffset < readUpTo && (limit > 0 || bytes === 0) ? log.read(request.fetchOffset, Math.max(limit, 0)) : [];
      if (readCommitted) batches = batches.filter((b) => baseOffsetOf(b) < readUpTo);
      const size = batches.reduce((sum, b) => sum + b.length, 0);
      // KIP-74: only the response's first batch may exceed the limits.
      if (bytes > 0 && size > limit) batches = [];
      else bytes += size;
      (data as { records: unknown }).records = batches;
      if (batches.length > 0) metrics.fetched(partition.topic.name, request.partition, batches);
      if (readCommitted && batches.length > 0) {
        // Those overlapping [fetchOffset, end of the returned batches), as Kafka's collectAbortedTxns.
        const upperBound = lastOffsetOf(batches[batches.length - 1]) + 1;
        data.abortedTransactions = transactions
          .abortedTransactions(partition, request.fetchOffset, upperBound)
          .map(({ producerId, firstOffset }) => ({ producerId, firstOffset }));
      }
      return data;
    }),
  }));
  const nodeEndpoints = anyError && answering.apiVersion >= CURRENT_LEADER_VERSION ? leaderEndpoints(broker, responses) : [];
  return { response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses, nodeEndpoints }, bytes, anyError };
}

/** Long poll: answer as soon as minBytes are there, or after maxWaitMs with whatever there is. */
function waitForData(
  broker: BrokerState,
  wanted: WantedTopic[],
  request: FetchRequest,
  attempt: () => Attempt,
): Promise<FetchResponse> {
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    let done = false;
    let checkScheduled = false;
    const finish = (ready?: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      broker.shutdown.removeEventListener('abort', finishNow);
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve((ready ?? attempt()).response);
    };
    const finishNow = () => finish();
    // Appends come in bursts: read once per event-loop turn, not once per append.
    const onAppend = () => {
      if (checkScheduled || done) return;
      checkScheduled = true;
      setImmediate(() => {
        checkScheduled = false;
        if (done) return;
        const next = attempt();
        if (next.bytes >= request.minBytes || next.anyError) finish(next);
      });
    };
    const timer = setTimeout(finishNow, request.maxWaitMs);
    broker.shutdown.addEventListener('abort', finishNow);
    for (const t of wanted) for (const p of t.partitions) if (p.partition) unsubscribes.push(p.partition.onAppend(onAppend));
  });
}

function partitionData(index: number, partition: Partition, lastStableOffset: number, readCommitted: boolean): FetchPartitionData {
  const { log } = partition;
  return {
    partitionIndex: index,
    errorCode: ErrorCode.NONE,
    highWatermark: log.logEndOffset,
    lastStableOffset,
    logStartOffset: log.logStartOffset,
    divergingEpoch: { epoch: -1, endOffset: -1 },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 },
    abortedTransactions: readCommitted ? [] : null,
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}

function partitionError(index: number, errorCode: ErrorCode): FetchPartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    divergingEpoch: { epoch: -1, endOffset: -1 },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 },
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}

/** An error that names the partition's current leader from v16 (KIP-951). */
function leaderError(broker: BrokerState, answering: Answering, partition: Partition, errorCode: ErrorCode): FetchPartitionData {
  const data = partitionError(partition.index, errorCode);
  if (answering.apiVersion >= CURRENT_LEADER_VERSION) {
    data.currentLeader = { leaderId: broker.cluster.leaderOf(partition), leaderEpoch: partition.leaderEpoch };
  }
  return data;
}

/** The endpoints of the leaders that leaderError named. */
function leaderEndpoints(broker: BrokerState, responses: FetchableTopicResponse[]): FetchNodeEndpoint[] {
  const endpoints: FetchNodeEndpoint[] = [];
  for (const t of responses) {
    for (const p of t.partitions) {
      const { leaderId } = p.currentLeader;
      if (leaderId < 0 || endpoints.some((e) => e.nodeId === leaderId)) continue;
      const endpoint = broker.cluster.endpoint(leaderId);
      if (endpoint) endpoints.push(endpoint);
    }
  }
  return endpoints;
}

function topLevelError(errorCode: ErrorCode): FetchResponse {
  return { throttleTimeMs: 0, errorCode, sessionId: 0, responses: [], nodeEndpoints: [] };
}
