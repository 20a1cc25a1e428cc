/**
 * ShareFetch (v1, KIP-932): a share consumer's fetch from the partitions this node leads.
 *
 * In order, as Kafka: the share session (epoch 0 opens one, −1 closes it, otherwise the epoch must
 * match), then the piggybacked acknowledgements (each partition's result in acknowledgeErrorCode),
 * then forgotten partitions (the member's records there are released), then acquisition across
 * the session's partitions, starting one further each time so every partition gets its turn
 * first, up to maxRecords in total. With nothing acquirable it waits up to maxWaitMs until records
 * become available (new data, a release, a lock expiry) or minBytes are acquired; it answers at
 * once when the broker stops. Epoch −1 only acknowledges, releases the member's remaining
 * records in the session's partitions and closes the session.
 *
 * The response of a new session names every partition in it; later responses (as Kafka's
 * ShareSessionContext) only those with records, an error or an acknowledgement result.
 */
import {
  ShareAcquiredRecords,
  ShareFetch,
  ShareFetchPartitionData,
  ShareFetchRequest,
  ShareFetchResponse,
  ShareLeaderIdAndEpoch,
} from '../../wire/apis/ShareFetch';
import { ErrorCode } from '../../wire/errors';
import { baseOffsetOf } from '../../wire/records';
import { FINAL_EPOCH, INITIAL_EPOCH, nextEpoch, SessionPartition, ShareSession } from '../share/ShareSessionCache';
import {
  AcknowledgeResult,
  acknowledgePartition,
  byTopic,
  leaderEndpoints,
  NO_LEADER,
  releasePartitions,
  resolveSharePartition,
} from '../share/sharePartitionRequests';
import { BrokerState, defineHandler } from './types';

const keyOf = (p: SessionPartition) => `${p.topicId}:${p.partition}`;

/** What one partition has gathered for the response (acquisitions may span several attempts). */
interface Gathered {
  errorCode: ErrorCode;
  currentLeader: ShareLeaderIdAndEpoch;
  acquired: ShareAcquiredRecords[];
  /** By base offset, so a batch holding records of two acquisitions is sent once. */
  batches: Map<number, Buffer>;
}

export default defineHandler<ShareFetchRequest, ShareFetchResponse>({
  api: ShareFetch,
  minVersion: 1,
  maxVersion: 1,
  handle(request, ctx) {
    const { broker, nodeId } = ctx;
    const groupId = request.groupId ?? '';
    const memberId = request.memberId ?? '';
    const lockMs = broker.groupConfigs.shareSettings(groupId).recordLockDurationMs;
    if (groupId === '' || memberId === '') return topLevelError(ErrorCode.INVALID_REQUEST);

    const sessions = broker.shareGroups.sessions;
    const epoch = request.shareSessionEpoch;
    const requested = request.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topicId: t.topicId, partition: p.partitionIndex, batches: p.acknowledgementBatches })),
    );
    const forgotten = request.forgottenTopicsData.flatMap((t) => t.partitions.map((partition) => ({ topicId: t.topicId, partition })));
    const hasAcks = requested.some((p) => p.batches.length > 0);

    // ---- The share session.
    let session: ShareSession;
    if (epoch === INITIAL_EPOCH) {
      // A new session's first request cannot acknowledge anything (Kafka: INVALID_REQUEST).
      if (hasAcks) return topLevelError(ErrorCode.INVALID_REQUEST);
      const opened = sessions.open(nodeId, groupId, memberId, requested);
      if (typeof opened === 'number') return topLevelError(opened);
      session = opened;
    } else {
      const existing = sessions.get(nodeId, groupId, memberId);
      if (!existing) return topLevelError(ErrorCode.SHARE_SESSION_NOT_FOUND);
      if (epoch === FINAL_EPOCH) {
        if (forgotten.length > 0) return topLevelError(ErrorCode.INVALID_REQUEST);
      } else {
        if (epoch !== existing.epoch) return topLevelError(ErrorCode.INVALID_SHARE_SESSION_EPOCH);
        existing.add(requested);
        existing.epoch = nextEpoch(existing.epoch);
      }
      existing.lastUsedMs = Date.now();
      session = existing;
    }

    // ---- Acknowledgements first, while the records are still acquired.
    const ackResults = new Map<string, AcknowledgeResult>();
    for (const p of requested) {
      if (p.batches.length === 0) continue;
      ackResults.set(keyOf(p), acknowledgePartition(broker, nodeId, groupId, memberId, p, p.batches));
    }

    // ---- Forgotten partitions leave the session; the member's records there are released.
    if (forgotten.length > 0) releasePartitions(broker, nodeId, groupId, memberId, session.remove(forgotten));

    if (epoch === FINAL_EPOCH) {
      releasePartitions(broker, nodeId, groupId, memberId, session.partitions);
      sessions.remove(session);
      const entries = requested.filter((p) => ackResults.has(keyOf(p)));
      return respond(broker, lockMs, entries, new Map(), ackResults);
    }

    // ---- Acquire, waiting if nothing is there yet.
    const full = epoch === INITIAL_EPOCH;
    const gathered = new Map<string, Gathered>();
    let records = 0;
    let bytes = 0;
    const maxRecords = request.maxRecords > 0 ? request.maxRecords : Number.MAX_SAFE_INTEGER;
    const maxBytes = request.maxBytes > 0 ? request.maxBytes : 0x7fffffff;
    let leadsAny = false;
    const attempt = () => {
      leadsAny = false;
      for (const p of session.rotated()) {
        const g: Gathered = gathered.get(keyOf(p)) ?? { errorCode: ErrorCode.NONE, currentLeader: NO_LEADER, acquired: [], batches: new Map() };
        gathered.set(keyOf(p), g);
        const resolved = resolveSharePartition(broker, nodeId, groupId, p);
        if (!resolved.ok) {
          g.errorCode = resolved.errorCode;
          g.currentLeader = resolved.currentLeader;
          continue;
        }
        leadsAny = true;
        g.errorCode = ErrorCode.NONE;
        g.currentLeader = NO_LEADER;
        if (records >= maxRecords || bytes >= maxBytes) continue;
        const got = resolved.handle.acquire(memberId, maxRecords - records, maxBytes - bytes);
        for (const r of got.acquired) {
          g.acquired.push({ firstOffset: r.firstOffset, lastOffset: r.lastOffset, deliveryCount: r.deliveryCount });
          records += r.lastOffset - r.firstOffset + 1;
        }
        for (const b of got.batches) {
          const base = baseOffsetOf(b);
          if (!g.batches.has(base)) {
            g.batches.set(base, b);
            bytes += b.length;
          }
        }
      }
    };
    const answer = () => {
      const entries: SessionPartition[] = full
        ? [...session.partitions]
        : [...session.partitions, ...requested.filter((p) => !session.has(p))].filter((p) => {
            const g = gathered.get(keyOf(p));
            return ackResults.has(keyOf(p)) || (g && (g.acquired.length > 0 || g.errorCode !== ErrorCode.NONE));
          });
      // Acknowledged partitions no longer in the session (forgotten) still get their result.
      for (const p of requested) if (ackResults.has(keyOf(p)) && !entries.some((e) => keyOf(e) === keyOf(p))) entries.push({ topicId: p.topicId, partition: p.partition });
      return respond(broker, lockMs, entries, gathered, ackResults);
    };

    attempt();
    const enough = () => records > 0 && bytes >= Math.max(request.minBytes, 1);
    // Partitions in error are answered with the others; with none left to wait on, at once.
    if (enough() || records >= maxRecords || !leadsAny || request.maxWaitMs <= 0 || broker.shutdown.aborted) return answer();
    return waitForRecords(broker, groupId, session, request.maxWaitMs, attempt, () => enough() || records >= maxRecords || !leadsAny, answer);
  },
});

