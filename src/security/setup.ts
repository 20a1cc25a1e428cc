/**
 * From the broker config to each listener's security: TLS files read and SASL credentials
 * derived once at start, shared by every node. Bad settings fail the start with a clear reason.
 */
import type { Logger } from 'pino';
import type { BrokerConfig } from '../config';
import type { ExtraListener } from '../cluster/NodeListener';
import type { Handler } from '../handlers/types';
import { ApiKeys } from '../../wire/apis';
import type { ListenerSasl } from './ConnectionSecurity';
import { ListenerSecurity } from './ListenerSecurity';
import { SASL_MECHANISMS, SecurityProtocol, usesSasl, usesTls } from './listeners';
import { TlsSetup, loadTls } from './tls';
import { SaslUserStore } from './users';

export interface SecuritySetup {
  /** Security of each node's main listener; undefined: PLAINTEXT. */
  readonly main: ListenerSecurity | undefined;
  /** The extra listeners, each with its base port (node i: port + i, or 0). */
  readonly extras: { listener: ExtraListener; port: number }[];
}

export function setUpSecurity(config: BrokerConfig, handlers: readonly Handler[], logger: Logger): SecuritySetup {
  const protocols: SecurityProtocol[] = [config.securityProtocol, ...config.listeners.map((l) => l.securityProtocol)];
  const seen = new Set<SecurityProtocol>();
  for (const p of protocols) {
    if (seen.has(p)) throw new Error(`two listeners use ${p}: each listener needs its own security protocol`);
    seen.add(p);
  }
  const tlsFor = tlsLoader(config);
  const sasl = protocols.some(usesSasl) ? saslSetup(config, logger) : null;
  const apiVersionsMax = handlers.find((h) => h.api.apiKey === ApiKeys.ApiVersions)?.maxVersion ?? 0;
  const securityOf = (protocol: SecurityProtocol): ListenerSecurity =>
    new ListenerSecurity(protocol, usesTls(protocol) ? tlsFor(protocol) : null, usesSasl(protocol) ? sasl : null, apiVersionsMax, logger);
  return {
    main: config.securityProtocol === 'PLAINTEXT' ? undefined : securityOf(config.securityProtocol),
    extras: config.listeners.map((l) => ({
      listener: {
        name: l.securityProtocol,
        security: securityOf(l.securityProtocol),
        host: l.host,
        advertisedHost: l.advertisedHost ?? config.advertisedHost ?? (isWildcard(l.host) ? config.host : l.host),
        ports: new Map(),
      },
      port: l.port,
    })),
  };
}

/** ssl.client.auth applies to SSL listeners; SASL_SSL clients authenticate with SASL. */
function tlsLoader(config: BrokerConfig): (protocol: SecurityProtocol) => TlsSetup {
  const loaded = new Map<string, TlsSetup>();
  return (protocol) => {
    if (!config.tls) throw new Error(`a ${protocol} listener needs --tls-cert and --tls-key`);
    const clientAuth = protocol === 'SSL' ? config.tls.clientAuth : 'none';
    let setup = loaded.get(clientAuth);
    if (!setup) loaded.set(clientAuth, (setup = loadTls(config.tls, clientAuth)));
    return setup;
  };
}

function saslSetup(config: BrokerConfig, logger: Logger): ListenerSasl {
  const { mechanisms, users } = config.sasl;
  if (mechanisms.length === 0) throw new Error('a SASL listener needs at least one SASL mechanism');
  for (const m of mechanisms) {
    if (!SASL_MECHANISMS.includes(m)) throw new Error(`unknown SASL mechanism ${m} (one of ${SASL_MECHANISMS.join(', ')})`);
  }
  const hashes = [
    ...(mechanisms.includes('SCRAM-SHA-256') ? (['sha256'] as const) : []),
    ...(mechanisms.includes('SCRAM-SHA-512') ? (['sha512'] as const) : []),
  ];
  const store = new SaslUserStore(users, hashes);
  if (store.size === 0) logger.warn('a SASL listener is configured without users (--sasl-users, --sasl-user): every login will fail');
  return { mechanisms, users: store };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}
