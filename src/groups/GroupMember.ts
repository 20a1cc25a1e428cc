/**
 * One member of a classic group, as Kafka's ClassicGroupMember (MemberMetadata): who it is, what
 * it supports, its assignment, and the JoinGroup / SyncGroup answer it is waiting for, if any.
 */
import type { JoinGroupResult, Protocol, SyncGroupResult } from './types';

export type JoinCallback = (result: JoinGroupResult) => void;
export type SyncCallback = (result: SyncGroupResult) => void;

const NO_BYTES = Buffer.alloc(0);

export class GroupMember {
  assignment: Buffer = NO_BYTES;
  /** Set while its JoinGroup waits for the rebalance to complete. */
  awaitingJoin: JoinCallback | null = null;
  /** Set while its SyncGroup waits for the leader's assignment. */
  awaitingSync: SyncCallback | null = null;
  /** Added during this rebalance: its first JoinGroup is still waiting (it has no session yet). */
  isNew = false;
  /** Its session (or, while new, its first join) expires when this fires. */
  heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public protocols: Protocol[],
  ) {}

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== null;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  supports(protocolName: string): boolean {
    return this.protocols.some((p) => p.name === protocolName);
  }

  /** Its metadata for a protocol (empty if it does not support it). */
  metadata(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? NO_BYTES;
  }

  /** Same protocols, in the same order, with the same metadata: a rejoin that changes nothing. */
  matches(protocols: Protocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata))
    );
  }

  /** Its most preferred protocol among the candidates (the group's vote). */
  vote(candidates: Set<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    if (!choice) throw new Error(`member ${this.memberId} supports none of the candidate protocols`);
    return choice.name;
  }

  clearHeartbeatTimer(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
