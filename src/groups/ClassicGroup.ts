/**
 * One classic group's membership and state, as Kafka's ClassicGroup (GroupMetadata): members,
 * static instance ids, the leader, the generation and the chosen protocol, with the rules that
 * keep them consistent. It decides nothing on its own: the GroupCoordinator drives it and owns
 * the timers (it only keeps their handles here, so they go with the group).
 */
import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../../wire/errors';
import { GroupMember } from './GroupMember';
import { GroupState, joinError, JoinGroupMember, JoinGroupResult, Protocol, syncError, SyncGroupResult } from './types';

/** Kafka's allowed transitions: target state → the states it may be entered from. */
const VALID_PREVIOUS_STATES: Record<GroupState, readonly GroupState[]> = {
  [GroupState.Empty]: [GroupState.PreparingRebalance],
  [GroupState.PreparingRebalance]: [GroupState.Stable, GroupState.CompletingRebalance, GroupState.Empty],
  [GroupState.CompletingRebalance]: [GroupState.PreparingRebalance],
  [GroupState.Stable]: [GroupState.CompletingRebalance],
  [GroupState.Dead]: [
    GroupState.Stable,
    GroupState.PreparingRebalance,
    GroupState.CompletingRebalance,
    GroupState.Empty,
    GroupState.Dead,
  ],
};

/** The rebalance's join phase timer: Kafka's InitialDelayedJoin (first rebalance of an Empty group) or DelayedJoin. */
export interface JoinTimer {
  kind: 'initial' | 'regular';
  handle: NodeJS.Timeout;
}

export class ClassicGroup {
  state = GroupState.Empty;
  generationId = 0;
  /** Set by the first member to join an empty group; kept when members leave, as Kafka does. */
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** A member joined during the first rebalance (generation 0): the initial delay may be extended. */
  newMemberAdded = false;

  private readonly members = new Map<string, GroupMember>();
  /** group instance id → member id */
  private readonly staticMembers = new Map<string, string>();
  /** Ids handed out with MEMBER_ID_REQUIRED, with the timer that forgets them. */
  readonly pendingJoinMembers = new Map<string, NodeJS.Timeout>();
  /** Members that have not sent SyncGroup for this generation yet. */
  readonly pendingSyncMembers = new Set<string>();

  joinTimer: JoinTimer | null = null;
  syncTimer: NodeJS.Timeout | null = null;

  constructor(readonly groupId: string) {}

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(target: GroupState): void {
    if (!VALID_PREVIOUS_STATES[target].includes(this.state)) {
      throw new Error(`group ${this.groupId} cannot move from ${this.state} to ${target}`);
    }
    this.state = target;
  }

  /** Whether a rebalance may start now (it is not already preparing one, and the group is alive). */
  canRebalance(): boolean {
    return VALID_PREVIOUS_STATES[GroupState.PreparingRebalance].includes(this.state);
  }

  // ---- Members ---------------------------------------------------------------------------------

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  member(memberId: string): GroupMember | undefined {
    return this.members.get(memberId);
  }

  allMembers(): GroupMember[] {
    return [...this.members.values()];
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  generateMemberId(clientId: string, groupInstanceId: string | null): string {
    return `${groupInstanceId ?? clientId}-${randomUUID()}`;
  }

  add(member: GroupMember, onJoined: ((result: JoinGroupResult) => void) | null): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    member.awaitingJoin = onJoined;
    this.pendingJoinMembers.delete(member.memberId);
  }

