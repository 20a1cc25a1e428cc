/**
 * KIP-848 consumer groups: ConsumerGroupHeartbeat membership with server-side assignment, as
 * Kafka 4's GroupMetadataManager.consumerGroupHeartbeat.
 *
 * Epochs: the group epoch moves on every change of membership, subscriptions or subscribed
 * topics' metadata (checked on each heartbeat, by a cheap hash); when it is ahead of the target
 * assignment epoch, the next heartbeat computes a new target with the group's assignor (the one
 * most members ask for, else the broker's default). Each member then reconciles towards its
 * target incrementally (reconciliation.ts): partitions move only after their old owner revoked them.
 * A member that does not heartbeat within the session timeout, or does not revoke within its
 * rebalance timeout, is removed and the group epoch moves.
 *
 * Membership lives in memory only, as our classic groups (Kafka also writes it to
 * __consumer_offsets): after a restart members are told UNKNOWN_MEMBER_ID and rejoin; committed
 * offsets are the OffsetStore's and survive. Online migration of a non-empty classic group (or
 * back) is not done: such ids answer GROUP_ID_NOT_FOUND, as Kafka with migration disabled.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../../wire/errors';
import type { ConsumerGroupConfig } from '../../config';
import { newUuid } from '../../topics/TopicRegistry';
import type { TopicRegistry } from '../../topics/TopicRegistry';
import type { GroupConfigs } from '../GroupConfigs';
import type { OffsetStore } from '../OffsetStore';
import { TopicPartitions, emptyAssignment, equal, fromWire, isSubset, toWire } from './assignment';
import { ASSIGNORS } from './assignors';
import { ConsumerGroup, ConsumerGroupMember, LEAVE_EPOCH, LEAVE_STATIC_EPOCH } from './ConsumerGroup';
import { reconcile } from './reconciliation';
import { compileTopicRegex } from './regex';

export interface ConsumerGroupCoordinatorDeps {
  config: ConsumerGroupConfig;
  topics: TopicRegistry;
  offsets: OffsetStore;
  groupConfigs: GroupConfigs;
  logger: Logger;
}

/** Kafka's consumer group states (ListGroups / ConsumerGroupDescribe names). */
export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';

export interface ConsumerGroupMemberView {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  /** Optional in the contract (added later); always set by this coordinator. */
  rackId?: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  /** Owned now, by topic name. */
  assignment: { topic: string; topicId: string; partitions: number[] }[];
  /** Where the member is going. */
  targetAssignment: { topic: string; topicId: string; partitions: number[] }[];
}

export interface ConsumerGroupView {
  groupId: string;
  state: ConsumerGroupState;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupMemberView[];
}

export interface HeartbeatParams {
  apiVersion: number;
  groupId: string;
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  rebalanceTimeoutMs: number;
  subscribedTopicNames: string[] | null;
  subscribedTopicRegex: string | null;
  serverAssignor: string | null;
  topicPartitions: { topicId: string; partitions: number[] }[] | null;
  clientId: string;
  clientHost: string;
}

export interface HeartbeatResult {
  errorCode: ErrorCode;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
}

