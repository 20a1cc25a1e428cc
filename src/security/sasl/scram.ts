/**
 * SASL/SCRAM-SHA-256 and -512 (RFC 5802, RFC 7677) as Kafka's ScramSaslServer: client-first →
 * server-first (nonce, salt, iterations), client-final (proof) → server-final (signature).
 * No channel binding (gs2 header "n"), as Kafka.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SaslUserStore } from '../users';
import { ScramCredential, ScramHash, h, hmac, xor } from './scramCrypto';
import { SaslFailure, SaslServer } from './SaslServer';

const CLIENT_FIRST = /^n,(?:a=([^,]*))?,(n=([^,]*),r=([^,]+)(?:,.*)?)$/s;
const CLIENT_FINAL = /^(c=([^,]*),r=([^,]+)(?:,(?!p=)[^,]*)*),p=([A-Za-z0-9+/=]+)$/s;

export class ScramServer implements SaslServer {
  complete = false;
  user: string | null = null;
  private step: 'first' | 'final' | 'done' = 'first';
  private credential: ScramCredential | null = null;
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';
  private clientNonce = '';

  constructor(
    private readonly hash: ScramHash,
    private readonly users: SaslUserStore,
  ) {}

  evaluate(token: Buffer): Buffer {
    if (this.step === 'first') return this.clientFirst(token.toString('utf8'));
    if (this.step === 'final') return this.clientFinal(token.toString('utf8'));
    throw new SaslFailure('Unexpected challenge in Sasl server state COMPLETE', true);
  }

  private clientFirst(message: string): Buffer {
    const m = CLIENT_FIRST.exec(message);
    this.step = 'done';
    if (!m) throw new SaslFailure(`Invalid SCRAM client first message format: ${message.split(',')[0]}`, false);
    const [, authzid = '', bare, saslName, clientNonce] = m;
    const user = saslName.replace(/=2C/g, ',').replace(/=3D/g, '=');
    const credential = this.users.scramCredential(this.hash, user);
    if (!credential) throw new SaslFailure('Authentication failed: Invalid user credentials', false);
    if (authzid !== '' && authzid !== user) {
      throw new SaslFailure('Authentication failed: Client requested an authorization id that is different from username', true);
    }
    this.credential = credential;
    this.user = user;
    this.gs2Header = message.slice(0, message.length - bare.length);
    this.clientFirstBare = bare;
    this.clientNonce = clientNonce;
    this.nonce = clientNonce + randomBytes(18).toString('base64url');
    this.serverFirst = `r=${this.nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.step = 'final';
    return Buffer.from(this.serverFirst, 'utf8');
  }

  private clientFinal(message: string): Buffer {
    this.step = 'done';
    const m = CLIENT_FINAL.exec(message);
    if (!m) throw new SaslFailure('Invalid SCRAM client final message format', false);
    const [, withoutProof, channelBinding, nonce, proofB64] = m;
    // librdkafka before 2.6.1 sends its own nonce twice (client nonce + the server's, which already
    // starts with it); Kafka 3.8.1-3.9 accepted that, and kcat builds still carry the bug.
    if (nonce !== this.nonce && nonce !== this.clientNonce + this.nonce) throw new SaslFailure('Invalid client nonce in the final client message.', false);
    if (channelBinding !== Buffer.from(this.gs2Header, 'utf8').toString('base64')) throw new SaslFailure('Invalid channel binding', false);
    const { storedKey, serverKey } = this.credential!;
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.hash, storedKey, authMessage);
    const proof = Buffer.from(proofB64, 'base64');
    if (proof.length !== clientSignature.length || !timingSafeEqual(h(this.hash, xor(proof, clientSignature)), storedKey)) {
      this.user = null;
      throw new SaslFailure('Invalid client credentials', false);
    }
    this.credential = null;
    this.complete = true;
    return Buffer.from(`v=${hmac(this.hash, serverKey, authMessage).toString('base64')}`, 'utf8');
  }
}
