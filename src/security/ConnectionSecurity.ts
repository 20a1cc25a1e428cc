/**
 * One connection's authentication, as Kafka's SaslServerAuthenticator: who the client is (its
 * principal), and on a SASL listener the handshake → authenticate → authenticated steps. The
 * SaslHandshake and SaslAuthenticate handlers drive it; src/server/SaslGate.ts decides from it
 * which requests may be served.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../wire/errors';
import type { SaslMechanismName } from './listeners';
import { userPrincipal } from './principal';
import { createSaslServer } from './sasl/mechanisms';
import { SaslFailure, SaslServer, genericFailureMessage } from './sasl/SaslServer';
import type { SaslUserStore } from './users';

/** A listener's SASL setup. */
export interface ListenerSasl {
  readonly mechanisms: readonly SaslMechanismName[];
  readonly users: SaslUserStore;
}

export type AuthStage = 'handshake' | 'authenticate' | 'authenticated';

export interface TokenAnswer {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
}

const AFTER_AUTHENTICATION = 'SaslAuthenticate request received after successful authentication';

export class ConnectionSecurity {
  /** Before SASL completes this is the TLS principal (or ANONYMOUS); Kafka serves nothing then. */
  principal: string;
  stage: AuthStage;
  /** After a v0 handshake the tokens come as bare frames, not SaslAuthenticate requests. */
  rawTokens = false;
  /** Authentication failed: the connection closes once the answer is written. */
  failed = false;
  private server: SaslServer | null = null;
  private mechanism: SaslMechanismName | null = null;

  constructor(
    private readonly sasl: ListenerSasl | null,
    principal: string,
    private readonly logger: Logger,
    private readonly peer: string,
  ) {
    this.principal = principal;
    this.stage = sasl ? 'handshake' : 'authenticated';
  }

  /** SaslHandshake: pick the mechanism. On a listener without SASL, or once authenticated, 34 as KafkaApis answers. */
  handshake(mechanism: string, version: number): { errorCode: number; mechanisms: string[] } {
    if (!this.sasl || this.stage === 'authenticated') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    if (this.stage === 'authenticate') {
      this.failed = true;
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    }
    const enabled = [...this.sasl.mechanisms];
    if (!enabled.includes(mechanism as SaslMechanismName)) {
      this.logger.debug({ peer: this.peer, mechanism }, 'SASL mechanism requested by client is not enabled');
      this.failed = true;
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled };
    }
    this.mechanism = mechanism as SaslMechanismName;
    this.server = createSaslServer(this.mechanism, this.sasl.users);
    this.stage = 'authenticate';
    this.rawTokens = version === 0;
    return { errorCode: ErrorCode.NONE, mechanisms: enabled };
  }

  /** One client token (SaslAuthenticate, or a bare v0 frame); failure ends the connection. */
  authenticate(token: Buffer): TokenAnswer {
    if (this.stage === 'authenticated') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: AFTER_AUTHENTICATION, authBytes: Buffer.alloc(0) };
    if (this.stage !== 'authenticate' || !this.server) {
      this.failed = true;
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'Unexpected SaslAuthenticate before SaslHandshake', authBytes: Buffer.alloc(0) };
    }
    try {
      const answer = this.server.evaluate(token);
      if (this.server.complete) {
        this.stage = 'authenticated';
        this.rawTokens = false;
        this.principal = userPrincipal(this.server.user!);
        this.logger.debug({ peer: this.peer, mechanism: this.mechanism, principal: this.principal }, 'SASL authentication succeeded');
      }
      return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: answer };
    } catch (err) {
      if (!(err instanceof SaslFailure)) throw err;
      this.failed = true;
      // The reason, never the token: it holds the password (PLAIN) or a proof of it (SCRAM).
      this.logger.info({ peer: this.peer, mechanism: this.mechanism, reason: err.message }, 'SASL authentication failed');
      const errorMessage = err.exposed ? err.message : genericFailureMessage(this.mechanism!);
      return { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage, authBytes: Buffer.alloc(0) };
    }
  }
}
