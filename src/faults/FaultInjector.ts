/**
 * Fault injection for testing clients' error handling: rules that answer matching requests with an
 * error code, delay them, drop the connection or report throttling. Empty unless a test adds rules,
 * and then the first matching rule (in the order added) applies to a request.
 *
 * Every rule added, applied, used up or removed is logged at info level.
 */
import type { Logger } from 'pino';
import { HANDLERS } from '../handlers';
import type { Handler, HandlerResult, RequestContext } from '../handlers/types';
import { errorName, FaultRule, FaultRuleInfo, Rule, validateRule } from './rules';
import { planFor } from './scope';
import { serveWithFault } from './serve';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What to do with one request a rule matched. */
export interface FaultAction {
  /** The id of the rule that matched. */
  readonly ruleId: number;
  /** Close the connection at this request's turn instead of answering it. */
  readonly dropConnection?: 'before' | 'after';
  /** Serve the request with the rule's effects (the handler runs unless an error or an early drop replaces it). */
  serve(handler: Handler, request: Value, ctx: RequestContext): HandlerResult<Value> | Promise<HandlerResult<Value>>;
}

interface ActiveRule extends Rule {
  readonly id: number;
  remaining: number;
  fired: number;
}

export class FaultInjector {
  private readonly rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(
    private readonly logger: Logger,
    private readonly handlers: readonly Handler[] = HANDLERS,
  ) {}

  /** Add a rule; returns its id. Throws FaultRuleError, saying what is wrong, for an unusable rule. */
  add(rule: FaultRule): number {
    const valid = validateRule(rule, this.handlers);
    const active: ActiveRule = { ...valid, id: this.nextId++, remaining: valid.count, fired: 0 };
    this.rules.push(active);
    this.logger.info({ faultRule: describe(active) }, `fault rule ${active.id} added`);
    return active.id;
  }

  /** The rules in force, in the order they are tried. */
  list(): FaultRuleInfo[] {
    return this.rules.map(describe);
  }

  /** Remove one rule; false if there is none with that id (any more). */
  remove(id: number): boolean {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i < 0) return false;
    const [rule] = this.rules.splice(i, 1);
    this.logger.info({ faultRule: describe(rule) }, `fault rule ${id} removed`);
    return true;
  }

  /** Remove every rule; returns how many there were. */
  clear(): number {
    const count = this.rules.length;
    this.rules.length = 0;
    if (count > 0) this.logger.info({ removed: count }, 'fault rules cleared');
    return count;
  }

  /** The action for this decoded request if a rule matches it (using up one of the rule's count), else null. */
  match(handler: Handler, request: Value, ctx: RequestContext): FaultAction | null {
    if (this.rules.length === 0) return null;
    const { apiKey } = handler.api;
    const topicNames = (id: string) => ctx.broker.topics.getById(id)?.name;
    for (const rule of this.rules) {
      if (rule.handler.api.apiKey !== apiKey) continue;
      if (rule.nodeId !== undefined && rule.nodeId !== ctx.nodeId) continue;
      const plan = planFor(rule, handler.api, ctx.apiVersion, request, topicNames);
      if (!plan) continue;

      rule.remaining -= 1;
      rule.fired += 1;
      this.logger.info(
        { faultRule: describe(rule), api: handler.api.name, apiVersion: ctx.apiVersion, correlationId: ctx.correlationId, clientId: ctx.clientId, peer: ctx.peer, nodeId: ctx.nodeId },
        `fault rule ${rule.id} applied to ${handler.api.name}`,
      );
      if (rule.remaining <= 0) {
        this.rules.splice(this.rules.indexOf(rule), 1);
        this.logger.info({ faultRule: describe(rule) }, `fault rule ${rule.id} used up and removed`);
      }
      return {
        ruleId: rule.id,
        dropConnection: rule.dropConnection,
        serve: (h, req, c) => serveWithFault(rule, plan, h, req, c),
      };
    }
    return null;
  }
}

function describe(rule: ActiveRule): FaultRuleInfo {
  const { id, handler, topic, partition, group, transactionalId, nodeId, count, remaining, fired, errorCode, delayMs, dropConnection, throttleMs } = rule;
  const error = errorCode === undefined ? undefined : errorName(errorCode);
  const info = { id, api: handler.api.name, topic, partition, group, transactionalId, nodeId, count, remaining, fired, errorCode, error, delayMs, dropConnection, throttleMs };
  // Only the fields the rule has, so list() and the logs read like the rule as written.
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as unknown as FaultRuleInfo;
}
