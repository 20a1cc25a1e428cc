/**
 * The classic consumer group coordinator, behaving as Apache Kafka's GroupCoordinator (the
 * classic-group half of its group-coordinator module): JoinGroup / SyncGroup rebalances, session
 * timeouts, static membership, leaving, describing, listing and deleting groups, and the group
 * checks behind OffsetCommit.
 *
 * A rebalance: the first join (or a leaving or failing member, or a leader or changed-metadata
 * rejoin) moves the group to PreparingRebalance; it ends when every known member has rejoined or
 * the rebalance timeout passes (members that did not rejoin are dropped). Then the generation
 * advances, a protocol is voted, every waiting JoinGroup is answered (the leader with all members'
 * metadata) and the group waits in CompletingRebalance for the leader's SyncGroup, whose
 * assignments answer every waiting SyncGroup; the group is Stable.
 *
 * Unlike Kafka, group membership lives in memory only (Kafka also writes it to
 * __consumer_offsets): after a restart the groups are gone, except as offset-only Empty groups,
 * and members simply rejoin when their next request gets UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION.
 * Committed offsets are the OffsetStore's and do survive.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import type { GroupConfig } from '../config';
import { ClassicGroup } from './ClassicGroup';
import { GroupMember, JoinCallback, SyncCallback } from './GroupMember';
import { GroupProtocolTypes } from './GroupProtocolTypes';
import type { OffsetStore } from './OffsetStore';
import {
  GroupDescription,
  GroupListing,
  GroupState,
  JoinGroupParams,
  joinError,
  JoinGroupResult,
  LeaveGroupResult,
  LeavingMember,
  SyncGroupParams,
  syncError,
  SyncGroupResult,
  UNKNOWN_MEMBER_ID,
} from './types';

/** How long a new member's first JoinGroup may wait in a rebalance (Kafka's NewMemberJoinTimeoutMs). */
const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;
/** How often Empty groups without offsets are forgotten (offsets.retention.check.interval.ms). */
const EMPTY_GROUP_SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const NO_BYTES = Buffer.alloc(0);

/** A timer that does not keep the process alive on its own (the server does). */
function startTimer(ms: number, onExpiry: () => void): NodeJS.Timeout {
  const timer = setTimeout(onExpiry, ms);
  timer.unref();
  return timer;
}

