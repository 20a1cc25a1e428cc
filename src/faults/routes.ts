/**
 * The admin API for fault injection on the HTTP port, used by `minikafka faults`:
 *
 *   GET    /api/faults       the rules in force
 *   POST   /api/faults       add a rule (a JSON FaultRule) → 201 {"id": 1, "rule": {...}}
 *   DELETE /api/faults/:id   remove one rule
 *   DELETE /api/faults       remove every rule → {"removed": n}
 *
 * Errors are {"error": "what is wrong"} with status 400 (bad rule) or 404 (no such rule).
 * JSON has no Infinity: a count of Infinity is written (and may be given) as the string "Infinity".
 */
import type * as http from 'node:http';
import type { BrokerState } from '../handlers/types';
import type { HttpServer } from '../http/HttpServer';
import { send } from '../http/respond';
import { FaultRuleError } from './rules';

const PATH = '/api/faults';
/** A rule is a few hundred bytes; anything much larger is a mistake. */
const MAX_BODY_BYTES = 64 * 1024;

export function registerFaultRoutes(http: HttpServer, state: BrokerState): void {
  const { faults } = state;
  http.route('GET', PATH, (_req, res) => sendJson(res, 200, faults.list()));
  http.route('POST', PATH, async (req, res) => {
    let rule: unknown;
    try {
      rule = JSON.parse(await readBody(req));
    } catch (err) {
      sendJson(res, 400, { error: `the request body must be a fault rule in JSON, such as {"api": "Produce", "errorCode": "NOT_LEADER_OR_FOLLOWER"}: ${(err as Error).message}` });
      return;
    }
    try {
      const id = faults.add(rule as never);
      sendJson(res, 201, { id, rule: faults.list().find((r) => r.id === id) });
    } catch (err) {
      if (!(err instanceof FaultRuleError)) throw err;
      sendJson(res, 400, { error: err.message });
    }
  });
  http.route('DELETE', PATH, (_req, res) => sendJson(res, 200, { removed: faults.clear() }));
  http.route('DELETE', `${PATH}/`, (_req, res, url) => {
    const text = url.pathname.slice(PATH.length + 1);
    const id = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(id)) {
      sendJson(res, 400, { error: `a fault rule id is a whole number (as returned when it was added), got "${decodeURIComponent(text)}"` });
    } else if (faults.remove(id)) {
      sendJson(res, 200, { removed: 1 });
    } else {
      sendJson(res, 404, { error: `there is no fault rule ${id}: it was used up or removed, or never added (GET ${PATH} lists the rules)` });
    }
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value, (_key, v) => (v === Infinity ? 'Infinity' : v)) + '\n');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new Error(`body larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}
