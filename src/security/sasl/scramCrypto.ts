/** SCRAM's key derivation (RFC 5802 section 3) with Node's crypto. */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export type ScramHash = 'sha256' | 'sha512';

export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

const KEY_LENGTH: Record<ScramHash, number> = { sha256: 32, sha512: 64 };

export function hmac(hash: ScramHash, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(hash, key).update(data).digest();
}

export function h(hash: ScramHash, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

/** SaltedPassword = Hi(password, salt, i); ClientKey, StoredKey = H(ClientKey), ServerKey. */
export function deriveScramCredential(hash: ScramHash, password: string, iterations: number, salt = randomBytes(32)): ScramCredential {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, KEY_LENGTH[hash], hash);
  const clientKey = hmac(hash, salted, 'Client Key');
  return { salt, iterations, storedKey: h(hash, clientKey), serverKey: hmac(hash, salted, 'Server Key') };
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}
