/** Shared set-up for the coordinator tests: a coordinator with short timeouts and request builders. */
import pino from 'pino';
import type { GroupConfig } from '../../src/config';
import { GroupCoordinator } from '../../src/groups/GroupCoordinator';
import type { OffsetStore } from '../../src/groups/OffsetStore';
import type { JoinGroupParams, JoinGroupResult, Protocol, SyncGroupParams, SyncGroupResult } from '../../src/groups/types';
import { ErrorCode } from '../../wire/errors';

export const TEST_CONFIG: GroupConfig = {
  initialRebalanceDelayMs: 0,
  minSessionTimeoutMs: 10,
  maxSessionTimeoutMs: 60_000,
  maxSize: 10,
};

/** The three OffsetStore methods the coordinator uses, over a set of groups "with offsets". */
export class FakeOffsets {
  readonly withOffsets = new Set<string>();
  groupIds(): string[] {
    return [...this.withOffsets];
  }
  offsetsOf(groupId: string) {
    if (!this.withOffsets.has(groupId)) return [];
    return [{ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: null, commitTimestamp: 0 }];
  }
  deleteGroup(groupId: string): void {
    this.withOffsets.delete(groupId);
  }
}

export function newCoordinator(config: Partial<GroupConfig> = {}): { coordinator: GroupCoordinator; offsets: FakeOffsets } {
  const offsets = new FakeOffsets();
  const coordinator = new GroupCoordinator({ ...TEST_CONFIG, ...config }, offsets as unknown as OffsetStore, pino({ level: 'silent' }));
  return { coordinator, offsets };
}

export const protocol = (name: string, metadata = `${name}-metadata`): Protocol => ({ name, metadata: Buffer.from(metadata) });

/** A JoinGroup as a v0-3 client sends it (joins directly, no MEMBER_ID_REQUIRED round trip). */
export function joinParams(groupId: string, overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId,
    memberId: '',
    groupInstanceId: null,
    requireKnownMemberId: false,
    supportSkippingAssignment: false,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    rebalanceTimeoutMs: 5000,
    sessionTimeoutMs: 5000,
    protocolType: 'consumer',
    protocols: [protocol('range')],
    reason: null,
    ...overrides,
  };
}

export function syncParams(
  groupId: string,
  joined: { memberId: string; generationId: number },
  assignments: Record<string, string> = {},
  overrides: Partial<SyncGroupParams> = {},
): SyncGroupParams {
  return {
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: Object.entries(assignments).map(([memberId, assignment]) => ({ memberId, assignment: Buffer.from(assignment) })),
    ...overrides,
  };
}

/** True if the promise has not settled once pending callbacks and timers of 0 ms have run. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const outcome = await Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(marker), 5))]);
  return outcome === marker;
}

export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function stateOf(coordinator: GroupCoordinator, groupId: string): string {
  return coordinator.describeGroup(groupId).state;
}

export interface StableMember {
  memberId: string;
  generationId: number;
  join: JoinGroupResult;
  sync: SyncGroupResult;
}

/**
 * Bring a group to Stable with members that all join at once (one generation); the leader assigns
 * `assignment-<index>` to the member at each index. Members are returned in the order given.
 */
export async function stableGroup(
  coordinator: GroupCoordinator,
  groupId: string,
  members: Partial<JoinGroupParams>[],
): Promise<StableMember[]> {
  const joins = await Promise.all(members.map((m) => coordinator.joinGroup(joinParams(groupId, m))));
  for (const j of joins) if (j.errorCode !== ErrorCode.NONE) throw new Error(`join failed with ${j.errorCode}`);
  const leader = joins.find((j) => j.memberId === j.leader)!;
  const assignments = Object.fromEntries(joins.map((j, i) => [j.memberId, `assignment-${i}`]));
  const syncs = await Promise.all(
    joins.map((j) => coordinator.syncGroup(syncParams(groupId, j, j === leader ? assignments : {}, { groupInstanceId: members[joins.indexOf(j)].groupInstanceId ?? null }))),
  );
  return joins.map((join, i) => ({ memberId: join.memberId, generationId: join.generationId, join, sync: syncs[i] }));
}
