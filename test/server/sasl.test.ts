/**
 * SASL over raw TCP, as Apache Kafka's SaslServerAuthenticator behaves on the wire: handshake
 * versions 0 (bare tokens) and 1 (SaslAuthenticate), PLAIN and SCRAM, Kafka's error codes and
 * messages, nothing served before authentication, a second listener advertised in Metadata,
 * and passwords never in the logs.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Broker } from '../../src/broker';
import { ANONYMOUS_PRINCIPAL } from '../../src/security/principal';
import { Secret } from '../../src/security/secret';
import { loadUsersFile, parseUserFlag } from '../../src/security/users';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { ApiKeys } from '../../wire/apis/index';
import { FindCoordinator } from '../../wire/apis/FindCoordinator';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { SaslAuthenticate, SaslAuthenticateResponse } from '../../wire/apis/SaslAuthenticate';
import { SaslHandshake, SaslHandshakeResponse } from '../../wire/apis/SaslHandshake';
import { ErrorCode } from '../../wire/errors';
import { ClientPool, TestClient, frameWithBody } from './client';

const PASSWORD = 'alice-Pa55word!';
const OTHER_PASSWORD = 'bob-0ther-secret';
const ALL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

let broker: Broker;
let dataDir: string;
let saslPort: number;
const logLines: string[] = [];
const pool = new ClientPool();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-sasl-'));
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  broker = await Broker.start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logger: pino({ level: 'trace' }, sink),
    listeners: [{ securityProtocol: 'SASL_PLAINTEXT', host: '127.0.0.1', port: 0 }],
    sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], users: [{ name: 'alice', password: new Secret(PASSWORD) }, parseUserFlag(`bob:${OTHER_PASSWORD}`)] },
  });
  saslPort = Number(broker.listenerBrokers('SASL_PLAINTEXT')[0].split(':')[1]);
});

afterAll(async () => {
  await pool.closeAll();
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => pool.closeAll());

const connect = (): Promise<TestClient> => pool.connect(saslPort);

const plainToken = (user: string, password: string, authzid = ''): Buffer => Buffer.from(`${authzid}\0${user}\0${password}`, 'utf8');

async function handshake(c: TestClient, mechanism: string, version = 1): Promise<SaslHandshakeResponse> {
  return c.request(SaslHandshake, version, { mechanism });
}

async function authenticate(c: TestClient, token: Buffer, version = 2): Promise<SaslAuthenticateResponse> {
  return c.request(SaslAuthenticate, version, { authBytes: token });
}

const metadataAll = (c: TestClient): Promise<MetadataResponse> => c.request(Metadata, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });

/** A SCRAM client (RFC 5802), written apart from the broker's so a shared mistake cannot pass. */
class ScramClient {
  private readonly nonce = randomBytes(16).toString('base64');
  private firstBare = '';
  private serverSignature = Buffer.alloc(0);

  constructor(
    private readonly hash: 'sha256' | 'sha512',
    private readonly user: string,
    private readonly password: string,
    /** Send the client nonce again before the server's, as librdkafka before 2.6.1 does. */
    private readonly doubledNonce = false,
  ) {}

  first(): Buffer {
    this.firstBare = `n=${this.user},r=${this.nonce}`;
    return Buffer.from(`n,,${this.firstBare}`);
  }

  final(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString();
    const attrs = Object.fromEntries(text.split(',').map((kv) => [kv[0], kv.slice(2)]));
    expect(attrs.r.startsWith(this.nonce)).toBe(true);
    const salted = pbkdf2Sync(this.password, Buffer.from(attrs.s, 'base64'), Number(attrs.i), this.hash === 'sha256' ? 32 : 64, this.hash);
    const clientKey = createHmac(this.hash, salted).update('Client Key').digest();
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${this.doubledNonce ? this.nonce : ''}${attrs.r}`;
    const authMessage = `${this.firstBare},${text},${withoutProof}`;
    const signature = createHmac(this.hash, storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]));
    const serverKey = createHmac(this.hash, salted).update('Server Key').digest();
    this.serverSignature = createHmac(this.hash, serverKey).update(authMessage).digest();
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`);
  }

  verify(serverFinal: Buffer): void {
    expect(serverFinal.toString()).toBe(`v=${this.serverSignature.toString('base64')}`);
  }
}

