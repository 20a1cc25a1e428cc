/**
 * Connection counts per listener and per client address, as Kafka's ConnectionQuotas keeps them.
 * Kafka's two limits act differently, and so do these: above max.connections the acceptor blocks
 * (a new connection waits, unanswered, until another closes); above max.connections.per.ip the new
 * connection is closed at once.
 */
import type { Logger } from 'pino';
import type { ConnectionConfig } from '../config';
import { RateLimitedLog } from './RateLimitedLog';

export type Admission = 'accepted' | 'wait' | 'ip-limit';

/** Kafka's default listen backlog (socket.listen.backlog.size): connections waiting for a slot. */
export const MAX_WAITING_CONNECTIONS = 50;

/** The address a client connects from, without the IPv4-mapped IPv6 prefix ("::ffff:127.0.0.1"). */
export function clientAddress(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * max.connections.per.ip.overrides: "host:count,host:count" (IPv6 addresses may contain colons;
 * the count is after the last one). Throws on a malformed entry, naming it.
 */
export function parsePerIpOverrides(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.lastIndexOf(':');
    const host = colon > 0 ? entry.slice(0, colon).trim() : '';
    const count = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (host === '' || !/^\d+$/.test(count)) throw new Error(`"${entry}" is not host:count`);
    out[clientAddress(host)] = Number(count);
  }
  return out;
}

export class ConnectionQuotas {
  private total = 0;
  private readonly perIp = new Map<string, number>();
  private readonly rejectLog: RateLimitedLog;

  constructor(
    private readonly limits: ConnectionConfig,
    logger: Logger,
  ) {
    this.rejectLog = new RateLimitedLog(logger);
  }

  get count(): number {
    return this.total;
  }

  /** Whether the broker-wide limit leaves room for one more connection. */
  get slotAvailable(): boolean {
    return this.total < this.limits.maxConnections;
  }

  maxFor(ip: string): number {
    return this.limits.maxConnectionsPerIpOverrides[ip] ?? this.limits.maxConnectionsPerIp;
  }

  /** Count a new connection from ip if the limits allow it; 'wait' and 'ip-limit' count nothing. */
  admit(ip: string): Admission {
    if (!this.slotAvailable) return 'wait';
    const fromIp = this.perIp.get(ip) ?? 0;
    const max = this.maxFor(ip);
    if (fromIp >= max) {
      // Kafka: "Rejected connection from <ip>, address already has the configured maximum of <n> connections."
      this.rejectLog.warn(`ip ${ip}`, { ip, max }, 'rejected connection: the address already has max.connections.per.ip connections');
      return 'ip-limit';
    }
    this.total++;
    this.perIp.set(ip, fromIp + 1);
    return 'accepted';
  }

  /** A connection admitted earlier has closed. */
  release(ip: string): void {
    this.total--;
    const fromIp = (this.perIp.get(ip) ?? 1) - 1;
    if (fromIp <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, fromIp);
  }

  /** Log (rate-limited) that new connections wait because max.connections is reached. */
  noteWaiting(ip: string, waiting: number): void {
    this.rejectLog.warn('max.connections', { ip, max: this.limits.maxConnections, waiting }, 'max.connections reached: new connections wait until one closes');
  }

  /** Log (rate-limited) that a new connection was closed because too many already wait for a slot. */
  noteWaitingFull(ip: string): void {
    this.rejectLog.warn('backlog', { ip, max: this.limits.maxConnections, waiting: MAX_WAITING_CONNECTIONS }, 'max.connections reached and the backlog of waiting connections is full: closing the new connection');
  }
}
