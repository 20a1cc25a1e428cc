/**
 * A warning that may repeat many times a second (a client reconnecting in a loop against a
 * connection limit): logged at most once per interval and key, with how many were left out since.
 */
import type { Logger } from 'pino';

const DEFAULT_INTERVAL_MS = 10000;

export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns whether it was logged. */
  warn(key: string, fields: object, message: string): boolean {
    const now = this.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return false;
    }
    const suppressed = seen?.suppressed ?? 0;
    this.last.set(key, { at: now, suppressed: 0 });
    this.logger.warn(suppressed > 0 ? { ...fields, suppressed } : fields, message);
    // Keys are per address: forget old ones so a scan from many addresses cannot grow the map forever.
    if (this.last.size > 1000) {
      for (const [k, v] of this.last) if (now - v.at >= this.intervalMs) this.last.delete(k);
    }
    return true;
  }
}
