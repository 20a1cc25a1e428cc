/**
 * The broker's HTTP port (--http-port): the web console, Prometheus /metrics and the admin API
 * (fault injection). Off unless configured. Routes are registered by the modules that own them.
 */
import * as http from 'node:http';
import type { Logger } from 'pino';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  /** Matches this path exactly, or anything below it when it ends with '/' (the longest such path wins). */
  path: string;
  handler: RouteHandler;
}

export class HttpServer {
  private readonly routes: Route[] = [];
  private readonly server: http.Server;

  constructor(private readonly logger: Logger) {
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.push({ method, path, handler });
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as import('node:net').AddressInfo;
        resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The route for exactly this path, else the one with the longest prefix of it ('/' matches any path). */
  private match(method: string, pathname: string): Route | undefined {
    let best: Route | undefined;
    for (const r of this.routes) {
      if (r.method !== method) continue;
      if (r.path === pathname) return r;
      if (r.path.endsWith('/') && pathname.startsWith(r.path) && (!best || r.path.length > best.path.length)) best = r;
    }
    return best;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Collapse leading slashes: `${httpUrl}/groups` gives '//groups', which URL reads as a host.
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://localhost');
    const route = this.match(req.method ?? '', url.pathname);
    try {
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${req.method} ${url.pathname}\n`);
        return;
      }
      await route.handler(req, res, url);
    } catch (err) {
      this.logger.error({ err, path: url.pathname }, 'HTTP request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Internal error: ${(err as Error).message}\n`);
    }
  }
}
