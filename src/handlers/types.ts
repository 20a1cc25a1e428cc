/**
 * The contract between the connection layer and the handlers. A handler is thin: it takes a
 * decoded request and the broker's state, and returns a response object (or a promise of one,
 * for long polls). It never touches sockets or bytes.
 */
import type { Logger } from 'pino';
import type { ApiDefinition } from '../../wire/schema';
import type { ClusterView } from '../cluster/ClusterView';
import type { BrokerConfig } from '../config';
import type { ConsumerGroupCoordinator } from '../groups/consumer/ConsumerGroupCoordinator';
import type { GroupConfigs } from '../groups/GroupConfigs';
import type { GroupCoordinator } from '../groups/GroupCoordinator';
import type { OffsetStore } from '../groups/OffsetStore';
import type { ProducerIdManager } from '../producers/ProducerIdManager';
import type { TopicRegistry } from '../topics/TopicRegistry';
import type { FaultInjector } from '../faults/FaultInjector';
import type { Metrics } from '../metrics/Metrics';
import type { TransactionCoordinator } from '../transactions/TransactionCoordinator';
import type { ShareGroupCoordinator } from '../share/ShareGroupCoordinator';
import type { SharePartitionManager } from '../share/SharePartitionManager';
import type { ConnectionSecurity } from '../security/ConnectionSecurity';

/** Returned by a handler when the request gets no response at all (Produce with acks=0). */
export const NO_RESPONSE = Symbol('no response');

export interface BrokerState {
  readonly config: BrokerConfig;
  readonly topics: TopicRegistry;
  /** Classic groups (JoinGroup / SyncGroup). */
  readonly groups: GroupCoordinator;
  /** KIP-848 consumer groups (ConsumerGroupHeartbeat). */
  readonly consumerGroups: ConsumerGroupCoordinator;
  /** Share groups' membership (ShareGroupHeartbeat). */
  readonly shareGroups: ShareGroupCoordinator;
  /** Share groups' in-flight records (ShareFetch, ShareAcknowledge). */
  readonly sharePartitions: SharePartitionManager;
  /** Per-group configs (the GROUP config resource). */
  readonly groupConfigs: GroupConfigs;
  readonly offsets: OffsetStore;
  readonly producerIds: ProducerIdManager;
  readonly transactions: TransactionCoordinator;
  readonly logger: Logger;
  readonly clusterId: string;
  /** The nodes clients see (one unless a simulated cluster), partition leaders and coordinators. */
  readonly cluster: ClusterView;
  /** Every registered handler, so ApiVersions can advertise exactly what is implemented. */
  readonly handlers: readonly Handler[];
  /** Aborted when the broker stops, so long polls answer at once. */
  readonly shutdown: AbortSignal;
  /** Counters for the console and /metrics. */
  readonly metrics: Metrics;
  /** Rules that make requests fail on purpose (tests of client error handling). */
  readonly faults: FaultInjector;
}

export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** The client's `address:port` (Kafka reports the address as a member's clientHost). */
  readonly peer?: string;
  /** The node that received the request (leadership and coordinator checks answer for it). */
  readonly nodeId: number;
  readonly broker: BrokerState;
  /**
   * Who sent the request: `User:<name>` after SASL, `User:<subject DN>` with a TLS client
   * certificate, else `User:ANONYMOUS` (what ACLs will check). Absent only outside a connection.
   */
  readonly principal?: string;
  /** The connection's authentication state: only SaslHandshake and SaslAuthenticate use it. */
  readonly security?: ConnectionSecurity;
}

export type HandlerResult<Res> = Res | typeof NO_RESPONSE;

export interface Handler<Req = any, Res = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly api: ApiDefinition;
  /** The versions this broker implements: a subset of what the schema can encode. */
  readonly minVersion: number;
  readonly maxVersion: number;
  handle(request: Req, ctx: RequestContext): HandlerResult<Res> | Promise<HandlerResult<Res>>;
}

export function defineHandler<Req, Res>(handler: Handler<Req, Res>): Handler<Req, Res> {
  const { validVersions } = handler.api.request;
  if (handler.minVersion < validVersions.min || handler.maxVersion > validVersions.max) {
    throw new Error(`${handler.api.name} handler claims versions the schema does not define`);
  }
  return handler;
}
