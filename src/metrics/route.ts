/** GET /metrics in Prometheus' text format. */
import type { BrokerState } from '../handlers/types';
import type { HttpServer } from '../http/HttpServer';

export function registerMetricsRoute(http: HttpServer, state: BrokerState): void {
  void http;
  void state;
}