export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    protected readonly config: GroupConfig,
    protected readonly offsets: OffsetStore,
    protected readonly logger: Logger,
    private readonly protocolTypes = new GroupProtocolTypes(),
    /**
     * Whether the id belongs to another kind of group (a KIP-848 consumer group with members, a
     * share group): JoinGroup then answers GROUP_ID_NOT_FOUND, as Kafka's "Group X is not a
     * classic group." (we do not let classic members join consumer groups).
     */
    private readonly isOtherKind: (groupId: string) => boolean = () => false,
  ) {
    this.sweeper = setInterval(() => this.forgetEmptyGroups(), EMPTY_GROUP_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  // ---- JoinGroup -------------------------------------------------------------------------------

  /** Answers when the member's join phase ends (or at once with an error or a known answer). */
  joinGroup(request: JoinGroupParams): Promise<JoinGroupResult> {
    return new Promise((respond) => this.handleJoin(request, respond));
  }

  private handleJoin(request: JoinGroupParams, respond: JoinCallback): void {
    const { groupId, memberId } = request;
    const statusError = this.groupStatusError(groupId, true);
    if (statusError !== ErrorCode.NONE) return respond(joinError(memberId, statusError));
    if (!this.groups.has(groupId) && this.isOtherKind(groupId)) return respond(joinError(memberId, ErrorCode.GROUP_ID_NOT_FOUND));
    if (request.sessionTimeoutMs < this.config.minSessionTimeoutMs || request.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return respond(joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    const isNewMember = memberId === UNKNOWN_MEMBER_ID;
    let group = this.groups.get(groupId);
    if (!group) {
      // Only a member without an id creates a group; a member id for an unknown group is stale.
      if (!isNewMember) return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new ClassicGroup(groupId);
      this.groups.set(groupId, group);
    }

    if (!this.acceptJoiningMember(group, memberId)) {
      group.remove(memberId);
      respond(joinError(UNKNOWN_MEMBER_ID, ErrorCode.GROUP_MAX_SIZE_REACHED));
    } else if (isNewMember) {
      this.joinNewMember(group, request, respond);
    } else {
      this.joinCurrentMember(group, request, respond);
    }
    if (group.is(GroupState.PreparingRebalance)) this.tryCompleteJoin(group);
  }

  /** Kafka's group.max.size check: who may join a group in each state. */
  private acceptJoiningMember(group: ClassicGroup, memberId: string): boolean {
    const { maxSize } = this.config;
    switch (group.state) {
      case GroupState.Empty:
      case GroupState.Dead:
        return true;
      case GroupState.PreparingRebalance:
        // Counting members that already rejoined lets the last ones to rejoin be turned away.
        return group.member(memberId)?.isAwaitingJoin === true || group.numAwaitingJoin() < maxSize;
      case GroupState.CompletingRebalance:
      case GroupState.Stable:
        return group.has(memberId) || group.size < maxSize;
    }
  }

  private joinNewMember(group: ClassicGroup, request: JoinGroupParams, respond: JoinCallback): void {
    if (!group.supportsProtocols(request.protocolType, request.protocols.map((p) => p.name))) {
      return respond(joinError(UNKNOWN_MEMBER_ID, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const newMemberId = group.generateMemberId(request.clientId, request.groupInstanceId);
    if (request.groupInstanceId !== null) {
      const oldMemberId = group.staticMemberId(request.groupInstanceId);
      if (oldMemberId !== undefined) {
        this.logger.info({ group: group.groupId, groupInstanceId: request.groupInstanceId, oldMemberId, newMemberId }, 'static member rejoins');
        return this.updateStaticMemberAndRebalance(group, request.groupInstanceId, oldMemberId, newMemberId, request, respond);
      }
      return this.addMemberAndRebalance(group, newMemberId, request, respond);
    }
    if (request.requireKnownMemberId) {
      // KIP-394: hand out an id and wait for the member to come back with it.
      const expiry = startTimer(request.sessionTimeoutMs, () => this.onPendingMemberExpired(group, newMemberId));
      group.addPendingMember(newMemberId, expiry);
      return respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.addMemberAndRebalance(group, newMemberId, request, respond);
  }

  private joinCurrentMember(group: ClassicGroup, request: JoinGroupParams, respond: JoinCallback): void {
    const { memberId } = request;
    if (!group.supportsProtocols(request.protocolType, request.protocols.map((p) => p.name))) {
      return respond(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    // A pending member is never static; a static one with a pending id falls through to validation.
    if (group.isPendingMember(memberId) && request.groupInstanceId === null) {
      return this.addMemberAndRebalance(group, memberId, request, respond);
    }
    const memberError = this.validateCurrentMember(group, memberId, request.groupInstanceId);
    if (memberError !== ErrorCode.NONE) return respond(joinError(memberId, memberError));

    const member = group.member(memberId)!;
    switch (group.state) {
      case GroupState.PreparingRebalance:
        return this.updateMemberAndRebalance(group, member, request, respond);
      case GroupState.CompletingRebalance:
        // Same metadata: it probably missed the JoinGroup answer; give it again.
        if (member.matches(request.protocols)) return respond(this.joinResult(group, member));
        return this.updateMemberAndRebalance(group, member, request, respond);
      case GroupState.Stable:
        // The leader rejoining asks for a new assignment (e.g. topic metadata changed).
        if (group.isLeader(memberId) || !member.matches(request.protocols)) {
          return this.updateMemberAndRebalance(group, member, request, respond);
        }
        return respond(this.joinResult(group, member, { withMembers: false }));
      case GroupState.Empty:
      case GroupState.Dead:
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private addMemberAndRebalance(group: ClassicGroup, memberId: string, request: JoinGroupParams, respond: JoinCallback): void {
    const member = new GroupMember(
      memberId,
      request.groupInstanceId,
      request.clientId,
      request.clientHost,
      request.rebalanceTimeoutMs,
      request.sessionTimeoutMs,
      request.protocolType,
      request.protocols,
    );
    member.isNew = true;
    if (group.is(GroupState.PreparingRebalance) && group.generationId === 0) group.newMemberAdded = true;
    group.add(member, respond);
    // A new member cannot heartbeat before its first join answer; bound how long it may wait.
    this.scheduleHeartbeatExpiry(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    this.logger.info({ group: group.groupId, memberId, groupInstanceId: request.groupInstanceId, reason: request.reason }, 'member joins');
    this.maybePrepareRebalance(group, `adding member ${memberId}`);
  }

  private updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, request: JoinGroupParams, respond: JoinCallback): void {
    this.supersedeJoin(member);
    group.updateMember(member, request.protocols, request.rebalanceTimeoutMs, request.sessionTimeoutMs, respond);
    this.maybePrepareRebalance(group, `member ${member.memberId} rejoins (${request.reason ?? 'no reason given'})`);
  }

  /**
   * A known static member restarted (empty member id): it takes over under a new id and the old id
   * is fenced. In a Stable group whose protocol choice does not change it gets its old assignment
   * back without a rebalance; otherwise the group rebalances.
   */
  private updateStaticMemberAndRebalance(
    group: ClassicGroup,
    groupInstanceId: string,
    oldMemberId: string,
    newMemberId: string,
    request: JoinGroupParams,
    respond: JoinCallback,
  ): void {
    const currentLeader = group.leaderId ?? '';
    const member = group.replaceStaticMember(groupInstanceId, oldMemberId, newMemberId, ErrorCode.FENCED_INSTANCE_ID);
    this.scheduleHeartbeatExpiry(group, member);
    group.updateMember(member, request.protocols, request.rebalanceTimeoutMs, request.sessionTimeoutMs, respond);

    switch (group.state) {
      case GroupState.Stable:
        if (group.selectProtocol() !== group.protocolName) {
          return this.maybePrepareRebalance(group, `static member ${groupInstanceId} rejoins with a change of protocol`);
        }
        if (request.supportSkippingAssignment) {
          // v9+: the leader learns it leads, but must not reassign a Stable group.
          const isLeader = group.isLeader(newMemberId);
          group.completeJoin(member, this.joinResult(group, member, { withMembers: isLeader, skipAssignment: isLeader }));
        } else {
          // Name the old leader id, so a rejoining leader does not think it leads and reassign.
          group.completeJoin(member, { ...this.joinResult(group, member, { withMembers: false }), leader: currentLeader });
        }
        return;
      case GroupState.CompletingRebalance:
        // The leader may be assigning to the old member id: start over.
        return this.prepareRebalance(group, `static member ${groupInstanceId} rejoins during CompletingRebalance`);
      case GroupState.PreparingRebalance:
        return; // answered when the join phase ends
      case GroupState.Empty:
      case GroupState.Dead:
        throw new Error(`group ${group.groupId} has static member ${groupInstanceId} while ${group.state}`);
    }
  }

  /** The answer for a member at the end of (or after) the join phase of the current generation. */
  private joinResult(
    group: ClassicGroup,
    member: GroupMember,
    options: { withMembers?: boolean; skipAssignment?: boolean } = {},
  ): JoinGroupResult {
    const withMembers = options.withMembers ?? group.isLeader(member.memberId);
    return {
      errorCode: ErrorCode.NONE,
      memberId: member.memberId,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: options.skipAssignment ?? false,
      members: withMembers ? group.currentMemberMetadata() : [],
    };
  }

  /**
   * A member sent JoinGroup again while its earlier one still waits (Kafka drops the earlier one
   * unanswered). Answer it, so a connection is never stuck behind a request nobody will answer.
   */
  private supersedeJoin(member: GroupMember): void {
    const earlier = member.awaitingJoin;
    member.awaitingJoin = null;
    earlier?.(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
  }

  // ---- Rebalance: the join phase ---------------------------------------------------------------

  private maybePrepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: ClassicGroup, reason: string): void {
    // Members waiting for the leader's assignment must rejoin instead.
    if (group.is(GroupState.CompletingRebalance)) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    this.clearPendingSync(group);

    const firstRebalance = group.is(GroupState.Empty);
    group.transitionTo(GroupState.PreparingRebalance);
    if (group.protocolType) this.protocolTypes.set(group.groupId, group.protocolType);
    this.logger.info({ group: group.groupId, generation: group.generationId, reason }, 'preparing to rebalance');
    if (firstRebalance) {
      // Kafka's InitialDelayedJoin: wait a little for more members before the first generation.
      const delay = this.config.initialRebalanceDelayMs;
      this.startInitialDelay(group, delay, Math.max(group.rebalanceTimeoutMs() - delay, 0));
    } else {
      this.startJoinTimer(group, 'regular', group.rebalanceTimeoutMs(), () => this.completeJoinPhase(group));
      this.tryCompleteJoin(group);
    }
  }

  private startJoinTimer(group: ClassicGroup, kind: 'initial' | 'regular', ms: number, onExpiry: () => void): void {
    this.clearJoinTimer(group);
    group.joinTimer = { kind, handle: startTimer(ms, onExpiry) };
  }

  private clearJoinTimer(group: ClassicGroup): void {
    if (group.joinTimer) clearTimeout(group.joinTimer.handle);
    group.joinTimer = null;
  }

  /** Each new member during the initial delay extends it by another delay, up to the rebalance timeout. */
  private startInitialDelay(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    this.startJoinTimer(group, 'initial', delayMs, () => {
      if (group.newMemberAdded && remainingMs !== 0) {
        group.newMemberAdded = false;
        const nextDelay = Math.min(this.config.initialRebalanceDelayMs, remainingMs);
        this.startInitialDelay(group, nextDelay, Math.max(remainingMs - delayMs, 0));
      } else {
        this.completeJoinPhase(group);
      }
    });
  }

  /** The join phase ends early once everyone has joined (never during the initial delay). */
  private tryCompleteJoin(group: ClassicGroup): void {
    if (!group.is(GroupState.PreparingRebalance) || group.joinTimer?.kind !== 'regular') return;
    if (group.hasAllMembersJoined()) this.completeJoinPhase(group);
  }

  /** Kafka's onCompleteJoin. */
  private completeJoinPhase(group: ClassicGroup): void {
    this.clearJoinTimer(group);
    const dropped = group.notYetRejoinedMembers().filter((m) => !m.isStatic);
    for (const m of dropped) group.remove(m.memberId);
    if (dropped.length > 0) {
      this.logger.info({ group: group.groupId, members: dropped.map((m) => m.memberId) }, 'removed members that did not rejoin');
    }

    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Only static members that did not rejoin are left: wait until they do or their sessions end.
      this.logger.warn({ group: group.groupId }, 'no member rejoined; waiting another rebalance timeout');
      this.startJoinTimer(group, 'regular', group.rebalanceTimeoutMs(), () => this.completeJoinPhase(group));
      return;
    }

    group.initNextGeneration();
    if (group.is(GroupState.Empty)) {
      this.logger.info({ group: group.groupId, generation: group.generationId }, 'group is now empty');
      return;
    }
    this.logger.info(
      { group: group.groupId, generation: group.generationId, protocol: group.protocolName, members: group.size },
      'rebalance: join phase complete',
    );
    for (const member of group.allMembers()) {
      group.completeJoin(member, this.joinResult(group, member));
      this.scheduleHeartbeatExpiry(group, member);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    // Members that never send SyncGroup are removed after the rebalance timeout (Kafka's DelayedSync).
    const generation = group.generationId;
    group.syncTimer = startTimer(group.rebalanceTimeoutMs(), () => this.onPendingSyncExpired(group, generation));
  }

  // ---- SyncGroup -------------------------------------------------------------------------------

  /** Followers' answers wait for the leader's assignment. */
  syncGroup(request: SyncGroupParams): Promise<SyncGroupResult> {
    return new Promise((respond) => this.handleSync(request, respond));
  }

  private handleSync(request: SyncGroupParams, respond: SyncCallback): void {
    const { groupId, memberId } = request;
    const statusError = this.groupStatusError(groupId, true);
    if (statusError !== ErrorCode.NONE) return respond(syncError(statusError));
    const group = this.groups.get(groupId);
    if (!group) return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));

    const memberError = this.validateCurrentMember(group, memberId, request.groupInstanceId);
    if (memberError !== ErrorCode.NONE) return respond(syncError(memberError));
    if (request.generationId !== group.generationId) return respond(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (
      (request.protocolType !== null && request.protocolType !== group.protocolType) ||
      (request.protocolName !== null && request.protocolName !== group.protocolName)
    ) {
      return respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }

    const member = group.member(memberId)!;
    switch (group.state) {
      case GroupState.Empty:
      case GroupState.Dead:
        return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
      case GroupState.PreparingRebalance:
        return respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case GroupState.CompletingRebalance: {
        // Kafka replaces an earlier waiting SyncGroup silently; answer it so nothing hangs.
        const earlier = member.awaitingSync;
        member.awaitingSync = respond;
        earlier?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        this.removePendingSyncMember(group, memberId);
        if (group.isLeader(memberId)) {
          const given = new Map(request.assignments.map((a) => [a.memberId, a.assignment]));
          const missing = group.allMembers().filter((m) => !given.has(m.memberId));
          if (missing.length > 0) {
            this.logger.warn({ group: group.groupId, members: missing.map((m) => m.memberId) }, 'leader gave no assignment to some members; they get an empty one');
          }
          for (const m of group.allMembers()) m.assignment = given.get(m.memberId) ?? NO_BYTES;
          this.propagateAssignment(group, ErrorCode.NONE);
          group.transitionTo(GroupState.Stable);
          this.logger.info({ group: group.groupId, generation: group.generationId }, 'group is stable');
        }
        return;
      }
      case GroupState.Stable:
        this.removePendingSyncMember(group, memberId);
        respond({ errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment });
        this.scheduleHeartbeatExpiry(group, member);
        return;
    }
  }

  private resetAndPropagateAssignmentError(group: ClassicGroup, error: ErrorCode): void {
    for (const m of group.allMembers()) m.assignment = NO_BYTES;
    this.propagateAssignment(group, error);
  }

  /** Answer every waiting SyncGroup; each answered member's session starts afresh. */
  private propagateAssignment(group: ClassicGroup, error: ErrorCode): void {
    const ok = error === ErrorCode.NONE;
    for (const member of group.allMembers()) {
      const answered = group.completeSync(member, {
        errorCode: error,
        protocolType: ok ? group.protocolType : null,
        protocolName: ok ? group.protocolName : null,
        assignment: member.assignment,
      });
      if (answered) this.scheduleHeartbeatExpiry(group, member);
    }
  }

  private removePendingSyncMember(group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.clearPendingSync(group);
  }

  private clearPendingSync(group: ClassicGroup): void {
    group.pendingSyncMembers.clear();
    if (group.syncTimer) clearTimeout(group.syncTimer);
    group.syncTimer = null;
  }

  private onPendingSyncExpired(group: ClassicGroup, generation: number): void {
    group.syncTimer = null;
    if (generation !== group.generationId) return;
    if (!group.is(GroupState.CompletingRebalance) && !group.is(GroupState.Stable)) return;
    if (group.pendingSyncMembers.size === 0) return;
    const silent = [...group.pendingSyncMembers];
    for (const memberId of silent) group.remove(memberId);
    this.prepareRebalance(group, `members ${silent.join(', ')} sent no SyncGroup within the rebalance timeout`);
  }

  // ---- Heartbeat and sessions ------------------------------------------------------------------

  heartbeat(groupId: string, memberId: string, generationId: number, groupInstanceId: string | null): ErrorCode {
    const statusError = this.groupStatusError(groupId, true);
    if (statusError !== ErrorCode.NONE) return statusError;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    const memberError = this.validateCurrentMember(group, memberId, groupInstanceId);
    if (memberError !== ErrorCode.NONE) return memberError;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;

    switch (group.state) {
      case GroupState.Empty:
      case GroupState.Dead:
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case GroupState.PreparingRebalance:
        this.scheduleHeartbeatExpiry(group, group.member(memberId)!);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case GroupState.CompletingRebalance:
      case GroupState.Stable:
        this.scheduleHeartbeatExpiry(group, group.member(memberId)!);
        return ErrorCode.NONE;
    }
  }

  /** (Re)start a member's session: it must be heard from again within the timeout. */
  private scheduleHeartbeatExpiry(group: ClassicGroup, member: GroupMember, timeoutMs = member.sessionTimeoutMs): void {
    member.clearHeartbeatTimer();
    member.heartbeatTimer = startTimer(timeoutMs, () => this.onHeartbeatExpired(group, member));
  }

  private onHeartbeatExpired(group: ClassicGroup, member: GroupMember): void {
    member.heartbeatTimer = null;
    if (group.member(member.memberId) !== member) return; // already gone or replaced
    // A member waiting on the rebalance is alive; the rebalance restarts its session when it ends.
    if (!member.isNew && (member.isAwaitingJoin || member.isAwaitingSync)) return;
    this.logger.info({ group: group.groupId, memberId: member.memberId }, 'member session expired; removing it');
    this.removeMemberAndUpdateGroup(group, member, `session of ${member.memberId} expired`);
  }

  private onPendingMemberExpired(group: ClassicGroup, memberId: string): void {
    group.removePendingMember(memberId);
    this.tryCompleteJoin(group);
  }

  /** Remove a member that left or failed, and let the group rebalance without it. */
  private removeMemberAndUpdateGroup(group: ClassicGroup, member: GroupMember, reason: string): void {
    // A new member can time out while its JoinGroup waits: tell it to start over.
    group.completeJoin(member, joinError(UNKNOWN_MEMBER_ID, ErrorCode.UNKNOWN_MEMBER_ID));
    // Kafka would leave a waiting SyncGroup unanswered; answer it, so its connection is not stuck.
    group.completeSync(member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    switch (group.state) {
      case GroupState.Stable:
      case GroupState.CompletingRebalance:
        return this.maybePrepareRebalance(group, reason);
      case GroupState.PreparingRebalance:
        return this.tryCompleteJoin(group);
      case GroupState.Empty:
      case GroupState.Dead:
        return;
    }
  }

  // ---- LeaveGroup ------------------------------------------------------------------------------

  leaveGroup(groupId: string, leaving: LeavingMember[]): LeaveGroupResult {
    const statusError = this.groupStatusError(groupId, true);
    if (statusError !== ErrorCode.NONE) return { errorCode: statusError, members: [] };
    const group = this.groups.get(groupId);
    if (!group) {
      return { errorCode: ErrorCode.NONE, members: leaving.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
    }
    const members = leaving.map((m) => ({ ...m, errorCode: this.leaveOne(group, m) }));
    return { errorCode: ErrorCode.NONE, members };
  }

  private leaveOne(group: ClassicGroup, { memberId, groupInstanceId }: LeavingMember): ErrorCode {
    if (memberId === UNKNOWN_MEMBER_ID) {
      // An administrator removing a static member by its instance id.
      const current = groupInstanceId === null ? undefined : group.staticMemberId(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.removeMemberAndUpdateGroup(group, group.member(current)!, `static member ${groupInstanceId} removed by LeaveGroup`);
      return ErrorCode.NONE;
    }
    if (group.isPendingMember(memberId)) {
      group.removePendingMember(memberId);
      this.tryCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const memberError = this.validateCurrentMember(group, memberId, groupInstanceId);
    if (memberError !== ErrorCode.NONE) return memberError;
    this.logger.info({ group: group.groupId, memberId }, 'member leaves');
    this.removeMemberAndUpdateGroup(group, group.member(memberId)!, `member ${memberId} left`);
    return ErrorCode.NONE;
  }

  // ---- OffsetCommit checks ---------------------------------------------------------------------

  /**
   * Whether an OffsetCommit from this member may commit for this group now: NONE, or
   * UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID, ...
   * Generation −1 with an empty member id is a "simple" commit from a consumer outside any group.
   * As Kafka: commits are taken in PreparingRebalance (the heartbeat tells members to rejoin) but
   * not in CompletingRebalance; an accepted commit from a member also counts as a heartbeat.
   */
  validateOffsetCommit(groupId: string, memberId: string, generationId: number, groupInstanceId: string | null): ErrorCode {
    const statusError = this.groupStatusError(groupId, false);
    if (statusError !== ErrorCode.NONE) return statusError;
    const group = this.groups.get(groupId);
    // No group: a groupless consumer (or the admin client) may commit; a generation means a stale member.
    if (!group) return generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    if (generationId < 0 && group.is(GroupState.Empty)) return ErrorCode.NONE;

    if (generationId >= 0 || memberId !== UNKNOWN_MEMBER_ID || groupInstanceId !== null) {
      const memberError = this.validateCurrentMember(group, memberId, groupInstanceId);
      if (memberError !== ErrorCode.NONE) return memberError;
      if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!group.is(GroupState.Empty)) {
      // Without member id and generation, only an empty group takes commits.
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }

    switch (group.state) {
      case GroupState.CompletingRebalance:
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case GroupState.Stable:
      case GroupState.PreparingRebalance: {
        const member = group.member(memberId);
        if (member) this.scheduleHeartbeatExpiry(group, member);
        return ErrorCode.NONE;
      }
      default:
        return ErrorCode.NONE;
    }
  }

  // ---- DescribeGroups, ListGroups, DeleteGroups -----------------------------------------------

  describeGroup(groupId: string): GroupDescription {
    const described = (errorCode: ErrorCode, state: string): GroupDescription => ({
      errorCode,
      groupId,
      state,
      protocolType: state === GroupState.Empty ? this.protocolTypes.get(groupId) ?? '' : '',
      protocolName: '',
      members: [],
    });
    if (this.closed) return described(ErrorCode.COORDINATOR_NOT_AVAILABLE, '');
    const group = this.groups.get(groupId);
    // Kafka loads a group that only has committed offsets as an Empty group.
    if (!group) return described(ErrorCode.NONE, this.hasOffsets(groupId) ? GroupState.Empty : GroupState.Dead);
    // As Kafka: protocol, metadata and assignments only once the group is Stable.
    const stable = group.is(GroupState.Stable);
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolName: stable ? group.protocolName ?? '' : '',
      members: group.allMembers().map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadata(group.protocolName) : NO_BYTES,
        assignment: stable ? m.assignment : NO_BYTES,
      })),
    };
  }

  /**
   * Every group, including those that only have committed offsets; states match
   * case-insensitively, as Kafka. Null while the coordinator is closed.
   */
  listGroups(statesFilter: string[]): GroupListing[] | null {
    if (this.closed) return null;
    const listings: GroupListing[] = [...this.groups.values()].map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      state: g.state,
    }));
    for (const groupId of this.offsets.groupIds()) {
      if (!this.groups.has(groupId)) {
        listings.push({ groupId, protocolType: this.protocolTypes.get(groupId) ?? '', state: GroupState.Empty });
      }
    }
    const wanted = new Set(statesFilter.map((s) => s.toLowerCase()));
    return wanted.size === 0 ? listings : listings.filter((g) => wanted.has(g.state.toLowerCase()));
  }

  /** Delete Empty groups and their offsets: 68 NON_EMPTY_GROUP with members, 69 GROUP_ID_NOT_FOUND if unknown. */
  deleteGroups(groupIds: string[]): { groupId: string; errorCode: ErrorCode }[] {
    return [...new Set(groupIds)].map((groupId) => ({ groupId, errorCode: this.deleteGroup(groupId) }));
  }

  private deleteGroup(groupId: string): ErrorCode {
    const statusError = this.groupStatusError(groupId, false);
    if (statusError !== ErrorCode.NONE) return statusError;
    const group = this.groups.get(groupId);
    if (group) {
      if (!group.is(GroupState.Empty)) return ErrorCode.NON_EMPTY_GROUP;
      group.transitionTo(GroupState.Dead);
      this.forget(group);
    } else if (!this.hasOffsets(groupId)) {
      return ErrorCode.GROUP_ID_NOT_FOUND;
    }
    this.offsets.deleteGroup(groupId);
    this.protocolTypes.delete(groupId);
    this.logger.info({ group: groupId }, 'deleted group');
    return ErrorCode.NONE;
  }

  // ---- Lifecycle -------------------------------------------------------------------------------

  /** Stop every timer and answer every waiting JoinGroup / SyncGroup (broker shutdown). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    for (const group of this.groups.values()) {
      // As Kafka when it stops coordinating a group: NOT_COORDINATOR sends clients elsewhere.
      for (const member of group.allMembers()) {
        group.completeJoin(member, joinError(member.memberId, ErrorCode.NOT_COORDINATOR));
        group.completeSync(member, syncError(ErrorCode.NOT_COORDINATOR));
      }
      this.forget(group);
    }
  }

  /** Drop a group and every timer it has (its members are waiting for nothing). */
  private forget(group: ClassicGroup): void {
    this.clearJoinTimer(group);
    this.clearPendingSync(group);
    for (const memberId of [...group.pendingJoinMembers.keys()]) group.removePendingMember(memberId);
    for (const member of group.allMembers()) member.clearHeartbeatTimer();
    this.groups.delete(group.groupId);
  }

  /** Kafka's periodic cleanup: an Empty group with no committed offsets eventually disappears. */
  private forgetEmptyGroups(): void {
    for (const group of [...this.groups.values()]) {
      if (group.is(GroupState.Empty) && group.pendingJoinMembers.size === 0 && !this.hasOffsets(group.groupId)) {
        group.transitionTo(GroupState.Dead);
        this.forget(group);
        this.protocolTypes.delete(group.groupId);
      }
    }
  }

  // ---- Checks shared by the APIs ---------------------------------------------------------------

  /**
   * Kafka's validateGroupStatus: group ids must be non-empty for the membership APIs (OffsetCommit,
   * DescribeGroups and DeleteGroups accept ""), and a stopped coordinator answers nothing else.
   */
  private groupStatusError(groupId: string, membershipApi: boolean): ErrorCode {
    if (membershipApi && groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return ErrorCode.NONE;
  }

  /** A static member's instance id must map to this member id (else it is fenced); the member must exist. */
  private validateCurrentMember(group: ClassicGroup, memberId: string, groupInstanceId: string | null): ErrorCode {
    if (groupInstanceId !== null) {
      const current = group.staticMemberId(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (current !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return group.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  private hasOffsets(groupId: string): boolean {
    return this.offsets.offsetsOf(groupId).length > 0;
  }
}
