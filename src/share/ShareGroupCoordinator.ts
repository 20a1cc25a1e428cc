/**
 * Share group membership (KIP-932), as Kafka's GroupMetadataManager.shareGroupHeartbeat:
 * ShareGroupHeartbeat joins (epoch 0, with the id the client chose), heartbeats and leaves (−1);
 * the coordinator assigns partitions with the simple assignor (members may share a partition),
 * and removes members that stop heartbeating for the session timeout, releasing their records.
 *
 * Membership lives in memory: after a restart members rejoin (a heartbeat for a group this
 * coordinator no longer knows answers UNKNOWN_MEMBER_ID, on which clients rejoin), while the
 * share-partition state (SharePartitionManager) is durable. The share sessions of ShareFetch are
 * kept here too (see ShareSessionCache), so that removing a member can also forget its sessions.
 */
import type { Logger } from 'pino';
import type { ShareGroupHeartbeatResponse } from '../../wire/apis/ShareGroupHeartbeat';
import { ErrorCode } from '../../wire/errors';
import type { GroupConfigs } from '../groups/GroupConfigs';
import type { TopicRegistry } from '../topics/TopicRegistry';
import type { ShareGroupConfig } from '../config';
import type { SharePartitionDirectory } from './contracts';
import { ShareGroup, ShareGroupMember } from './ShareGroup';
import { ShareSessionCache } from './ShareSessionCache';
import { AssignorTopic, assignSimple, sameAssignment } from './simpleAssignor';

export interface ShareGroupCoordinatorDeps {
  config: ShareGroupConfig;
  topics: TopicRegistry;
  groupConfigs: GroupConfigs;
  partitions: SharePartitionDirectory;
  logger: Logger;
}

/** Kafka's share group states, as ListGroups and ShareGroupDescribe name them. */
export type ShareGroupState = 'Empty' | 'Stable' | 'Dead';

export interface ShareGroupMemberView {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  rackId: string | null;
  subscribedTopicNames: string[];
  /** Assigned partitions by topic name. */
  assignment: { topic: string; topicId: string; partitions: number[] }[];
}

export interface ShareGroupView {
  groupId: string;
  state: ShareGroupState;
  groupEpoch: number;
  assignmentEpoch: number;
  members: ShareGroupMemberView[];
}

/** A ShareGroupHeartbeat request with what the connection knows of the client. */
export interface ShareHeartbeat {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  rackId: string | null;
  subscribedTopicNames: string[] | null;
  clientId: string;
  clientHost: string;
}

/** Kafka's ShareGroupHeartbeatRequest.LEAVE_GROUP_MEMBER_EPOCH. */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;

export class ShareGroupCoordinator {
  private readonly groups = new Map<string, ShareGroup>();
  /** ShareFetch / ShareAcknowledge sessions of every node of this (possibly simulated) cluster. */
  readonly sessions: ShareSessionCache;

  constructor(private readonly deps: ShareGroupCoordinatorDeps) {
    this.sessions = new ShareSessionCache(
      () => this.deps.config.maxShareSessions,
      (groupId, memberId) => this.groups.get(groupId)?.members.has(memberId) === true,
    );
  }

  /** Whether a share group with this id exists (so other group kinds may not take the id). */
  has(groupId: string): boolean {
    if (this.groups.has(groupId)) return true;
    // After a restart a group may have share-partition state but no members yet.
    return this.deps.partitions.hasState(groupId);
  }

  /** Whether the member currently belongs to the group. */
  isMember(groupId: string, memberId: string): boolean {
    return this.groups.get(groupId)?.members.has(memberId) === true;
  }

  /** Every share group, with its state. */
  listGroups(): { groupId: string; state: ShareGroupState }[] {
    const listed = [...this.groups.values()].map((g) => ({ groupId: g.groupId, state: g.state }));
    // After a restart a group with share state but no members yet is Empty, as Kafka lists it.
    for (const groupId of this.deps.partitions.groupIds()) {
      if (!this.groups.has(groupId)) listed.push({ groupId, state: 'Empty' });
    }
    return listed;
  }

