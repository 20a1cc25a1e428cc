/** The web console: topics, a message browser and groups, rendered on the server. */
import type { BrokerState } from '../handlers/types';
import type { HttpServer } from '../http/HttpServer';

export function registerConsoleRoutes(http: HttpServer, state: BrokerState): void {
  void http;
  void state;
}
