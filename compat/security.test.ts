/**
 * TLS and SASL with real clients: kafkajs over SSL (with and without a client certificate),
 * SASL/PLAIN and SCRAM-SHA-256/512 over SASL_PLAINTEXT and SASL_SSL, and kcat (librdkafka) over
 * SASL_SSL and SSL. Every listener is a separate port next to the plaintext one; each must send
 * its clients to its own port (Metadata, FindCoordinator), or these clients would fail.
 * Certificates are made at test time with openssl, in a temp dir.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { KafkaConfig } from 'kafkajs';
import pino from 'pino';
import { Broker } from '../src/broker';
import type { SecurityProtocol } from '../src/security/listeners';
import { certificatePrincipal } from '../src/security/principal';
import { describeIfLocal, kafkaClient, kcat, kcatConsume, kcatProduce, uniqueTopic, waitFor } from './harness';

const OPENSSL = process.env.OPENSSL ?? '/usr/bin/openssl';
const USERS = { alice: 'alice-secret-1', bob: 'bob-secret-2' };

interface Certs {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from a CA the broker does not trust. */
  strangerCert: string;
  strangerKey: string;
}

/** A CA, a server certificate for localhost / 127.0.0.1 and client certificates, all PEM. */
function makeCerts(): Certs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-certs-'));
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { stdio: 'pipe' });
  const ca = (name: string) => ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`));
  const signed = (name: string, subject: string, caName: string, ext?: string) => {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`));
    if (ext) fs.writeFileSync(f(`${name}.ext`), ext);
    ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${caName}.pem`), '-CAkey', f(`${caName}.key`), '-CAcreateserial', '-days', '2', '-out', f(`${name}.pem`), ...(ext ? ['-extfile', f(`${name}.ext`)] : []));
  };
  ca('test-ca');
  ca('stranger-ca');
  signed('server', '/CN=localhost', 'test-ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  signed('client', '/C=US/O=Acme/OU=eng/CN=alice', 'test-ca');
  signed('stranger', '/CN=mallory', 'stranger-ca');
  return {
    dir,
    ca: f('test-ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
    strangerCert: f('stranger.pem'),
    strangerKey: f('stranger.key'),
  };
}

let certs: Certs;
let broker: Broker;
const logLines: string[] = [];

const PROTOCOLS: SecurityProtocol[] = ['SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

async function startSecureBroker(clientAuth: 'required' | 'requested' | 'none', logger = pino({ level: 'silent' })): Promise<Broker> {
  return Broker.start({
    port: 0,
    host: '127.0.0.1',
    inMemory: true,
    dev: true,
    logger,
    listeners: PROTOCOLS.map((securityProtocol) => ({ securityProtocol, host: '127.0.0.1', port: 0 })),
    tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.ca, clientAuth },
    sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], users: Object.entries(USERS).map(([name, password]) => ({ name, password })) },
  });
}

const ssl = (): { ca: string[]; servername: string } => ({ ca: [fs.readFileSync(certs.ca, 'utf8')], servername: 'localhost' });

/** Produce three records with kafkajs, then read them back with a kafkajs consumer group. */
async function roundTrip(brokers: string[], extra: Partial<KafkaConfig>): Promise<string[]> {
  const kafka = kafkaClient(brokers, extra);
  const topic = uniqueTopic('sec');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  const cluster = await admin.describeCluster();
  await admin.disconnect();
  expect(cluster.brokers.map((b) => `${b.host}:${b.port}`)).toEqual(brokers);

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-g`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const got: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value!.toString()) });
    await waitFor('three records consumed', async () => (got.length >= 3 ? got : undefined), 20_000);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describeIfLocal('TLS and SASL listeners', () => {
  beforeAll(async () => {
    certs = makeCerts();
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    broker = await startSecureBroker('requested', pino({ level: 'debug' }, sink));
  });

  afterAll(async () => {
    await broker?.stop();
    if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('each listener has its own port', () => {
    const ports = new Set([broker.brokers[0], ...PROTOCOLS.map((p) => broker.listenerBrokers(p)[0])]);
    expect(ports.size).toBe(4);
  });

  describe('kafkajs', () => {
    test('SSL: produce and consume; the broker is verified against the test CA', async () => {
      expect(await roundTrip(broker.listenerBrokers('SSL'), { ssl: ssl() })).toEqual(['a', 'b', 'c']);
    });

    test('SSL with a client certificate: the principal is its subject DN', async () => {
      const from = logLines.length;
      const tls = { ...ssl(), cert: fs.readFileSync(certs.clientCert, 'utf8'), key: fs.readFileSync(certs.clientKey, 'utf8') };
      expect(await roundTrip(broker.listenerBrokers('SSL'), { ssl: tls })).toEqual(['a', 'b', 'c']);
      expect(logLines.slice(from).join('')).toContain('"principal":"User:CN=alice,OU=eng,O=Acme,C=US"');
    });

    test('SSL with a certificate from an untrusted CA is refused (client auth "requested")', async () => {
      const tls = { ...ssl(), cert: fs.readFileSync(certs.strangerCert, 'utf8'), key: fs.readFileSync(certs.strangerKey, 'utf8') };
      const kafka = kafkaClient(broker.listenerBrokers('SSL'), { ssl: tls, retry: { retries: 0 } });
      const admin = kafka.admin();
      await expect(admin.connect()).rejects.toThrow();
      await admin.disconnect();
    });

    test.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('SASL_PLAINTEXT with %s', async (mechanism) => {
      const sasl = { mechanism, username: 'alice', password: USERS.alice } as KafkaConfig['sasl'];
      expect(await roundTrip(broker.listenerBrokers('SASL_PLAINTEXT'), { sasl })).toEqual(['a', 'b', 'c']);
    });

    test.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('SASL_SSL with %s', async (mechanism) => {
      const sasl = { mechanism, username: 'bob', password: USERS.bob } as KafkaConfig['sasl'];
      expect(await roundTrip(broker.listenerBrokers('SASL_SSL'), { ssl: ssl(), sasl })).toEqual(['a', 'b', 'c']);
    });

    test.each([
      ['plain', 'Authentication failed: Invalid username or password'],
      ['scram-sha-256', 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256'],
    ] as const)('a wrong password with %s fails with Kafka\'s message', async (mechanism, message) => {
      const sasl = { mechanism, username: 'alice', password: 'wrong' } as KafkaConfig['sasl'];
      const kafka = kafkaClient(broker.listenerBrokers('SASL_SSL'), { ssl: ssl(), sasl, retry: { retries: 0 } });
      const admin = kafka.admin();
      await expect(admin.connect()).rejects.toThrow(message);
      await admin.disconnect();
    });

    test('a SASL client on the plaintext listener does not get in', async () => {
      const sasl = { mechanism: 'plain', username: 'alice', password: USERS.alice } as KafkaConfig['sasl'];
      const admin = kafkaClient(broker.brokers, { sasl, retry: { retries: 0 } }).admin();
      await expect(admin.connect()).rejects.toThrow();
      await admin.disconnect();
    });
  });

  describe('kcat', () => {
    const tlsArgs = () => ['-X', `ssl.ca.location=${certs.ca}`];
    const saslSsl = (mechanism: string, user: string, password: string) => [
      '-X', 'security.protocol=SASL_SSL', '-X', `sasl.mechanisms=${mechanism}`, '-X', `sasl.username=${user}`, '-X', `sasl.password=${password}`, ...tlsArgs(),
    ];

    test.each(['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'])('SASL_SSL with %s: produce and consume', async (mechanism) => {
      const brokers = broker.listenerBrokers('SASL_SSL');
      const topic = uniqueTopic('kcat-sec');
      const args = saslSsl(mechanism, 'alice', USERS.alice);
      await kcatProduce(brokers, topic, ['one', 'two'], args);
      const records = await kcatConsume(brokers, topic, ['-o', 'beginning', ...args]);
      expect(records.map((r) => [r.offset, r.value])).toEqual([[0, 'one'], [1, 'two']]);
    });

    test('SASL_SSL with a wrong password fails with Kafka\'s message', async () => {
      const r = await kcat(broker.listenerBrokers('SASL_SSL'), ['-L', ...saslSsl('SCRAM-SHA-256', 'alice', 'wrong'), '-m', '5'], { timeoutMs: 15_000 });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256');
    });

    test('SSL: produce and consume', async () => {
      const brokers = broker.listenerBrokers('SSL');
      const topic = uniqueTopic('kcat-ssl');
      const args = ['-X', 'security.protocol=SSL', ...tlsArgs()];
      await kcatProduce(brokers, topic, ['x'], args);
      expect((await kcatConsume(brokers, topic, ['-o', 'beginning', ...args])).map((r) => r.value)).toEqual(['x']);
    });
  });

  test('the certificate principal follows RFC 2253, last RDN first, as Kafka\'s', () => {
    expect(certificatePrincipal(new X509Certificate(fs.readFileSync(certs.clientCert)))).toBe('User:CN=alice,OU=eng,O=Acme,C=US');
  });
});

describeIfLocal('client certificates required', () => {
  let strict: Broker;
  beforeAll(async () => {
    certs = makeCerts();
    strict = await startSecureBroker('required');
  });
  afterAll(async () => {
    await strict?.stop();
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('kcat without a certificate is refused; with one it is served', async () => {
    const brokers = strict.listenerBrokers('SSL');
    const base = ['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${certs.ca}`];
    const refused = await kcat(brokers, ['-L', ...base, '-m', '5'], { timeoutMs: 15_000 });
    expect(refused.code).not.toBe(0);
    const withCert = [...base, '-X', `ssl.certificate.location=${certs.clientCert}`, '-X', `ssl.key.location=${certs.clientKey}`];
    const topic = uniqueTopic('mtls');
    await kcatProduce(brokers, topic, ['m'], withCert);
    expect((await kcatConsume(brokers, topic, ['-o', 'beginning', ...withCert])).map((r) => r.value)).toEqual(['m']);
  });

  test('SASL_SSL does not ask for a client certificate (ssl.client.auth applies to SSL listeners)', async () => {
    const sasl = { mechanism: 'scram-sha-512', username: 'alice', password: USERS.alice } as KafkaConfig['sasl'];
    expect(await roundTrip(strict.listenerBrokers('SASL_SSL'), { ssl: ssl(), sasl })).toEqual(['a', 'b', 'c']);
  });
});
