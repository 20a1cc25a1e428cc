/**
 * TLS for SSL and SASL_SSL listeners: the certificate and key (PEM), and for SSL listeners
 * Kafka's ssl.client.auth: `required` refuses clients without a valid certificate, `requested`
 * asks for one but lets clients without one in (a certificate that is sent must be valid),
 * `none` asks for none. A valid client certificate makes the principal its subject DN.
 */
import { readFileSync } from 'node:fs';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import type { Logger } from 'pino';
import type { ClientAuth, TlsConfig } from './listeners';
import { ANONYMOUS_PRINCIPAL, certificatePrincipal } from './principal';

export interface TlsSetup {
  readonly options: tls.TlsOptions;
  readonly clientAuth: ClientAuth;
}

/** Reads the PEM files once, at start; a missing or unreadable file fails the start with its name. */
export function loadTls(config: TlsConfig, clientAuth: ClientAuth): TlsSetup {
  const read = (what: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
    }
  };
  const options: tls.TlsOptions = {
    cert: read('certificate', config.certFile),
    key: read('key', config.keyFile),
    ...(config.caFile !== undefined && { ca: read('CA file', config.caFile) }),
    requestCert: clientAuth !== 'none',
    // `requested`: the handshake lets a client without a certificate in; acceptClient checks the rest.
    rejectUnauthorized: clientAuth === 'required',
  };
  // Fail at start, not at the first client, when the key does not match the certificate.
  tls.createSecureContext(options);
  return { options, clientAuth };
}

/** A TLS server calling onConnection with each socket once its handshake is done. */
export function createTlsServer(setup: TlsSetup, logger: Logger, onConnection: (socket: net.Socket) => void): tls.Server {
  const server = tls.createServer(setup.options, (socket) => {
    if (!acceptClient(socket, setup.clientAuth)) {
      logger.info({ peer: `${socket.remoteAddress}:${socket.remotePort}`, reason: socket.authorizationError }, 'client certificate refused; closing the connection');
      socket.destroy();
      return;
    }
    onConnection(socket);
  });
  server.on('tlsClientError', (err, socket) => {
    logger.debug({ peer: `${socket.remoteAddress}:${socket.remotePort}`, err: err.message }, 'TLS handshake failed');
  });
  return server;
}

/** `requested`: a client without a certificate is in; one with an invalid certificate is not. */
function acceptClient(socket: tls.TLSSocket, clientAuth: ClientAuth): boolean {
  if (clientAuth !== 'requested') return true;
  return socket.authorized || socket.getPeerX509Certificate() === undefined;
}

/** `User:<subject DN>` for a verified client certificate, else ANONYMOUS (as Kafka's SslAuthenticator). */
export function tlsPrincipal(socket: net.Socket): string {
  if (!(socket instanceof tls.TLSSocket) || !socket.authorized) return ANONYMOUS_PRINCIPAL;
  const cert = socket.getPeerX509Certificate();
  return cert ? certificatePrincipal(cert) : ANONYMOUS_PRINCIPAL;
}