  /** A share group's members and assignment; undefined if there is no such share group. */
  describe(groupId: string): ShareGroupView | undefined {
    const group = this.groups.get(groupId);
    if (!group) {
      return this.has(groupId) ? { groupId, state: 'Empty', groupEpoch: 0, assignmentEpoch: 0, members: [] } : undefined;
    }
    return {
      groupId,
      state: group.state,
      groupEpoch: group.groupEpoch,
      assignmentEpoch: group.assignmentEpoch,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rackId: m.rackId,
        subscribedTopicNames: [...m.subscribedTopicNames],
        assignment: [...m.assignment]
          .filter(([, partitions]) => partitions.length > 0)
          .map(([topicId, partitions]) => ({ topic: this.deps.topics.getById(topicId)?.name ?? '', topicId, partitions: [...partitions] }))
          .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
      })),
    };
  }

  /** DeleteGroups for a share group: NON_EMPTY_GROUP with members, else deletes it and its share-partition state. */
  deleteGroup(groupId: string): ErrorCode {
    if (!this.has(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    this.sessions.removeMember(groupId);
    this.deps.partitions.deleteGroup(groupId);
    this.deps.groupConfigs.deleteGroup(groupId);
    this.deps.logger.info({ groupId }, 'share group deleted');
    return ErrorCode.NONE;
  }

  /** Whether the group has members (the admin offset APIs need an empty group). */
  memberCount(groupId: string): number {
    return this.groups.get(groupId)?.members.size ?? 0;
  }

  /** ShareGroupHeartbeat: join, heartbeat or leave. */
  heartbeat(request: ShareHeartbeat): ShareGroupHeartbeatResponse {
    const invalid = validateShareHeartbeat(request);
    if (invalid) return failure(ErrorCode.INVALID_REQUEST, invalid);
    if (request.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH) return this.leave(request.groupId, request.memberId);

    const { groupId, memberId, memberEpoch } = request;
    let group = this.groups.get(groupId);
    if (!group && memberEpoch !== 0) {
      // Kafka keeps groups across coordinator moves; ours are lost on restart, so make the member rejoin.
      return failure(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${groupId}.`);
    }
    group ??= new ShareGroup(groupId);
    if (group.members.size >= this.deps.config.maxSize && !group.members.has(memberId)) {
      return failure(ErrorCode.GROUP_MAX_SIZE_REACHED, `The share group has reached its maximum capacity of ${this.deps.config.maxSize} members.`);
    }

    let member = group.members.get(memberId);
    const joining = !member;
    if (!member) {
      if (memberEpoch !== 0) return failure(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${groupId}.`);
      member = {
        memberId,
        memberEpoch: 0,
        previousMemberEpoch: 0,
        clientId: request.clientId,
        clientHost: request.clientHost,
        rackId: null,
        subscribedTopicNames: [],
        assignment: new Map(),
        sessionTimer: null,
      };
    } else if (memberEpoch !== 0) {
      // Epoch 0 from a known member is a rejoin (after FENCED_MEMBER_EPOCH clients rejoin with
      // the same id): it keeps its place and gets its whole assignment again.
      const fenced = fencedError(member, memberEpoch);
      if (fenced) return failure(ErrorCode.FENCED_MEMBER_EPOCH, fenced);
    }

    if (!this.groups.has(groupId)) this.groups.set(groupId, group);
    if (joining) {
      group.members.set(memberId, member);
      this.deps.logger.info({ groupId, memberId }, 'member joins the share group');
    }
    member.clientId = request.clientId;
    member.clientHost = request.clientHost;
    if (request.rackId !== null) member.rackId = request.rackId;
    let bump = joining;
    if (request.subscribedTopicNames !== null) {
      const next = [...new Set(request.subscribedTopicNames)].sort();
      if (next.join('\u0000') !== member.subscribedTopicNames.join('\u0000')) {
        member.subscribedTopicNames = next;
        bump = true;
      }
    }
    // New topics, partitions or deleted topics among the subscriptions re-assign (a cheap check).
    const signature = this.metadataSignature(group);
    if (signature !== group.metadataSignature) bump = true;
    if (bump) {
      group.groupEpoch++;
      group.metadataSignature = signature;
    }
    if (group.assignmentEpoch !== group.groupEpoch) this.computeTargetAssignment(group);

    const before = member.assignment;
    const target = group.targetAssignment.get(memberId) ?? new Map<string, number[]>();
    if (member.memberEpoch !== group.assignmentEpoch) {
      member.previousMemberEpoch = member.memberEpoch;
      member.memberEpoch = group.assignmentEpoch;
    }
    member.assignment = target;
    this.scheduleSessionTimeout(group, member);

    const settings = this.deps.groupConfigs.shareSettings(groupId);
    const changed = memberEpoch === 0 || !sameAssignment(before, target);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId,
      memberEpoch: member.memberEpoch,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      assignment: changed
        ? {
            topicPartitions: [...target]
              .filter(([, partitions]) => partitions.length > 0)
              .map(([topicId, partitions]) => ({ topicId, partitions: [...partitions] })),
          }
        : null,
    };
  }

  close(): void {
    for (const group of this.groups.values()) for (const m of group.members.values()) if (m.sessionTimer) clearTimeout(m.sessionTimer);
    this.groups.clear();
    this.sessions.clear();
  }

  // ---- Internals ---------------------------------------------------------------------------------

  private leave(groupId: string, memberId: string): ShareGroupHeartbeatResponse {
    const group = this.groups.get(groupId);
    if (!group) return failure(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${groupId} not found.`);
    if (!group.members.has(memberId)) {
      return failure(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${groupId}.`);
    }
    this.removeMember(group, memberId, 'left the share group');
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId,
      memberEpoch: LEAVE_GROUP_MEMBER_EPOCH,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  }

  /** The member is gone: its acquired records become available, the group epoch goes up. */
  private removeMember(group: ShareGroup, memberId: string, reason: string): void {
    const member = group.members.get(memberId);
    if (!member) return;
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    group.members.delete(memberId);
    group.targetAssignment.delete(memberId);
    group.groupEpoch++;
    group.metadataSignature = this.metadataSignature(group);
    this.deps.partitions.releaseMember(group.groupId, memberId);
    this.deps.logger.info({ groupId: group.groupId, memberId, groupEpoch: group.groupEpoch }, reason);
  }

  private scheduleSessionTimeout(group: ShareGroup, member: ShareGroupMember): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    const { sessionTimeoutMs } = this.deps.groupConfigs.shareSettings(group.groupId);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (this.groups.get(group.groupId) !== group || group.members.get(member.memberId) !== member) return;
      this.removeMember(group, member.memberId, 'share group member session expired');
      // A member that stopped heartbeating will not close its sessions either.
      this.sessions.removeMember(group.groupId, member.memberId);
    }, sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  private subscribedTopics(group: ShareGroup): Map<string, AssignorTopic> {
    const topics = new Map<string, AssignorTopic>();
    for (const name of group.subscribedTopicNames()) {
      const topic = this.deps.topics.get(name);
      if (topic && !topic.deleted) topics.set(name, { name, id: topic.id, partitionCount: topic.partitions.length });
    }
    return topics;
  }

  private metadataSignature(group: ShareGroup): string {
    return [...this.subscribedTopics(group).values()].map((t) => `${t.name}/${t.id}/${t.partitionCount}`).join(',');
  }

  private computeTargetAssignment(group: ShareGroup): void {
    const members = [...group.members.values()].map((m) => ({ memberId: m.memberId, subscribedTopicNames: m.subscribedTopicNames }));
    group.targetAssignment = assignSimple(members, this.subscribedTopics(group), group.targetAssignment);
    group.assignmentEpoch = group.groupEpoch;
  }
}

/** Kafka's throwIfShareGroupHeartbeatRequestIsInvalid: the message, or null when valid. */
export function validateShareHeartbeat(request: ShareHeartbeat): string | null {
  if (request.memberId === '') return "MemberId can't be empty.";
  if (request.groupId === '') return "GroupId can't be empty.";
  if (request.rackId === '') return "RackId can't be empty.";
  if (request.memberEpoch === 0) {
    if (!request.subscribedTopicNames || request.subscribedTopicNames.length === 0) return 'SubscribedTopicNames must be set in first request.';
  } else if (request.memberEpoch < LEAVE_GROUP_MEMBER_EPOCH) {
    return 'MemberEpoch is invalid.';
  }
  return null;
}

/** Kafka's throwIfShareGroupMemberEpochIsInvalid: the message, or null when the epoch is accepted. */
function fencedError(member: ShareGroupMember, received: number): string | null {
  if (received > member.memberEpoch) {
    return `The share group member has a greater member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`;
  }
  if (received < member.memberEpoch && received !== member.previousMemberEpoch) {
    return `The share group member has a smaller member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). The member must abandon all its partitions and rejoin.`;
  }
  return null;
}

function failure(errorCode: ErrorCode, errorMessage: string): ShareGroupHeartbeatResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}
