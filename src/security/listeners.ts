/**
 * Listener settings: Kafka's four security protocols, and `PROTOCOL://host:port` listener specs
 * (Kafka's `listeners`, where each listener name is also its security protocol).
 */
import type { Secret } from './secret';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[number];

/** A listener beyond the main one (config host/port). */
export interface ListenerConfig {
  securityProtocol: SecurityProtocol;
  host: string;
  /** 0 picks a free port; with several nodes, node i listens on port + i. */
  port: number;
  /** Host name clients are told to connect to on this listener (default: the broker's advertisedHost, else host). */
  advertisedHost?: string;
}

export type ClientAuth = 'required' | 'requested' | 'none';

/** ssl.keystore / ssl.truststore as PEM files. */
export interface TlsConfig {
  certFile: string;
  keyFile: string;
  /** CAs trusted for client certificates (ssl.truststore). */
  caFile?: string;
  /** ssl.client.auth; applies to SSL listeners (SASL_SSL authenticates with SASL). */
  clientAuth: ClientAuth;
}

export interface SaslUser {
  name: string;
  /** A Secret keeps it out of logs and JSON; a plain string is accepted for embedding. */
  password: Secret | string;
}

export interface SaslConfig {
  /** sasl.enabled.mechanisms, in the order the handshake lists them. */
  mechanisms: SaslMechanismName[];
  users: SaslUser[];
}

export function usesTls(protocol: SecurityProtocol): boolean {
  return protocol === 'SSL' || protocol === 'SASL_SSL';
}

export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
}

/** `SASL_SSL://0.0.0.0:9094` (an IPv6 host in brackets); throws with the reason otherwise. */
export function parseListener(spec: string): ListenerConfig {
  const m = /^([A-Z_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`listener '${spec}' is not PROTOCOL://host:port`);
  const protocol = m[1] as SecurityProtocol;
  if (!SECURITY_PROTOCOLS.includes(protocol)) {
    throw new Error(`listener '${spec}': unknown security protocol ${m[1]} (one of ${SECURITY_PROTOCOLS.join(', ')})`);
  }
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`listener '${spec}': port must be 0..65535`);
  const host = m[2].startsWith('[') ? m[2].slice(1, -1) : m[2];
  return { securityProtocol: protocol, host: host === '' ? '0.0.0.0' : host, port };
}
