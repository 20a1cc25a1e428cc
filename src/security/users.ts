/**
 * SASL users: from `--sasl-users FILE` (`user:password` lines, or JSON) and `--sasl-user` flags.
 * PLAIN checks the password itself; SCRAM credentials (salt, StoredKey, ServerKey) are derived
 * once at load with a random salt, as kafka-configs does when it stores them.
 */
import { readFileSync } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Secret } from './secret';
import type { SaslUser } from './listeners';
import { ScramCredential, ScramHash, deriveScramCredential } from './sasl/scramCrypto';

/** Kafka's default (and minimum) SCRAM iteration count. */
export const SCRAM_ITERATIONS = 4096;

/** `name:password`; the password may itself contain colons. */
export function parseUserFlag(spec: string): SaslUser {
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new Error('a SASL user must be given as name:password');
  return { name: spec.slice(0, colon), password: new Secret(spec.slice(colon + 1)) };
}

/**
 * A users file: JSON (`{"alice": "secret"}` or `[{"username": "alice", "password": "secret"}]`),
 * else one `name:password` per line; blank lines and lines starting with # are skipped.
 * Errors name the file and line, never a password.
 */
export function loadUsersFile(file: string): SaslUser[] {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return usersFromJson(file, trimmed);
  const users: SaslUser[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`${file} line ${i + 1}: expected name:password`);
    users.push({ name: line.slice(0, colon).trim(), password: new Secret(line.slice(colon + 1)) });
  });
  return users;
}

function usersFromJson(file: string, text: string): SaslUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
  const entries: [unknown, unknown][] = Array.isArray(parsed)
    ? parsed.map((u: { username?: unknown; password?: unknown }) => [u?.username, u?.password])
    : Object.entries(parsed as object);
  return entries.map(([name, password], i) => {
    if (typeof name !== 'string' || name === '' || typeof password !== 'string') {
      throw new Error(`${file}: entry ${i + 1} needs a user name and a password (strings)`);
    }
    return { name, password: new Secret(password) };
  });
}

/** The users a listener authenticates against; later entries for the same name win. */
export class SaslUserStore {
  private readonly passwords = new Map<string, Buffer>();
  private readonly scram = new Map<string, ScramCredential>();

  constructor(users: readonly SaslUser[], scramHashes: readonly ScramHash[] = ['sha256', 'sha512']) {
    for (const user of users) {
      const password = typeof user.password === 'string' ? user.password : user.password.reveal();
      this.passwords.set(user.name, digest(password));
      for (const hash of scramHashes) this.scram.set(`${hash}:${user.name}`, deriveScramCredential(hash, password, SCRAM_ITERATIONS));
    }
  }

  get size(): number {
    return this.passwords.size;
  }

  /** PLAIN: compares digests in constant time, so the check does not leak the length or a prefix. */
  checkPassword(name: string, password: string): boolean {
    const expected = this.passwords.get(name);
    return expected !== undefined && timingSafeEqual(expected, digest(password));
  }

  scramCredential(hash: ScramHash, name: string): ScramCredential | undefined {
    return this.scram.get(`${hash}:${name}`);
  }
}

function digest(password: string): Buffer {
  return createHash('sha256').update(password, 'utf8').digest();
}
