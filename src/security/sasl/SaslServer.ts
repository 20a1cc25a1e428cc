/** One SASL exchange on the server side, as Java's SaslServer: tokens in, tokens out, until complete. */

export interface SaslServer {
  /** The answer to the client's token; throws SaslFailure when authentication fails. */
  evaluate(token: Buffer): Buffer;
  readonly complete: boolean;
  /** The authenticated user, once complete. */
  readonly user: string | null;
}

/**
 * Authentication failed. Kafka shows the client the message of a SaslAuthenticationException
 * and hides that of a plain SaslException behind a generic one, since it may say whether a
 * user exists: `exposed` says which.
 */
export class SaslFailure extends Error {
  constructor(
    message: string,
    readonly exposed: boolean,
  ) {
    super(message);
  }
}

/** What Kafka answers for a failure whose own message stays on the server. */
export function genericFailureMessage(mechanism: string): string {
  return `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`;
}