/** Topics Kafka never matches with a regex subscription. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

class HeartbeatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: ErrorCode, message: string): never => {
  throw new HeartbeatError(code, message);
};

function startTimer(ms: number, onExpiry: () => void): NodeJS.Timeout {
  const timer = setTimeout(onExpiry, ms);
  timer.unref();
  return timer;
}

export class ConsumerGroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();
  private closed = false;

  constructor(private readonly deps: ConsumerGroupCoordinatorDeps) {}

  /** Whether a KIP-848 consumer group with this id exists (so classic or share members may not take it). */
  has(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  /**
   * Whether a classic JoinGroup for this id must be refused (GROUP_ID_NOT_FOUND): a consumer group
   * with members. An empty consumer group gives way (its offsets stay), as Kafka converts an
   * empty consumer group to a classic one.
   */
  refusesClassicJoin(groupId: string): boolean {
    const group = this.groups.get(groupId);
    if (!group) return false;
    if (group.members.size > 0) return true;
    this.groups.delete(groupId);
    this.deps.logger.info({ group: groupId }, 'empty consumer group becomes a classic group');
    return false;
  }

  listGroups(): { groupId: string; state: ConsumerGroupState }[] {
    if (this.closed) return [];
    return [...this.groups.values()].map((g) => ({ groupId: g.groupId, state: g.state }));
  }

  describe(groupId: string): ConsumerGroupView | undefined {
    const group = this.groups.get(groupId);
    if (!group || this.closed) return undefined;
    const named = (a: TopicPartitions) =>
      [...a].map(([topicId, partitions]) => ({ topic: this.deps.topics.getById(topicId)?.name ?? '', topicId, partitions: [...partitions] }));
    return {
      groupId,
      state: group.state,
      groupEpoch: group.groupEpoch,
      assignmentEpoch: group.assignmentEpoch,
      assignorName: group.assignorName,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        memberEpoch: m.memberEpoch,
        rackId: m.rackId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        subscribedTopicNames: [...m.subscribedTopicNames],
        subscribedTopicRegex: m.subscribedTopicRegex,
        assignment: named(m.assigned),
        targetAssignment: named(group.target.get(m.memberId) ?? emptyAssignment()),
      })),
    };
  }

  /** Delete an empty group and its committed offsets: NON_EMPTY_GROUP with members. */
  deleteGroup(groupId: string): ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    this.deps.offsets.deleteGroup(groupId);
    this.deps.groupConfigs.deleteGroup(groupId);
    this.deps.logger.info({ group: groupId }, 'deleted consumer group');
    return ErrorCode.NONE;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const group of this.groups.values()) for (const m of group.members.values()) m.clearTimers();
    this.groups.clear();
  }

  // ---- OffsetCommit / OffsetFetch checks (Kafka's ConsumerGroup.validateOffsetCommit / validateOffsetFetch) ----

  /**
   * NONE, or why this commit is refused. Epoch < 0 from anyone (the admin client, a groupless
   * consumer) is taken only while the group is empty; otherwise the member must exist
   * (UNKNOWN_MEMBER_ID: a classic member is not a member of a consumer group here) and commit at
   * its current epoch (STALE_MEMBER_EPOCH; ILLEGAL_GENERATION in a transaction, whose response
   * predates that error). A KIP-848 member must use OffsetCommit v9+.
   */
  validateOffsetCommit(groupId: string, memberId: string, epoch: number, apiVersion: number, transactional: boolean): ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.NONE;
    if (epoch < 0 && group.members.size === 0) return ErrorCode.NONE;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (!transactional && apiVersion < 9) return ErrorCode.UNSUPPORTED_VERSION;
    if (epoch !== member.memberEpoch) return transactional ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.STALE_MEMBER_EPOCH;
    return ErrorCode.NONE;
  }

  /** OffsetFetch v9+: a member id and epoch, when given, must be current. */
  validateOffsetFetch(groupId: string, memberId: string | null, epoch: number): ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.NONE;
    if (memberId === null && epoch < 0) return ErrorCode.NONE;
    const member = group.members.get(memberId ?? '');
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (epoch !== member.memberEpoch) return ErrorCode.STALE_MEMBER_EPOCH;
    return ErrorCode.NONE;
  }

  // ---- ConsumerGroupHeartbeat --------------------------------------------------------------------

  /** The handler has already refused ids of other kinds of groups. */
  heartbeat(p: HeartbeatParams): HeartbeatResult {
    try {
      if (this.closed) fail(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'The coordinator is not available.');
      this.validateRequest(p);
      if (p.memberEpoch === LEAVE_EPOCH || p.memberEpoch === LEAVE_STATIC_EPOCH) return this.leave(p);
      return this.join(p);
    } catch (err) {
      if (!(err instanceof HeartbeatError)) throw err;
      return { errorCode: err.code, errorMessage: err.message, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
    }
  }

  /** Kafka's throwIfConsumerGroupHeartbeatRequestIsInvalid. */
  private validateRequest(p: HeartbeatParams): void {
    const invalid = (message: string) => fail(ErrorCode.INVALID_REQUEST, message);
    if (p.groupId === '') invalid("GroupId can't be empty.");
    if (p.instanceId === '') invalid("InstanceId can't be empty.");
    if (p.rackId === '') invalid("RackId can't be empty.");
    if ((p.apiVersion >= 1 || p.memberEpoch > 0 || p.memberEpoch === LEAVE_EPOCH) && p.memberId === '') invalid("MemberId can't be empty.");
    if (p.memberEpoch === 0) {
      if (p.rebalanceTimeoutMs === -1) invalid('RebalanceTimeoutMs must be provided in first request.');
      if (p.topicPartitions === null || p.topicPartitions.length > 0) invalid('TopicPartitions must be empty when (re-)joining.');
      const hasNames = p.subscribedTopicNames !== null && p.subscribedTopicNames.length > 0;
      const hasRegex = p.subscribedTopicRegex !== null && p.subscribedTopicRegex !== '';
      if (!hasNames && !hasRegex) invalid('SubscribedTopicNames or SubscribedTopicRegex must be set in first request.');
    } else if (p.memberEpoch === LEAVE_STATIC_EPOCH) {
      if (p.instanceId === null) invalid("InstanceId can't be null.");
    } else if (p.memberEpoch < LEAVE_STATIC_EPOCH) {
      invalid('MemberEpoch is invalid.');
    }
    if (p.subscribedTopicRegex !== null && p.subscribedTopicRegex !== '' && compileTopicRegex(p.subscribedTopicRegex) === null) {
      fail(ErrorCode.INVALID_REGULAR_EXPRESSION, `SubscribedTopicRegex \`${p.subscribedTopicRegex}\` is not a valid regular expression.`);
    }
    if (p.serverAssignor !== null && !this.deps.config.assignors.includes(p.serverAssignor)) {
      fail(ErrorCode.UNSUPPORTED_ASSIGNOR, `ServerAssignor ${p.serverAssignor} is not supported. Supported assignors: ${this.deps.config.assignors.join(', ')}.`);
    }
  }

  private leave(p: HeartbeatParams): HeartbeatResult {
    const group = this.groups.get(p.groupId) ?? fail(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${p.groupId} not found.`);
    let member: ConsumerGroupMember;
    if (p.instanceId !== null) {
      const staticId = group.staticMembers.get(p.instanceId);
      if (staticId === undefined) fail(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${p.instanceId} is unknown.`);
      if (staticId !== p.memberId) fail(ErrorCode.FENCED_INSTANCE_ID, `Static member ${p.memberId} with instance id ${p.instanceId} was fenced by ${staticId}.`);
      member = group.members.get(staticId!)!;
    } else {
      member = group.members.get(p.memberId) ?? fail(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${p.memberId} is not a member of group ${p.groupId}.`);
    }
    if (p.memberEpoch === LEAVE_STATIC_EPOCH) {
      // It will be back: its partitions stay assigned until its session times out or a new
      // member with the same instance id takes them over.
      this.deps.logger.info({ group: group.groupId, memberId: member.memberId, instanceId: member.instanceId }, 'static member leaves temporarily');
      member.previousMemberEpoch = member.memberEpoch;
      member.memberEpoch = LEAVE_STATIC_EPOCH;
      if (member.rebalanceTimer) clearTimeout(member.rebalanceTimer);
      member.rebalanceTimer = null;
      this.scheduleSession(group, member);
    } else {
      this.deps.logger.info({ group: group.groupId, memberId: member.memberId }, 'member leaves');
      this.removeMember(group, member);
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: p.memberId, memberEpoch: p.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
  }

  private join(p: HeartbeatParams): HeartbeatResult {
    let group = this.groups.get(p.groupId);
    if (!group) {
      // A member with an epoch for a group we do not know (e.g. after a restart) must rejoin.
      if (p.memberEpoch !== 0) fail(ErrorCode.UNKNOWN_MEMBER_ID, `Consumer group ${p.groupId} not found.`);
      group = new ConsumerGroup(p.groupId, this.deps.config.assignors[0] ?? 'uniform');
      this.groups.set(p.groupId, group);
    }
    try {
      return this.heartbeatIn(group, p);
    } finally {
      // A group created by a refused join must not linger.
      if (group.members.size === 0 && group.groupEpoch === 0) this.groups.delete(group.groupId);
    }
  }

  private heartbeatIn(group: ConsumerGroup, p: HeartbeatParams): HeartbeatResult {
    const memberId = p.memberId === '' ? newUuid() : p.memberId;
    const owned = p.topicPartitions === null ? null : fromWire(p.topicPartitions);
    let member = group.members.get(memberId);
    if (!member && group.members.size >= this.deps.config.maxSize) {
      fail(ErrorCode.GROUP_MAX_SIZE_REACHED, `The consumer group has reached its maximum capacity of ${this.deps.config.maxSize} members.`);
    }
    let bump = false;
    let isNew = false;

    if (p.memberEpoch === 0) {
      const staticId = p.instanceId === null ? undefined : group.staticMembers.get(p.instanceId);
      if (staticId !== undefined && staticId !== memberId) {
        const old = group.members.get(staticId)!;
        if (old.memberEpoch !== LEAVE_STATIC_EPOCH) {
          fail(ErrorCode.UNRELEASED_INSTANCE_ID, `Static member ${staticId} with instance id ${p.instanceId} is not released yet.`);
        }
        member = this.replaceStaticMember(group, old, memberId);
      } else if (member && !this.epochIsValid(member, 0, owned)) {
        // The same member rejoining from scratch, e.g. after it was fenced: it owns nothing now.
        // Kafka would fence it again until its session expires; starting it afresh is quicker
        // and ends the same way. (A retried first join, which Kafka accepts, falls through.)
        this.removeMember(group, member);
        member = undefined;
      }
      if (!member) {
        member = new ConsumerGroupMember(memberId);
        isNew = true;
        bump = true;
      }
    } else {
      if (p.instanceId !== null) {
        const staticId = group.staticMembers.get(p.instanceId);
        if (staticId === undefined) fail(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${p.instanceId} is unknown.`);
        if (staticId !== memberId) fail(ErrorCode.FENCED_INSTANCE_ID, `Static member ${memberId} with instance id ${p.instanceId} was fenced by ${staticId}.`);
      }
      if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${group.groupId}.`);
      this.checkEpoch(member, p.memberEpoch, owned);
    }

    if (isNew) {
      group.members.set(memberId, member);
      if (p.instanceId !== null) group.staticMembers.set(p.instanceId, memberId);
      this.deps.logger.info({ group: group.groupId, memberId, instanceId: p.instanceId }, 'member joins');
    }
    if (this.updateMember(member, p)) bump = true;
    const hash = this.metadataHash(group);
    if (hash !== group.metadataHash) {
      group.metadataHash = hash;
      bump = true;
    }
    if (bump) group.groupEpoch += 1;
    if (group.groupEpoch > group.assignmentEpoch) this.computeTarget(group);

    const before = { assigned: member.assigned, pendingRevocation: member.pendingRevocation, state: member.state, epoch: member.memberEpoch };
    this.reconcileMember(group, member, owned);
    this.scheduleSession(group, member);

    const { heartbeatIntervalMs } = this.deps.groupConfigs.consumerSettings(group.groupId);
    const fullRequest =
      p.memberEpoch === 0 ||
      (p.rebalanceTimeoutMs !== -1 && (p.subscribedTopicNames !== null || p.subscribedTopicRegex !== null) && p.topicPartitions !== null);
    const changed = !equal(before.assigned, member.assigned);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId,
      memberEpoch: member.memberEpoch,
      heartbeatIntervalMs,
      assignment: fullRequest || changed ? { topicPartitions: toWire(member.assigned) } : null,
    };
  }

  /** Kafka's throwIfMemberEpochIsInvalid: ahead is fenced; behind is fenced unless it is the previous epoch and the response was lost. */
  private checkEpoch(member: ConsumerGroupMember, epoch: number, owned: TopicPartitions | null): void {
    if (this.epochIsValid(member, epoch, owned)) return;
    const relation = epoch > member.memberEpoch ? 'greater' : 'smaller';
    fail(
      ErrorCode.FENCED_MEMBER_EPOCH,
      `The consumer group member has a ${relation} member epoch (${epoch}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`,
    );
  }

  private epochIsValid(member: ConsumerGroupMember, epoch: number, owned: TopicPartitions | null): boolean {
    if (epoch === member.memberEpoch) return true;
    if (epoch > member.memberEpoch) return false;
    // The previous epoch with a subset of the assignment: the response that moved it on was lost.
    return epoch === member.previousMemberEpoch && owned !== null && isSubset(owned, member.assigned);
  }

  /** A new member with the instance id of one that left with -2 takes over its assignment. */
  private replaceStaticMember(group: ConsumerGroup, old: ConsumerGroupMember, memberId: string): ConsumerGroupMember {
    const member = new ConsumerGroupMember(memberId);
    Object.assign(member, {
      instanceId: old.instanceId,
      rackId: old.rackId,
      rebalanceTimeoutMs: old.rebalanceTimeoutMs,
      subscribedTopicNames: old.subscribedTopicNames,
      subscribedTopicRegex: old.subscribedTopicRegex,
      serverAssignor: old.serverAssignor,
      state: old.state,
      memberEpoch: 0,
      previousMemberEpoch: old.previousMemberEpoch,
      assigned: old.assigned,
      pendingRevocation: old.pendingRevocation,
    });
    old.clearTimers();
    group.release(old.memberId, old.assigned, old.pendingRevocation);
    group.members.delete(old.memberId);
    group.members.set(memberId, member);
    group.staticMembers.set(old.instanceId!, memberId);
    const target = group.target.get(old.memberId);
    group.target.delete(old.memberId);
    if (target) group.target.set(memberId, target);
    group.updateHoldings(member, null);
    this.deps.logger.info({ group: group.groupId, instanceId: old.instanceId, oldMemberId: old.memberId, memberId }, 'static member replaced');
    return member;
  }

  /** Apply the heartbeat's non-null fields; true when the subscription (or assignor) changed. */
  private updateMember(member: ConsumerGroupMember, p: HeartbeatParams): boolean {
    let changed = false;
    member.clientId = p.clientId;
    member.clientHost = p.clientHost;
    if (p.instanceId !== null) member.instanceId = p.instanceId;
    if (p.rackId !== null) member.rackId = p.rackId;
    if (p.rebalanceTimeoutMs !== -1) member.rebalanceTimeoutMs = p.rebalanceTimeoutMs;
    if (p.subscribedTopicNames !== null) {
      const names = [...new Set(p.subscribedTopicNames)].sort();
      if (names.join('\u0000') !== member.subscribedTopicNames.join('\u0000')) changed = true;
      member.subscribedTopicNames = names;
    }
    if (p.subscribedTopicRegex !== null) {
      const regex = p.subscribedTopicRegex === '' ? null : p.subscribedTopicRegex;
      if (regex !== member.subscribedTopicRegex) changed = true;
      member.subscribedTopicRegex = regex;
    }
    if (p.serverAssignor !== null && p.serverAssignor !== member.serverAssignor) {
      member.serverAssignor = p.serverAssignor;
      changed = true;
    }
    return changed;
  }

  /** Topic names a member subscribes to that exist now (names, plus regex matches re-resolved each time). */
  private subscribedTopics(member: ConsumerGroupMember): string[] {
    const names = new Set(member.subscribedTopicNames.filter((n) => this.deps.topics.get(n) !== undefined));
    if (member.subscribedTopicRegex !== null) {
      const re = compileTopicRegex(member.subscribedTopicRegex);
      if (re) for (const t of this.deps.topics.list()) if (!INTERNAL_TOPICS.has(t.name) && re.test(t.name)) names.add(t.name);
    }
    return [...names];
  }

  /** Changes when a subscribed topic appears, disappears, is recreated or gains partitions. */
  private metadataHash(group: ConsumerGroup): string {
    const names = new Set<string>();
    for (const m of group.members.values()) for (const n of this.subscribedTopics(m)) names.add(n);
    return [...names]
      .sort()
      .map((n) => {
        const t = this.deps.topics.get(n)!;
        return `${n}/${t.id}/${t.partitions.length}`;
      })
      .join(',');
  }

  /** The assignor most members ask for (ties: the first configured), else the default. */
  private chooseAssignor(group: ConsumerGroup): string {
    const votes = new Map<string, number>();
    for (const m of group.members.values()) if (m.serverAssignor !== null) votes.set(m.serverAssignor, (votes.get(m.serverAssignor) ?? 0) + 1);
    const configured = this.deps.config.assignors;
    let best = configured[0] ?? 'uniform';
    let bestVotes = 0;
    for (const name of configured) {
      const n = votes.get(name) ?? 0;
      if (n > bestVotes) [best, bestVotes] = [name, n];
    }
    return best;
  }

  private computeTarget(group: ConsumerGroup): void {
    const assignorName = this.chooseAssignor(group);
    const assignor = ASSIGNORS.get(assignorName) ?? ASSIGNORS.get('uniform')!;
    const partitionCounts = new Map<string, number>();
    const members = new Map<string, { subscribedTopicIds: Set<string>; previous: TopicPartitions }>();
    for (const m of group.members.values()) {
      const ids = new Set<string>();
      for (const name of this.subscribedTopics(m)) {
        const t = this.deps.topics.get(name)!;
        ids.add(t.id);
        partitionCounts.set(t.id, t.partitions.length);
      }
      members.set(m.memberId, { subscribedTopicIds: ids, previous: group.target.get(m.memberId) ?? emptyAssignment() });
    }
    group.target = assignor.assign({ members, partitionCounts });
    group.assignorName = assignor.name;
    group.assignmentEpoch = group.groupEpoch;
    this.deps.logger.debug({ group: group.groupId, epoch: group.groupEpoch, assignor: assignor.name }, 'computed target assignment');
  }

  private reconcileMember(group: ConsumerGroup, member: ConsumerGroupMember, owned: TopicPartitions | null): void {
    // A static member that left keeps its partitions as they are until it is replaced or expires.
    if (member.memberEpoch === LEAVE_STATIC_EPOCH) return;
    const before = { assigned: member.assigned, pendingRevocation: member.pendingRevocation };
    const wasUnrevoked = member.state === 'UNREVOKED_PARTITIONS';
    const next = reconcile({
      member,
      targetEpoch: group.assignmentEpoch,
      target: group.target.get(member.memberId) ?? emptyAssignment(),
      owned,
      partitionEpoch: (t, p) => group.partitionEpoch(t, p),
    });
    Object.assign(member, next);
    group.updateHoldings(member, before);
    if (member.state === 'UNREVOKED_PARTITIONS' && !wasUnrevoked) {
      // Revoke in time, or be removed so the partitions can move on.
      const epoch = member.memberEpoch;
      if (member.rebalanceTimer) clearTimeout(member.rebalanceTimer);
      member.rebalanceTimer = startTimer(Math.max(member.rebalanceTimeoutMs, 1), () => {
        member.rebalanceTimer = null;
        if (group.members.get(member.memberId) !== member || member.state !== 'UNREVOKED_PARTITIONS' || member.memberEpoch !== epoch) return;
        this.deps.logger.info({ group: group.groupId, memberId: member.memberId }, 'member did not revoke partitions within its rebalance timeout; fencing it');
        this.removeMember(group, member);
      });
    } else if (member.state !== 'UNREVOKED_PARTITIONS' && member.rebalanceTimer) {
      clearTimeout(member.rebalanceTimer);
      member.rebalanceTimer = null;
    }
  }

  private scheduleSession(group: ConsumerGroup, member: ConsumerGroupMember): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    const { sessionTimeoutMs } = this.deps.groupConfigs.consumerSettings(group.groupId);
    member.sessionTimer = startTimer(sessionTimeoutMs, () => {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      this.deps.logger.info({ group: group.groupId, memberId: member.memberId }, 'member session expired; removing it');
      this.removeMember(group, member);
    });
  }

  /** Remove (fence) a member: its partitions are free, the group epoch moves. */
  private removeMember(group: ConsumerGroup, member: ConsumerGroupMember): void {
    member.clearTimers();
    group.release(member.memberId, member.assigned, member.pendingRevocation);
    group.members.delete(member.memberId);
    group.target.delete(member.memberId);
    if (member.instanceId !== null && group.staticMembers.get(member.instanceId) === member.memberId) group.staticMembers.delete(member.instanceId);
    group.groupEpoch += 1;
  }
}