  /** Forget a member (no answers sent): the caller has already answered what it waits for. */
  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member) {
      member.clearHeartbeatTimer();
      this.members.delete(memberId);
      if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    this.removePendingMember(memberId);
    this.pendingSyncMembers.delete(memberId);
  }

  /** New protocols and timeouts from a rejoin; the member now waits for the join phase to end. */
  updateMember(
    member: GroupMember,
    protocols: Protocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    onJoined: (result: JoinGroupResult) => void,
  ): void {
    member.protocols = protocols;
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    member.awaitingJoin = onJoined;
  }

  /** Answer a member's waiting JoinGroup, if it has one. */
  completeJoin(member: GroupMember, result: JoinGroupResult): boolean {
    const respond = member.awaitingJoin;
    if (!respond) return false;
    member.awaitingJoin = null;
    respond(result);
    return true;
  }

  /** Answer a member's waiting SyncGroup, if it has one. */
  completeSync(member: GroupMember, result: SyncGroupResult): boolean {
    const respond = member.awaitingSync;
    if (!respond) return false;
    member.awaitingSync = null;
    respond(result);
    return true;
  }

  // ---- Static members --------------------------------------------------------------------------

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /**
   * A static member came back without its member id: the same member continues under a new id.
   * Whatever the old id was waiting for is answered FENCED_INSTANCE_ID (a duplicate instance).
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string, fenced: ErrorCode): GroupMember {
    const old = this.members.get(oldMemberId);
    if (!old) throw new Error(`cannot replace unknown member ${oldMemberId}`);
    this.members.delete(oldMemberId);
    old.clearHeartbeatTimer();
    this.completeJoin(old, joinError(oldMemberId, fenced));
    this.completeSync(old, syncError(fenced));

    const replacement = new GroupMember(
      newMemberId,
      old.groupInstanceId,
      old.clientId,
      old.clientHost,
      old.rebalanceTimeoutMs,
      old.sessionTimeoutMs,
      old.protocolType,
      old.protocols,
    );
    replacement.assignment = old.assignment;
    this.members.set(newMemberId, replacement);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    this.staticMembers.set(groupInstanceId, newMemberId);
    return replacement;
  }

  // ---- Pending members (MEMBER_ID_REQUIRED) ----------------------------------------------------

  isPendingMember(memberId: string): boolean {
    return this.pendingJoinMembers.has(memberId);
  }

  addPendingMember(memberId: string, expiry: NodeJS.Timeout): void {
    this.pendingJoinMembers.set(memberId, expiry);
  }

  removePendingMember(memberId: string): void {
    const expiry = this.pendingJoinMembers.get(memberId);
    if (expiry) clearTimeout(expiry);
    this.pendingJoinMembers.delete(memberId);
  }

  // ---- The join phase --------------------------------------------------------------------------

  numAwaitingJoin(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  /** Every known member has (re)joined and no id handed out with MEMBER_ID_REQUIRED is outstanding. */
  hasAllMembersJoined(): boolean {
    return this.numAwaitingJoin() === this.members.size && this.pendingJoinMembers.size === 0;
  }

  notYetRejoinedMembers(): GroupMember[] {
    return this.allMembers().filter((m) => !m.isAwaitingJoin);
  }

  /** The rebalance waits as long as the most patient member allows. */
  rebalanceTimeoutMs(): number {
    let timeout = 0;
    for (const m of this.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    return timeout;
  }

  /**
   * Keep the leader if it rejoined, else pick a member that did. False when nobody rejoined (or
   * the group has no leader), so the generation cannot advance yet.
   */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.isAwaitingJoin) return true;
    const joined = this.allMembers().find((m) => m.isAwaitingJoin);
    if (!joined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  // ---- Protocols -------------------------------------------------------------------------------

  /** Protocols every member supports. */
  private candidateProtocols(): Set<string> {
    const [first, ...rest] = this.allMembers();
    if (!first) return new Set();
    return new Set(first.protocols.map((p) => p.name).filter((name) => rest.every((m) => m.supports(name))));
  }

  /**
   * Whether a member with this protocol type and these protocols may be in the group: an Empty
   * group takes any non-empty type with at least one protocol; otherwise the type must match and
   * one of the protocols must be supported by every current member.
   */
  supportsProtocols(protocolType: string, protocolNames: string[]): boolean {
    if (this.is(GroupState.Empty)) return protocolType !== '' && protocolNames.length > 0;
    if (this.protocolType !== protocolType) return false;
    const members = this.allMembers();
    return protocolNames.some((name) => members.every((m) => m.supports(name)));
  }

  /**
   * Kafka's vote: each member votes for its most preferred protocol among those every member
   * supports; the most votes wins (a tie goes to the protocol voted for first, in member order).
   */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [name, count] of votes) if (best === null || count > votes.get(best)!) best = name;
    if (best === null) throw new Error(`cannot select a protocol for empty group ${this.groupId}`);
    return best;
  }

  /** End of the join phase: the next generation, its protocol, and the sync phase (or Empty). */
  initNextGeneration(): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo(GroupState.CompletingRebalance);
    } else {
      this.protocolName = null;
      this.transitionTo(GroupState.Empty);
    }
    this.pendingSyncMembers.clear();
  }

  /** Every member with its metadata for the chosen protocol: what the leader assigns from. */
  currentMemberMetadata(): JoinGroupMember[] {
    return this.allMembers().map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata(this.protocolName),
    }));
  }
}
