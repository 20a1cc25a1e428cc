/** Writing whole responses: one body, its type and length, never cached (it is live state). */
import type * as http from 'node:http';

export function send(res: http.ServerResponse, status: number, contentType: string, body: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export function sendText(res: http.ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text.endsWith('\n') ? text : `${text}\n`);
}
