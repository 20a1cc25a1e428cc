/**
 * What ShareFetch and ShareAcknowledge share: resolving a (topic id, partition) to the
 * share-partition this node leads (or the error Kafka answers instead), applying acknowledgements,
 * and releasing a member's records when its session or a forgotten partition goes away.
 */
import type { ShareAcknowledgementBatch, ShareLeaderIdAndEpoch, ShareNodeEndpoint } from '../../wire/apis/ShareFetch';
import { ErrorCode } from '../../wire/errors';
import type { BrokerState } from '../handlers/types';
import type { Partition } from '../topics/TopicRegistry';
import type { SharePartitionHandle } from './contracts';
import type { SessionPartition } from './ShareSessionCache';

export const NO_LEADER: ShareLeaderIdAndEpoch = { leaderId: -1, leaderEpoch: -1 };

export type Resolved =
  | { ok: true; partition: Partition; handle: SharePartitionHandle }
  | { ok: false; errorCode: ErrorCode; currentLeader: ShareLeaderIdAndEpoch };

/** The share-partition behind a request's (topic id, partition), if this node leads it. */
export function resolveSharePartition(broker: BrokerState, nodeId: number, groupId: string, p: SessionPartition): Resolved {
  const topic = broker.topics.getById(p.topicId);
  if (!topic || topic.deleted) return { ok: false, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, currentLeader: NO_LEADER };
  const partition = topic.partitions[p.partition];
  if (!partition) return { ok: false, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, currentLeader: NO_LEADER };
  if (!broker.cluster.leads(nodeId, partition)) {
    return {
      ok: false,
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: broker.cluster.leaderOf(partition), leaderEpoch: partition.leaderEpoch },
    };
  }
  const handle = broker.sharePartitions.get(groupId, topic.name, p.partition);
  if (!handle) return { ok: false, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, currentLeader: NO_LEADER };
  return { ok: true, partition, handle };
}

export interface AcknowledgeResult {
  errorCode: ErrorCode;
  currentLeader: ShareLeaderIdAndEpoch;
}

/** Apply one partition's acknowledgement batches for the member. */
export function acknowledgePartition(
  broker: BrokerState,
  nodeId: number,
  groupId: string,
  memberId: string,
  p: SessionPartition,
  batches: ShareAcknowledgementBatch[],
): AcknowledgeResult {
  const resolved = resolveSharePartition(broker, nodeId, groupId, p);
  if (!resolved.ok) return { errorCode: resolved.errorCode, currentLeader: resolved.currentLeader };
  const errorCode = resolved.handle.acknowledge(memberId, batches);
  return { errorCode, currentLeader: NO_LEADER };
}

/** Make the member's acquired records in these partitions available again (those this node leads). */
export function releasePartitions(broker: BrokerState, nodeId: number, groupId: string, memberId: string, partitions: readonly SessionPartition[]): void {
  for (const p of partitions) {
    const resolved = resolveSharePartition(broker, nodeId, groupId, p);
    if (resolved.ok) resolved.handle.releaseMember(memberId);
  }
}

/** The endpoints of the leaders named in NOT_LEADER_OR_FOLLOWER answers. */
export function leaderEndpoints(broker: BrokerState, leaders: Iterable<ShareLeaderIdAndEpoch>): ShareNodeEndpoint[] {
  const endpoints: ShareNodeEndpoint[] = [];
  for (const { leaderId } of leaders) {
    if (leaderId < 0 || endpoints.some((e) => e.nodeId === leaderId)) continue;
    const endpoint = broker.cluster.endpoint(leaderId);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

/** Group (topic id, partition, value) entries by topic, keeping first-seen order. */
export function byTopic<T>(entries: readonly { topicId: string; value: T }[]): { topicId: string; partitions: T[] }[] {
  const topics: { topicId: string; partitions: T[] }[] = [];
  for (const e of entries) {
    let t = topics.find((x) => x.topicId === e.topicId);
    if (!t) topics.push((t = { topicId: e.topicId, partitions: [] }));
    t.partitions.push(e.value);
  }
  return topics;
}