describe('SaslHandshake', () => {
  test('v1 lists the enabled mechanisms and accepts PLAIN', async () => {
    const c = await connect();
    const res = await handshake(c, 'PLAIN');
    expect(res).toEqual({ errorCode: ErrorCode.NONE, mechanisms: ALL_MECHANISMS });
  });

  test('an unknown mechanism gets 33 UNSUPPORTED_SASL_MECHANISM with the enabled list, then the connection closes', async () => {
    const c = await connect();
    const res = await handshake(c, 'GSSAPI');
    expect(res).toEqual({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ALL_MECHANISMS });
    expect(await c.waitClosed()).toBe(true);
  });

  test('ApiVersions is served once before the handshake, and advertises both SASL APIs', async () => {
    const c = await connect();
    const versions: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(versions.errorCode).toBe(ErrorCode.NONE);
    expect(versions.apiKeys).toEqual(expect.arrayContaining([
      { apiKey: ApiKeys.SaslHandshake, minVersion: 0, maxVersion: 1 },
      { apiKey: ApiKeys.SaslAuthenticate, minVersion: 0, maxVersion: 2 },
    ]));
    c.send(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(await c.waitClosed()).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('ApiVersions at an unsupported version may be retried before the handshake', async () => {
    const c = await connect();
    c.sendRaw(frameWithBody(ApiKeys.ApiVersions, 99, c.correlationId(), true, Buffer.from([0, 0, 0])));
    expect((await c.nextFrame()).readInt16BE(4)).toBe(ErrorCode.UNSUPPORTED_VERSION); // the v0 layout, after the correlation id
    const versions: ApiVersionsResponse = await c.request(ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(versions.errorCode).toBe(ErrorCode.NONE);
    expect((await handshake(c, 'PLAIN')).errorCode).toBe(ErrorCode.NONE);
  });

  test('on the plaintext listener, SaslHandshake and SaslAuthenticate answer 34 ILLEGAL_SASL_STATE and the connection stays', async () => {
    const c = await pool.connect(broker.port);
    expect(await handshake(c, 'PLAIN')).toEqual({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    const auth = await authenticate(c, plainToken('alice', PASSWORD));
    expect(auth.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    expect(auth.errorMessage).toBe('SaslAuthenticate request received after successful authentication');
    expect((await metadataAll(c)).brokers).toHaveLength(1);
  });
});

describe('nothing is served before authentication', () => {
  test('Metadata as the first request closes the connection without an answer', async () => {
    const c = await connect();
    c.send(Metadata, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(await c.waitClosed()).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('Metadata after the handshake, before SaslAuthenticate, closes the connection', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    c.send(Metadata, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(await c.waitClosed()).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('SaslAuthenticate before any handshake closes the connection', async () => {
    const c = await connect();
    c.send(SaslAuthenticate, 2, { authBytes: plainToken('alice', PASSWORD) });
    expect(await c.waitClosed()).toBe(true);
    expect(c.queued).toBe(0);
  });

  test('a second SaslHandshake during authentication answers 34 ILLEGAL_SASL_STATE and closes', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    expect(await handshake(c, 'PLAIN')).toEqual({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    expect(await c.waitClosed()).toBe(true);
  });
});

describe('SASL/PLAIN', () => {
  test.each([0, 1, 2])('SaslAuthenticate v%i: the right password authenticates; then requests are served', async (version) => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('alice', PASSWORD), version);
    expect(res).toEqual({ errorCode: ErrorCode.NONE, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 });
    const md = await metadataAll(c);
    expect(md.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: saslPort, rack: null }]);
  });

  test('a wrong password gets 58 with Kafka\'s message, then the connection closes', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('alice', 'wrong'));
    expect(res.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(res.errorMessage).toBe('Authentication failed: Invalid username or password');
    expect(await c.waitClosed()).toBe(true);
  });

  test('an unknown user gets the same answer as a wrong password', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('mallory', PASSWORD));
    expect(res.errorMessage).toBe('Authentication failed: Invalid username or password');
    expect(await c.waitClosed()).toBe(true);
  });

  test('a malformed token gets the generic message (Kafka hides SaslException texts)', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, Buffer.from('alice'));
    expect(res.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(res.errorMessage).toBe('Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN');
  });

  test('an authorization id other than the user is refused', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('alice', PASSWORD, 'bob'));
    expect(res.errorMessage).toBe('Authentication failed: Client requested an authorization id that is different from username');
  });

  test('after authentication, SaslHandshake and SaslAuthenticate answer 34 and the connection stays', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    await authenticate(c, plainToken('bob', OTHER_PASSWORD));
    expect(await handshake(c, 'PLAIN')).toEqual({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    const again = await authenticate(c, plainToken('bob', OTHER_PASSWORD));
    expect(again.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    expect(again.errorMessage).toBe('SaslAuthenticate request received after successful authentication');
    expect((await metadataAll(c)).brokers).toHaveLength(1);
  });

  test('v0 handshake: the token goes as a bare size-prefixed frame and the answer is an empty one', async () => {
    const c = await connect();
    expect((await handshake(c, 'PLAIN', 0)).errorCode).toBe(ErrorCode.NONE);
    const token = plainToken('alice', PASSWORD);
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length);
    c.sendRaw(Buffer.concat([size, token]));
    expect((await c.nextFrame()).length).toBe(0);
    expect((await metadataAll(c)).brokers[0].port).toBe(saslPort);
  });

  test('v0 handshake with a wrong password: the connection closes without an answer', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN', 0);
    const token = plainToken('alice', 'nope');
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length);
    c.sendRaw(Buffer.concat([size, token]));
    expect(await c.waitClosed()).toBe(true);
    expect(c.queued).toBe(0);
  });
});

describe.each([
  ['SCRAM-SHA-256', 'sha256'],
  ['SCRAM-SHA-512', 'sha512'],
] as const)('SASL/%s', (mechanism, hash) => {
  test('the right password: server-first, then a server signature the client verifies', async () => {
    const c = await connect();
    await handshake(c, mechanism);
    const client = new ScramClient(hash, 'alice', PASSWORD);
    const first = await authenticate(c, client.first());
    expect(first.errorCode).toBe(ErrorCode.NONE);
    expect(first.authBytes.toString()).toMatch(/^r=[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
    const final = await authenticate(c, client.final(first.authBytes));
    expect(final.errorCode).toBe(ErrorCode.NONE);
    client.verify(final.authBytes);
    expect((await metadataAll(c)).brokers).toHaveLength(1);
  });

  test('a wrong password: 58 with Kafka\'s generic message, then the connection closes', async () => {
    const c = await connect();
    await handshake(c, mechanism);
    const client = new ScramClient(hash, 'alice', 'not-the-password');
    const first = await authenticate(c, client.first());
    const final = await authenticate(c, client.final(first.authBytes));
    expect(final.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(final.errorMessage).toBe(`Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`);
    expect(await c.waitClosed()).toBe(true);
  });

  test('librdkafka < 2.6.1 (kcat builds): the client nonce sent twice in the final message is accepted, as Kafka 3.8.1-3.9 do', async () => {
    const c = await connect();
    await handshake(c, mechanism);
    const client = new ScramClient(hash, 'alice', PASSWORD, true);
    const first = await authenticate(c, client.first());
    const final = await authenticate(c, client.final(first.authBytes));
    expect(final.errorCode).toBe(ErrorCode.NONE);
    client.verify(final.authBytes);
  });

  test('a final message with another nonce fails', async () => {
    const c = await connect();
    await handshake(c, mechanism);
    const client = new ScramClient(hash, 'alice', PASSWORD);
    const first = await authenticate(c, client.first());
    const forged = Buffer.from(first.authBytes.toString().replace(/,s=/, 'x,s='));
    const final = await authenticate(c, client.final(forged));
    expect(final.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
  });

  test('an unknown user fails at the first message', async () => {
    const c = await connect();
    await handshake(c, mechanism);
    const res = await authenticate(c, new ScramClient(hash, 'mallory', PASSWORD).first());
    expect(res.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(res.errorMessage).toBe(`Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`);
  });

  test('v0 handshake: SCRAM tokens as bare frames', async () => {
    const c = await connect();
    await handshake(c, mechanism, 0);
    const client = new ScramClient(hash, 'bob', OTHER_PASSWORD);
    const bare = (token: Buffer): Buffer => {
      const size = Buffer.alloc(4);
      size.writeInt32BE(token.length);
      return Buffer.concat([size, token]);
    };
    c.sendRaw(bare(client.first()));
    const serverFirst = await c.nextFrame();
    c.sendRaw(bare(client.final(serverFirst)));
    client.verify(await c.nextFrame());
    expect((await metadataAll(c)).brokers).toHaveLength(1);
  });
});

describe('logs', () => {
  test('neither a failed nor a good login writes a password or token to the log', async () => {
    const from = logLines.length;
    const bad = await connect();
    await handshake(bad, 'PLAIN');
    await authenticate(bad, plainToken('alice', 'Wr0ng-Secret-Guess'));
    await bad.waitClosed();
    const good = await connect();
    await handshake(good, 'PLAIN');
    await authenticate(good, plainToken('alice', PASSWORD));
    const scram = await connect();
    await handshake(scram, 'SCRAM-SHA-256');
    const client = new ScramClient('sha256', 'bob', OTHER_PASSWORD);
    const first = await authenticate(scram, client.first());
    await authenticate(scram, client.final(first.authBytes));
    const log = logLines.slice(from).join('');
    expect(log).toContain('SASL authentication failed');
    expect(log).toContain('SASL authentication succeeded');
    expect(log).toContain('User:alice');
    for (const secret of [PASSWORD, OTHER_PASSWORD, 'Wr0ng-Secret-Guess', Buffer.from(PASSWORD).toString('base64')]) expect(log).not.toContain(secret);
  });

  test('a user password in config shows as [hidden] in JSON and inspection', () => {
    const user = parseUserFlag('carol:s3cr3t:with:colons');
    expect(user.name).toBe('carol');
    expect((user.password as Secret).reveal()).toBe('s3cr3t:with:colons');
    expect(JSON.stringify(user)).not.toContain('s3cr3t');
    expect(require('node:util').inspect(user)).not.toContain('s3cr3t');
    expect(`${user.password}`).toBe('[hidden]');
  });
});

describe('users file', () => {
  test('user:password lines and JSON both load; comments and blank lines are skipped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-users-'));
    try {
      fs.writeFileSync(path.join(dir, 'users.txt'), '# team\nalice:pw1\n\nbob:pw:2\n');
      fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify({ carol: 'pw3' }));
      fs.writeFileSync(path.join(dir, 'list.json'), JSON.stringify([{ username: 'dave', password: 'pw4' }]));
      const reveal = (users: ReturnType<typeof loadUsersFile>) => users.map((u) => [u.name, (u.password as Secret).reveal()]);
      expect(reveal(loadUsersFile(path.join(dir, 'users.txt')))).toEqual([['alice', 'pw1'], ['bob', 'pw:2']]);
      expect(reveal(loadUsersFile(path.join(dir, 'users.json')))).toEqual([['carol', 'pw3']]);
      expect(reveal(loadUsersFile(path.join(dir, 'list.json')))).toEqual([['dave', 'pw4']]);
      fs.writeFileSync(path.join(dir, 'bad.txt'), 'alice\n');
      expect(() => loadUsersFile(path.join(dir, 'bad.txt'))).toThrow(/line 1: expected name:password/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listeners', () => {
  test('each listener advertises its own port in Metadata', async () => {
    const plain = await pool.connect(broker.port);
    expect((await metadataAll(plain)).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port, rack: null }]);
    expect(broker.port).not.toBe(saslPort);
  });

  test('with several nodes, each listener advertises every node at its own port (Metadata, FindCoordinator)', async () => {
    const cluster = await Broker.start({
      port: 0,
      host: '127.0.0.1',
      inMemory: true,
      logLevel: 'silent',
      nodes: 2,
      listeners: [{ securityProtocol: 'SASL_PLAINTEXT', host: '127.0.0.1', port: 0 }],
      sasl: { mechanisms: ['PLAIN'], users: [{ name: 'alice', password: PASSWORD }] },
    });
    try {
      const saslAddresses = cluster.listenerBrokers('SASL_PLAINTEXT');
      const saslPorts = saslAddresses.map((a) => Number(a.split(':')[1]));
      expect(saslPorts).toHaveLength(2);
      expect(saslPorts).not.toEqual(expect.arrayContaining(cluster.nodes.map((n) => n.port)));
      const c = await pool.connect(saslPorts[1]);
      expect((await handshake(c, 'PLAIN')).mechanisms).toEqual(['PLAIN']);
      await authenticate(c, plainToken('alice', PASSWORD));
      const md = await metadataAll(c);
      expect(md.brokers.map((b) => [b.nodeId, b.port])).toEqual([[1, saslPorts[0]], [2, saslPorts[1]]]);
      const found = await c.request(FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['g1', 'g2', 'g3'] });
      for (const coordinator of found.coordinators) expect(saslPorts).toContain(coordinator.port);
      const plain = await pool.connect(cluster.port);
      expect((await metadataAll(plain)).brokers.map((b) => b.port)).toEqual(cluster.nodes.map((n) => n.port));
    } finally {
      await pool.closeAll();
      await cluster.stop();
    }
  });

  test('the plaintext listener\'s principal is ANONYMOUS', () => {
    expect(ANONYMOUS_PRINCIPAL).toBe('User:ANONYMOUS');
  });

  test('two listeners with the same security protocol are refused at start', async () => {
    await expect(
      Broker.start({ port: 0, inMemory: true, logLevel: 'silent', listeners: [{ securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 0 }] }),
    ).rejects.toThrow(/two listeners use PLAINTEXT/);
  });

  test('an SSL listener without a certificate is refused at start', async () => {
    await expect(Broker.start({ port: 0, inMemory: true, logLevel: 'silent', securityProtocol: 'SSL' })).rejects.toThrow(/needs --tls-cert and --tls-key/);
  });
});
