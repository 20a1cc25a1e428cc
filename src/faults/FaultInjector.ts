/**
 * Fault injection for testing clients' error handling: rules that answer matching requests with an
 * error code, delay them, drop the connection or report throttling. Empty unless a test adds rules.
 */
import type { Logger } from 'pino';
import type { RequestContext } from '../handlers/types';

/** What to do with one request; null: serve it normally. */
export interface FaultAction {
  readonly description: string;
}

export class FaultInjector {
  constructor(private readonly logger: Logger) {}

  /** The action for this decoded request, if a rule matches (consuming one of its count). */
  match(apiKey: number, request: unknown, ctx: RequestContext): FaultAction | null {
    void apiKey;
    void request;
    void ctx;
    return null;
  }
}
