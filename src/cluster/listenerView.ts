/**
 * What a listener's clients see of the cluster: the same nodes, leaders and coordinators, but
 * each node's host and port on that listener. Kafka answers Metadata, FindCoordinator,
 * DescribeCluster and leader hints with the endpoints of the listener the request came in on,
 * so a client of the SASL_SSL port is never sent to the plaintext one.
 */
import type { BrokerState } from '../handlers/types';
import type { ClusterView } from './ClusterView';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** The broker state with `cluster` answering node addresses from `endpointOf`. */
export function listenerState(state: BrokerState, endpointOf: (nodeId: number) => Endpoint | undefined): BrokerState {
  return { ...state, cluster: listenerClusterView(state.cluster, endpointOf) };
}

/**
 * A view of the cluster whose every answer naming a node (an object with nodeId, host and port:
 * a ClusterNode, an endpoint) carries this listener's host and port. Everything else, state
 * changes included, goes to the shared cluster itself.
 */
export function listenerClusterView(cluster: ClusterView, endpointOf: (nodeId: number) => Endpoint | undefined): ClusterView {
  const remap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(remap);
    if (value === null || typeof value !== 'object' || !('nodeId' in value) || !('host' in value) || !('port' in value)) return value;
    const endpoint = endpointOf((value as { nodeId: number }).nodeId);
    return endpoint ? { ...value, host: endpoint.host, port: endpoint.port } : value;
  };
  return new Proxy(cluster, {
    get(target, prop) {
      const member: unknown = Reflect.get(target, prop, target);
      if (prop === 'nodes') return remap(member);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => remap((member as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}
