/** SASL/PLAIN (RFC 4616) as Kafka's PlainSaslServer: `[authzid] NUL user NUL password`, one step. */
import type { SaslUserStore } from '../users';
import { SaslFailure, SaslServer } from './SaslServer';

export class PlainServer implements SaslServer {
  complete = false;
  user: string | null = null;

  constructor(private readonly users: SaslUserStore) {}

  evaluate(token: Buffer): Buffer {
    const tokens = splitThree(token.toString('utf8'));
    if (tokens.length !== 3) throw new SaslFailure(`Invalid SASL/PLAIN response: expected 3 tokens, got ${tokens.length}`, false);
    const [authzid, user, password] = tokens;
    if (user === '') throw new SaslFailure('Authentication failed: username not specified', false);
    if (password === '') throw new SaslFailure('Authentication failed: password not specified', false);
    if (!this.users.checkPassword(user, password)) throw new SaslFailure('Authentication failed: Invalid username or password', true);
    if (authzid !== '' && authzid !== user) {
      throw new SaslFailure('Authentication failed: Client requested an authorization id that is different from username', true);
    }
    this.user = user;
    this.complete = true;
    return Buffer.alloc(0);
  }
}

/**
 * Kafka's split: at most three parts, the last keeping any further NULs. A token with fewer
 * than two NULs leaves trailing parts empty; Kafka then reports an empty user or password.
 */
function splitThree(s: string): string[] {
  const first = s.indexOf('\0');
  if (first < 0) return [s, '', ''];
  const second = s.indexOf('\0', first + 1);
  if (second < 0) return [s.slice(0, first), s.slice(first + 1), ''];
  return [s.slice(0, first), s.slice(first + 1, second), s.slice(second + 1)];
}
