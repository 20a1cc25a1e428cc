/**
 * Share sessions (KIP-932), as Kafka's ShareSessionCache: one per (node, group, member), holding the
 * partitions the member fetches from this node and the epoch its next request must carry.
 *
 * ShareFetch with epoch 0 opens a session (replacing an old one), −1 closes it, anything else must
 * equal the session's epoch, which then moves on (1, 2, … Integer.MAX_VALUE, 1, …). The cache
 * holds at most group.share.max.share.sessions sessions per node; Kafka frees a session when its
 * connection closes, we also free those of members that left their group when the cache is full.
 */
import { ErrorCode } from '../../wire/errors';

export interface SessionPartition {
  topicId: string;
  partition: number;
}

/** Kafka's ShareRequestMetadata epochs. */
export const INITIAL_EPOCH = 0;
export const FINAL_EPOCH = -1;

/** The epoch after `epoch`, as Kafka's ShareRequestMetadata.nextEpoch. */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return FINAL_EPOCH;
  if (epoch === 0x7fffffff) return 1;
  return epoch + 1;
}

export class ShareSession {
  /** The epoch the next request must carry. */
  epoch = nextEpoch(INITIAL_EPOCH);
  /** Where the next fetch starts acquiring, so every partition gets its turn first. */
  rotation = 0;
  lastUsedMs = Date.now();
  private readonly partitionList: SessionPartition[] = [];

  constructor(
    readonly nodeId: number,
    readonly groupId: string,
    readonly memberId: string,
    partitions: readonly SessionPartition[],
  ) {
    this.add(partitions);
  }

  get partitions(): readonly SessionPartition[] {
    return this.partitionList;
  }

  has(p: SessionPartition): boolean {
    return this.partitionList.some((q) => q.topicId === p.topicId && q.partition === p.partition);
  }

  /** Partitions a request names join the session (in request order); known ones stay where they are. */
  add(partitions: readonly SessionPartition[]): void {
    for (const p of partitions) if (!this.has(p)) this.partitionList.push({ topicId: p.topicId, partition: p.partition });
  }

  /** forgottenTopicsData: the partitions leave the session; returns those that were in it. */
  remove(partitions: readonly SessionPartition[]): SessionPartition[] {
    const removed: SessionPartition[] = [];
    for (const p of partitions) {
      const i = this.partitionList.findIndex((q) => q.topicId === p.topicId && q.partition === p.partition);
      if (i >= 0) removed.push(...this.partitionList.splice(i, 1));
    }
    return removed;
  }

  /** The session's partitions, starting at the rotation point; moves the rotation point on. */
  rotated(): SessionPartition[] {
    const n = this.partitionList.length;
    if (n === 0) return [];
    const start = this.rotation % n;
    this.rotation = (start + 1) % n;
    return [...this.partitionList.slice(start), ...this.partitionList.slice(0, start)];
  }
}

export class ShareSessionCache {
  private readonly sessions = new Map<string, ShareSession>();

  constructor(
    private readonly maxSessionsPerNode: () => number,
    /** Whether the member still belongs to the group: sessions of members that left may be evicted when full. */
    private readonly isMember: (groupId: string, memberId: string) => boolean = () => true,
  ) {}

  private static key(nodeId: number, groupId: string, memberId: string): string {
    return JSON.stringify([nodeId, groupId, memberId]);
  }

  get(nodeId: number, groupId: string, memberId: string): ShareSession | undefined {
    return this.sessions.get(ShareSessionCache.key(nodeId, groupId, memberId));
  }

  /** Open a session (epoch 0), replacing the member's old one; SHARE_SESSION_LIMIT_REACHED when full. */
  open(nodeId: number, groupId: string, memberId: string, partitions: readonly SessionPartition[]): ShareSession | ErrorCode {
    const key = ShareSessionCache.key(nodeId, groupId, memberId);
    this.sessions.delete(key);
    if (this.countOn(nodeId) >= this.maxSessionsPerNode()) {
      this.evictDeparted(nodeId);
      if (this.countOn(nodeId) >= this.maxSessionsPerNode()) return ErrorCode.SHARE_SESSION_LIMIT_REACHED;
    }
    const session = new ShareSession(nodeId, groupId, memberId, partitions);
    this.sessions.set(key, session);
    return session;
  }

  remove(session: ShareSession): void {
    const key = ShareSessionCache.key(session.nodeId, session.groupId, session.memberId);
    if (this.sessions.get(key) === session) this.sessions.delete(key);
  }

  /** Forget every session of a member (it was removed from its group), or of a whole group (member omitted). */
  removeMember(groupId: string, memberId?: string): ShareSession[] {
    const removed: ShareSession[] = [];
    for (const [key, s] of this.sessions) {
      if (s.groupId === groupId && (memberId === undefined || s.memberId === memberId)) {
        this.sessions.delete(key);
        removed.push(s);
      }
    }
    return removed;
  }

  /** Sessions on one node. */
  countOn(nodeId: number): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.nodeId === nodeId) n++;
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  clear(): void {
    this.sessions.clear();
  }

  private evictDeparted(nodeId: number): void {
    for (const [key, s] of this.sessions) if (s.nodeId === nodeId && !this.isMember(s.groupId, s.memberId)) this.sessions.delete(key);
  }
}
