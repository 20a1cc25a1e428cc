/**
 * One listener's security protocol put to work: the server it accepts on (TCP, or TLS) and,
 * per connection, what sits between the connection and the request processor (the SASL gate,
 * or nothing on a PLAINTEXT listener).
 */
import * as net from 'node:net';
import type { Logger } from 'pino';
import type { RequestProcessor } from '../server/RequestProcessor';
import { FrameProcessor, SaslGate } from '../server/SaslGate';
import { ConnectionSecurity, ListenerSasl } from './ConnectionSecurity';
import { SecurityProtocol, usesSasl, usesTls } from './listeners';
import { ANONYMOUS_PRINCIPAL } from './principal';
import { TlsSetup, createTlsServer, tlsPrincipal } from './tls';

export class ListenerSecurity {
  constructor(
    readonly protocol: SecurityProtocol,
    private readonly tls: TlsSetup | null,
    private readonly sasl: ListenerSasl | null,
    /** ApiVersions' highest served version (the SASL gate lets a client retry below it). */
    private readonly apiVersionsMax: number,
    private readonly logger: Logger,
  ) {
    if (usesTls(protocol) && !tls) throw new Error(`a ${protocol} listener needs --tls-cert and --tls-key`);
    if (usesSasl(protocol) && !sasl) throw new Error(`a ${protocol} listener needs SASL mechanisms`);
  }


  createServer(onConnection: (socket: net.Socket) => void): net.Server {
    if (usesTls(this.protocol)) return createTlsServer(this.tls!, this.logger, onConnection);
    return net.createServer(onConnection);
  }

  /** What the connection hands its frames to. */
  frameProcessor(socket: net.Socket, processor: RequestProcessor): FrameProcessor {
    const sasl = usesSasl(this.protocol) ? this.sasl : null;
    const principal = this.protocol === 'SSL' ? tlsPrincipal(socket) : ANONYMOUS_PRINCIPAL;
    if (!sasl && principal === ANONYMOUS_PRINCIPAL) return processor;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (principal !== ANONYMOUS_PRINCIPAL) this.logger.debug({ peer, principal }, 'TLS client certificate accepted');
    const security = new ConnectionSecurity(sasl, principal, this.logger, peer);
    return new SaslGate(processor, security, socket, this.apiVersionsMax);
  }
}