/** Long poll: try again whenever a partition may have records available, answer when satisfied or at the deadline. */
function waitForRecords(
  broker: BrokerState,
  groupId: string,
  session: ShareSession,
  maxWaitMs: number,
  attempt: () => void,
  satisfied: () => boolean,
  answer: () => ShareFetchResponse,
): Promise<ShareFetchResponse> {
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    let done = false;
    let scheduled = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      broker.shutdown.removeEventListener('abort', finish);
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve(answer());
    };
    // Availability comes in bursts (a produce of many batches): try once per event-loop turn.
    const onAvailable = () => {
      if (scheduled || done) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (done) return;
        attempt();
        if (satisfied()) finish();
      });
    };
    const timer = setTimeout(finish, maxWaitMs);
    broker.shutdown.addEventListener('abort', finish);
    for (const p of session.partitions) {
      const topic = broker.topics.getById(p.topicId);
      if (topic) unsubscribes.push(broker.sharePartitions.onAvailable(groupId, topic.name, p.partition, onAvailable));
    }
  });
}

function respond(
  broker: BrokerState,
  lockMs: number,
  entries: readonly SessionPartition[],
  gathered: ReadonlyMap<string, Gathered>,
  ackResults: ReadonlyMap<string, AcknowledgeResult>,
): ShareFetchResponse {
  const leaders: ShareLeaderIdAndEpoch[] = [];
  const partitions = entries.map((p) => {
    const g = gathered.get(keyOf(p));
    const ack = ackResults.get(keyOf(p));
    const currentLeader = g && g.errorCode !== ErrorCode.NONE ? g.currentLeader : ack && ack.errorCode !== ErrorCode.NONE ? ack.currentLeader : NO_LEADER;
    if (currentLeader.leaderId >= 0) leaders.push(currentLeader);
    const records = g ? [...g.batches.values()].sort((a, b) => baseOffsetOf(a) - baseOffsetOf(b)) : [];
    const topicName = records.length > 0 ? broker.topics.getById(p.topicId)?.name : undefined;
    if (topicName !== undefined) broker.metrics.fetched(topicName, p.partition, records);
    const data: ShareFetchPartitionData = {
      partitionIndex: p.partition,
      errorCode: g?.errorCode ?? ErrorCode.NONE,
      errorMessage: null,
      acknowledgeErrorCode: ack?.errorCode ?? ErrorCode.NONE,
      acknowledgeErrorMessage: null,
      currentLeader,
      records: g ? records : Buffer.alloc(0),
      acquiredRecords: g ? [...g.acquired].sort((a, b) => a.firstOffset - b.firstOffset) : [],
    };
    return { topicId: p.topicId, value: data };
  });
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    acquisitionLockTimeoutMs: lockMs,
    responses: byTopic(partitions),
    nodeEndpoints: leaderEndpoints(broker, leaders),
  };
}

/** As Kafka's ShareFetchRequest.getErrorResponse: no lock timeout, no partitions. */
function topLevelError(errorCode: ErrorCode): ShareFetchResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage: null, acquisitionLockTimeoutMs: 0, responses: [], nodeEndpoints: [] };
}
