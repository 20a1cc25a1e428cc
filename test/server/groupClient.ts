/**
 * Group API request bodies for raw TCP tests, with every field a version may need filled in, so a
 * test only states what matters to it. Each member should use its own TestClient: a JoinGroup or
 * SyncGroup that waits holds back later responses on its connection, as on a real broker.
 */
import type { JoinGroupRequest, JoinGroupResponse } from '../../wire/apis/JoinGroup';
import { JoinGroup } from '../../wire/apis/JoinGroup';
import type { SyncGroupRequest, SyncGroupResponse } from '../../wire/apis/SyncGroup';
import { SyncGroup } from '../../wire/apis/SyncGroup';
import { encodeAssignment, encodeSubscription } from '../../wire/consumerProtocol';
import type { TestClient } from './client';

export const subscription = (...topics: string[]): Buffer => encodeSubscription({ topics });
export const assignment = (topic: string, ...partitions: number[]): Buffer =>
  encodeAssignment({ assignedPartitions: [{ topic, partitions }] });

export function joinBody(groupId: string, overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription('events') }],
    reason: null,
    ...overrides,
  };
}

export function syncBody(
  groupId: string,
  member: { memberId: string; generationId: number },
  assignments: Record<string, Buffer> = {},
  overrides: Partial<SyncGroupRequest> = {},
): SyncGroupRequest {
  return {
    groupId,
    generationId: member.generationId,
    memberId: member.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: Object.entries(assignments).map(([memberId, a]) => ({ memberId, assignment: a })),
    ...overrides,
  };
}

/** JoinGroup as a v4+ client does it: ask for a member id (79), then join with it. */
export async function joinWithMemberId(
  c: TestClient,
  version: number,
  groupId: string,
  overrides: Partial<JoinGroupRequest> = {},
): Promise<JoinGroupResponse> {
  const first: JoinGroupResponse = await c.request(JoinGroup, version, joinBody(groupId, overrides));
  if (first.errorCode !== 79) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  return c.request(JoinGroup, version, joinBody(groupId, { ...overrides, memberId: first.memberId }));
}

/** Send a request whose answer will wait; returns a function that reads the answer later. */
export function sendAndLater<T>(c: TestClient, api: typeof JoinGroup | typeof SyncGroup, version: number, body: object): () => Promise<T> {
  const correlationId = c.send(api, version, body);
  return () => c.receive<T>(api, version, correlationId);
}

export type { JoinGroupResponse, SyncGroupResponse };
