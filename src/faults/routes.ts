/** The admin API for fault injection, used by `minikafka faults`. */
import type { BrokerState } from '../handlers/types';
import type { HttpServer } from '../http/HttpServer';

export function registerFaultRoutes(http: HttpServer, state: BrokerState): void {
  void http;
  void state;
}
