/**
 * GET /api/stats: the traffic counters since start, for the pages' live rates (the browser
 * computes a rate from two samples, so the broker keeps no history).
 */
import type { BrokerState } from '../handlers/types';
import type { Traffic } from '../metrics/Metrics';

export interface TrafficStats {
  bytesIn: number;
  recordsIn: number;
  bytesOut: number;
  recordsOut: number;
}

export interface Stats {
  /** When the counters were read (ms since the epoch). */
  time: number;
  connectionsOpen: number;
  connectionsTotal: number;
  total: TrafficStats;
  /** An array, not an object keyed by name: a topic may be called "__proto__". */
  topics: (TrafficStats & { name: string })[];
}

export function currentStats(state: BrokerState): Stats {
  const { metrics } = state;
  return {
    time: Date.now(),
    connectionsOpen: metrics.connectionsOpen,
    connectionsTotal: metrics.connectionsTotal,
    total: copy(metrics.total),
    topics: state.topics.list().map((t) => ({ name: t.name, ...copy(metrics.topic(t.name)) })),
  };
}

function copy({ bytesIn, recordsIn, bytesOut, recordsOut }: Traffic): TrafficStats {
  return { bytesIn, recordsIn, bytesOut, recordsOut };
}
