/**
 * Serving one request under a fault rule: an error answer (the selected part never reaches the
 * handler), a reported throttle time, a held-back response, or nothing at all when the
 * connection is to be dropped before the request runs.
 */
import { Handler, HandlerResult, NO_RESPONSE, RequestContext } from '../handlers/types';
import { entryErrors, errorResponse, mergeEntries } from './errorResponse';
import type { Rule } from './rules';
import { applyToMetadata, Plan } from './scope';
import { shapeOf } from './shape';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = HandlerResult<Value> | Promise<HandlerResult<Value>>;

export function serveWithFault(rule: Rule & { id: number }, plan: Plan, handler: Handler, request: Value, ctx: RequestContext): Result {
  let result: Result;
  if (rule.dropConnection === 'before') result = NO_RESPONSE;
  else if (rule.errorCode !== undefined) result = answerWithError(rule.errorCode, rule, plan, handler, request, ctx);
  else result = handler.handle(request, ctx);

  const { throttleMs, delayMs } = rule;
  if (throttleMs !== undefined) result = then(result, (r) => ({ ...r, throttleTimeMs: throttleMs }));
  if (delayMs !== undefined && delayMs > 0) {
    const { shutdown } = ctx.broker;
    result = Promise.resolve(result).then((r) => sleep(delayMs, shutdown).then(() => r));
  }
  return result;
}

function answerWithError(errorCode: number, rule: Rule & { id: number }, plan: Plan, handler: Handler, request: Value, ctx: RequestContext): Result {
  const { api } = handler;
  const version = ctx.apiVersion;
  const fill = { errorCode, message: `Injected by minikafka fault rule ${rule.id}` };
  // Produce with acks=0 is never answered, errors included (Kafka's getErrorResponse returns null).
  const unanswered = api.name === 'Produce' && request.acks === 0;
  switch (plan.kind) {
    case 'whole':
      return unanswered ? NO_RESPONSE : errorResponse(handler, version, request, fill);
    case 'metadata':
      return then(handler.handle(request, ctx), (r) => applyToMetadata(r, rule, errorCode));
    case 'entries': {
      const errors = entryErrors(api, version, plan.hit, plan.depth, fill);
      if (!plan.rest) return unanswered ? NO_RESPONSE : errors;
      // As Kafka: a partition in error ends a Fetch's long poll at once.
      const rest = api.name === 'Fetch' ? { ...plan.rest, maxWaitMs: 0 } : plan.rest;
      return then(handler.handle(rest, ctx), (r) => mergeEntries(r, errors, shapeOf(api, version).entries, version));
    }
  }
}

/** Apply f to a handler's result, now or when its promise resolves; no response stays no response. */
function then(result: Result, f: (r: Value) => Value): Result {
  const apply = (r: HandlerResult<Value>) => (r === NO_RESPONSE ? r : f(r));
  return result instanceof Promise ? result.then(apply) : apply(result);
}

/** Resolves after ms, or at once when the broker stops. */
function sleep(ms: number, shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (shutdown.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    shutdown.addEventListener('abort', done);
  });
}
