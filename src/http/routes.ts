/** Everything served on the HTTP port, each part registered by its own module. */
import type { BrokerState } from '../handlers/types';
import { registerConsoleRoutes } from '../console/routes';
import { registerFaultRoutes } from '../faults/routes';
import { registerMetricsRoute } from '../metrics/route';
import type { HttpServer } from './HttpServer';

export function registerRoutes(http: HttpServer, state: BrokerState): void {
  registerMetricsRoute(http, state);
  registerFaultRoutes(http, state);
  registerConsoleRoutes(http, state);
}
