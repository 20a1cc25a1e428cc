/**
 * Stands between a connection and the request processor while a SASL listener's client is not
 * yet authenticated, as Kafka's SaslServerAuthenticator does: before the handshake only
 * ApiVersions (once) and SaslHandshake are served; after a v1 handshake only SaslAuthenticate;
 * after a v0 handshake each frame is a bare SASL token answered by a bare token. Anything else
 * closes the connection. A failed authentication is answered, then the connection closes.
 * Once authenticated (or on a listener without SASL) every request passes, carrying the principal.
 */
import type { Socket } from 'node:net';
import { ApiKeys } from '../../wire/apis';
import type { ConnectionSecurity } from '../security/ConnectionSecurity';
import type { Outcome, RequestProcessor } from './RequestProcessor';

/** What a Connection needs of whatever turns its frames into answers. */
export type FrameProcessor = Pick<RequestProcessor, 'process' | 'apiName' | 'brokerStopping'>;

export class SaslGate implements FrameProcessor {
  private apiVersionsServed = false;

  constructor(
    private readonly processor: RequestProcessor,
    private readonly security: ConnectionSecurity,
    private readonly socket: Socket,
    /** The highest ApiVersions version served: a retry after an unsupported one is allowed. */
    private readonly apiVersionsMax: number,
  ) {}

  get brokerStopping(): boolean {
    return this.processor.brokerStopping;
  }

  apiName(apiKey: number): string {
    return this.processor.apiName(apiKey);
  }

  process(frame: Buffer, peer: string): Outcome {
    const { security } = this;
    if (security.failed) return { kind: 'none' }; // closing: the failure's answer is on its way
    if (security.stage === 'authenticated') return this.processor.process(frame, peer, security);
    if (security.rawTokens) return this.rawToken(frame);
    if (frame.length < 4) return { kind: 'close', reason: 'malformed request during SASL authentication' };
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const refused = this.refusal(apiKey);
    if (refused) return { kind: 'close', reason: refused };
    if (apiKey === ApiKeys.ApiVersions && apiVersion <= this.apiVersionsMax) this.apiVersionsServed = true;
    const outcome = this.processor.process(frame, peer, security);
    this.closeIfFailed();
    return outcome;
  }

  /** Why Kafka would close the connection on this request at this step, or null to serve it. */
  private refusal(apiKey: number): string | null {
    const { stage } = this.security;
    if (stage === 'handshake') {
      if (apiKey === ApiKeys.SaslHandshake) return null;
      if (apiKey === ApiKeys.ApiVersions && !this.apiVersionsServed) return null;
      return `${this.apiName(apiKey)} before SASL authentication; only ApiVersions (once) and SaslHandshake are served`;
    }
    // Kafka answers a SaslHandshake here with 34, then closes; the handler does the same.
    if (apiKey === ApiKeys.SaslAuthenticate || apiKey === ApiKeys.SaslHandshake) return null;
    return `${this.apiName(apiKey)} during SASL authentication; only SaslAuthenticate is served`;
  }

  /** v0: the frame is the token; the answer is the server's token, size-prefixed, nothing else. */
  private rawToken(frame: Buffer): Outcome {
    const answer = this.security.authenticate(frame);
    if (this.security.failed) return { kind: 'close', reason: 'SASL authentication failed' };
    const size = Buffer.alloc(4);
    size.writeInt32BE(answer.authBytes.length, 0);
    return { kind: 'respond', response: [size, answer.authBytes] };
  }

  /**
   * After a failed handshake or authentication: stop reading, let the answer (written right
   * after this returns, since nothing before authentication waits) go out, then close.
   */
  private closeIfFailed(): void {
    if (!this.security.failed) return;
    this.socket.pause();
    setImmediate(() => this.socket.destroySoon());
  }
}
