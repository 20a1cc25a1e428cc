/**
 * Whether the node that received a request coordinates its group or transactional id. Handlers
 * answer NOT_COORDINATOR when not, so the client looks the coordinator up again (FindCoordinator).
 *
 * An empty id counts as coordinated: Kafka refuses it (INVALID_GROUP_ID, INVALID_REQUEST) before
 * it looks for the coordinator, and our coordinators give those answers themselves.
 */
import type { RequestContext } from '../handlers/types';
import { CoordinatorType } from './ClusterView';

export function coordinatesGroup(ctx: RequestContext, groupId: string): boolean {
  return groupId === '' || ctx.broker.cluster.coordinates(ctx.nodeId, CoordinatorType.Group, groupId);
}

export function coordinatesTransaction(ctx: RequestContext, transactionalId: string): boolean {
  return transactionalId === '' || ctx.broker.cluster.coordinates(ctx.nodeId, CoordinatorType.Transaction, transactionalId);
}
