/**
 * Managing fault rules: validation messages of the embedding API, the admin endpoint on the HTTP
 * port (GET/POST/DELETE /api/faults), and `minikafka faults` run as users run it.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { ApiVersions, ApiVersionsResponse } from '../../wire/apis/ApiVersions';
import { ErrorCode } from '../../wire/errors';
import { EmbeddedBroker, startBroker } from '../../src/embedded';
import { FaultRuleError } from '../../src/faults/rules';
import { BIN, CliRun, ensureBuilt, ROOT, runCli } from '../server/cliRunner';
import { ClientPool } from '../server/client';

let broker: EmbeddedBroker;
let admin: string;
const pool = new ClientPool();

beforeAll(async () => {
  broker = await startBroker({ inMemory: true, httpPort: 0 });
  admin = broker.httpUrl!.replace(/\/$/, '');
});
afterAll(() => broker.stop());
afterEach(async () => {
  broker.faults.clear();
  await pool.closeAll();
});

describe('validation', () => {
  test.each([
    [{ errorCode: 6 }, /"api" is required.*one of: Produce, Fetch/],
    [{ api: 'Prodce', errorCode: 6 }, /unknown API "Prodce"; this broker implements: Produce, Fetch/],
    [{ api: 'DescribeAcls', errorCode: 6 }, /unknown API "DescribeAcls"/],
    [{ api: 'Produce' }, /a rule needs an effect: "errorCode", "delayMs", "dropConnection" or "throttleMs"/],
    [{ api: 'Produce', errorCode: 'NOT_A_LEADER' }, /unknown error "NOT_A_LEADER"; use a Kafka error name such as NOT_LEADER_OR_FOLLOWER/],
    [{ api: 'Produce', errorCode: 0 }, /"errorCode" must be a Kafka error code .*0 is no error/],
    [{ api: 'Produce', errorCode: 'NONE' }, /NONE is no error/],
    [{ api: 'Produce', errorCode: 6, count: 0 }, /"count" must be a whole number of at least 1, or Infinity/],
    [{ api: 'Produce', errorCode: 6, count: 1.5 }, /"count" must be/],
    [{ api: 'Produce', delayMs: -5 }, /"delayMs" must be a whole number from 0/],
    [{ api: 'Produce', throttleMs: 'soon' }, /"throttleMs" must be a whole number from 1/],
    [{ api: 'Produce', partition: -1, errorCode: 6 }, /"partition" must be a whole number from 0/],
    [{ api: 'Produce', dropConnection: 'sometimes' }, /"dropConnection" must be "before" .* or "after"/],
    [{ api: 'Produce', dropConnection: 'after', errorCode: 6 }, /a dropped connection sends no response/],
    [{ api: 'Heartbeat', topic: 't', errorCode: 27 }, /Heartbeat requests name no topic, so a rule with "topic" would never match/],
    [{ api: 'Produce', group: 'g', errorCode: 6 }, /Produce requests name no consumer group/],
    [{ api: 'ListGroups', transactionalId: 'x', errorCode: 6 }, /ListGroups requests name no transactional id/],
    [{ api: 'Produce', errorCode: 6, topics: ['t'] }, /unknown field "topics"; a rule may have: api, topic, partition/],
  ])('%j is refused: %s', (rule, message) => {
    expect(() => broker.faults.add(rule as never)).toThrow(FaultRuleError);
    expect(() => broker.faults.add(rule as never)).toThrow(message);
    expect(broker.faults.list()).toEqual([]);
  });

  test('API names ignore case and may be keys; error names ignore case and may be codes', () => {
    const a = broker.faults.add({ api: 'produce', errorCode: 'not_leader_or_follower' as never }); // HTTP and CLI users type names freely
    const b = broker.faults.add({ api: 1, errorCode: 7, count: Infinity });
    const c = broker.faults.add({ api: 'Heartbeat', errorCode: 9999 });
    expect(broker.faults.list()).toEqual([
      { id: a, api: 'Produce', count: 1, remaining: 1, fired: 0, errorCode: 6, error: 'NOT_LEADER_OR_FOLLOWER' },
      { id: b, api: 'Fetch', count: Infinity, remaining: Infinity, fired: 0, errorCode: 7, error: 'REQUEST_TIMED_OUT' },
      { id: c, api: 'Heartbeat', count: 1, remaining: 1, fired: 0, errorCode: 9999 },
    ]);
  });
});

describe('HTTP admin endpoint', () => {
  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(admin + path, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
    return { status: res.status, json: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  test('POST adds a rule that applies to Kafka requests; GET lists it; DELETE removes it', async () => {
    const added = await call('POST', '/api/faults', JSON.stringify({ api: 'ApiVersions', errorCode: 'UNSUPPORTED_VERSION', count: 'Infinity' }));
    expect(added).toEqual({
      status: 201,
      json: { id: expect.any(Number), rule: { id: expect.any(Number), api: 'ApiVersions', count: 'Infinity', remaining: 'Infinity', fired: 0, errorCode: 35, error: 'UNSUPPORTED_VERSION' } },
    });
    const c = await pool.connect(broker.port);
    expect((await c.request<ApiVersionsResponse>(ApiVersions, 0, {})).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);

    const listed = await call('GET', '/api/faults');
    expect(listed).toEqual({ status: 200, json: [expect.objectContaining({ id: added.json.id, fired: 1 })] });

    expect(await call('DELETE', `/api/faults/${added.json.id}`)).toEqual({ status: 200, json: { removed: 1 } });
    expect((await c.request<ApiVersionsResponse>(ApiVersions, 0, {})).errorCode).toBe(0);
    expect(await call('DELETE', `/api/faults/${added.json.id}`)).toEqual({ status: 404, json: { error: expect.stringContaining(`there is no fault rule ${added.json.id}`) } });
  });

  test('DELETE /api/faults clears every rule', async () => {
    for (const api of ['Produce', 'Fetch', 'Metadata']) await call('POST', '/api/faults', JSON.stringify({ api, delayMs: 5 }));
    expect(await call('DELETE', '/api/faults')).toEqual({ status: 200, json: { removed: 3 } });
    expect(await call('GET', '/api/faults')).toEqual({ status: 200, json: [] });
  });

  test('bad input gets 400 with the reason', async () => {
    expect(await call('POST', '/api/faults', '{"api": "Produce",')).toEqual({ status: 400, json: { error: expect.stringMatching(/^the request body must be a fault rule in JSON/) } });
    expect(await call('POST', '/api/faults', '[1]')).toEqual({ status: 400, json: { error: expect.stringMatching(/^a fault rule is an object/) } });
    expect(await call('POST', '/api/faults', JSON.stringify({ api: 'Nope', errorCode: 6 }))).toEqual({ status: 400, json: { error: expect.stringMatching(/^unknown API "Nope"/) } });
    expect(await call('POST', '/api/faults', JSON.stringify({ api: 'Produce', errorCode: 'WHAT' }))).toEqual({ status: 400, json: { error: expect.stringMatching(/^unknown error "WHAT"/) } });
    expect(await call('POST', '/api/faults', JSON.stringify({ api: 'Produce', delayMs: 'slow' }))).toEqual({ status: 400, json: { error: expect.stringMatching(/^"delayMs" must be a whole number/) } });
    expect(await call('DELETE', '/api/faults/first')).toEqual({ status: 400, json: { error: expect.stringMatching(/^a fault rule id is a whole number/) } });
    expect(broker.faults.list()).toEqual([]);
  });
});

describe('minikafka faults', () => {
  beforeAll(() => ensureBuilt(), 120000);

  test('add, list, remove and clear against a running broker', async () => {
    const add = await runCli(['faults', 'add', '--admin', admin, '--api', 'Produce', '--error', 'NOT_LEADER_OR_FOLLOWER', '--count', '3', '--topic', 'orders', '--partition', '0']);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    const [rule] = broker.faults.list();
    expect(rule).toEqual({ id: rule.id, api: 'Produce', topic: 'orders', partition: 0, count: 3, remaining: 3, fired: 0, errorCode: 6, error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(add.stdout).toBe(`Added fault rule ${rule.id}: Produce (topic orders, partition 0) → error NOT_LEADER_OR_FOLLOWER (6), 3 times\n`);

    const second = await runCli(['faults', 'add', '--admin', admin, '--api', 'Heartbeat', '--group', 'g', '--delay-ms', '500', '--count', 'Infinity']);
    expect(second.code).toBe(0);
    const list = await runCli(['faults', 'list', '--admin', admin]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toEqual([
      expect.stringMatching(/^ID +API +MATCHES +EFFECT +REMAINING +FIRED$/),
      expect.stringMatching(new RegExp(`^${rule.id} +Produce +topic orders, partition 0 +error NOT_LEADER_OR_FOLLOWER \\(6\\) +3 +0$`)),
      expect.stringMatching(new RegExp(`^${rule.id + 1} +Heartbeat +group g +delay 500 ms +Infinity +0$`)),
      '',
    ]);
    const json = await runCli(['faults', 'list', '--json', '--admin', admin]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: rule.id }), expect.objectContaining({ api: 'Heartbeat', count: 'Infinity' })]);

    expect(await runCli(['faults', 'remove', String(rule.id), '--admin', admin])).toMatchObject({ code: 0, stdout: `Removed fault rule ${rule.id}\n` });
    const again = await runCli(['faults', 'remove', String(rule.id), '--admin', admin]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`there is no fault rule ${rule.id}`);

    expect(await runCli(['faults', 'clear', '--admin', admin])).toMatchObject({ code: 0, stdout: 'Removed 1 fault rule\n' });
    expect(broker.faults.list()).toEqual([]);
  }, 30000);

  test('--admin defaults to MINIKAFKA_ADMIN', async () => {
    const r = await runWithEnv(['faults', 'add', '--api', 'Fetch', '--throttle-ms', '250'], { MINIKAFKA_ADMIN: admin });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/Fetch → throttle 250 ms, 1 time\n$/) });
    expect(broker.faults.list()).toEqual([expect.objectContaining({ api: 'Fetch', throttleMs: 250 })]);
  });

  test.each([
    [['--api', 'Produce', '--error', 'NOPE'], /unknown error "NOPE"/],
    [['--api', 'Produce', '--error', '6', '--count', '0'], /--count must be a whole number of at least 1, or Infinity/],
    [['--api', 'Produce'], /a rule needs an effect: --error, --delay-ms, --drop or --throttle-ms/],
    [['--api', 'Heartbeat', '--topic', 't', '--error', '27'], /Heartbeat requests name no topic, so a rule with --topic would never match/],
    [['--error', '6'], /Missing required argument: api/],
    [['--api', 'Produce', '--drop', 'sideways'], /Invalid values:[\s\S]*drop/],
  ])('bad flags exit 2: %j', async (flags, message) => {
    const r = await runCli(['faults', 'add', '--admin', admin, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(broker.faults.list()).toEqual([]);
  });

  test('no subcommand exits 2; an unreachable admin API exits 1 and says what to do', async () => {
    const none = await runCli(['faults', '--admin', admin]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name a faults command: add, list, remove or clear');
    const port = await closedPort();
    const unreachable = await runCli(['faults', 'list', '--admin', `http://127.0.0.1:${port}`]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`cannot reach the admin API at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*--http-port`));
  });
});

/** runCli with extra environment variables (Jest's process.env is not the one children inherit). */
function runWithEnv(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
