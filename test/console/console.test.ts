/**
 * The web console, read with plain fetch from a broker that kafkajs produced to and consumed from:
 * pages list what clients wrote, the message browser decodes it, groups show their lag, and
 * everything clients chose (keys, values, group ids) is escaped.
 */
import { Admin, Partitioners } from 'kafkajs';
import type { Stats } from '../../src/console/stats';
import { loadCompressionCodecs } from '../../wire/compression';
import { Compression, buildBatch, computeCrc, ATTRIBUTES, CRC } from '../../wire/records';
import { TestClient, produce } from '../server/client';
import { commitAsGroup, ConsoleFixture, ORDERS_P0, startConsoleFixture, T0 } from './fixture';
import { get, rowStartingWith, tableRows, textOf } from './pageText';

const HOSTILE_KEY = '<script>alert("key")</script>';
const HOSTILE_VALUE = '"><img src=x onerror=alert(1)>';
const HOSTILE_GROUP = 'we"ird\\group</td><b>x';

let fx: ConsoleFixture;
let admin: Admin;

beforeAll(async () => {
  fx = await startConsoleFixture();
  admin = fx.kafka.admin();
  await admin.connect();
  const producer = fx.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: 'hostile', messages: [{ key: HOSTILE_KEY, value: HOSTILE_VALUE, headers: { '<h>': '<v>' } }] });
  await producer.disconnect();
  await commitAsGroup(fx.kafka, HOSTILE_GROUP, 'hostile', [0]);
}, 40_000);

afterAll(async () => {
  await admin?.disconnect();
  await fx?.stop();
});

const messages = (topic: string, query: string) => get(`${fx.url}/topics/${topic}/messages?${query}`);
/** The message table's data rows (first cell a number, or a range for undecodable batches). */
const messageRows = (page: string) => tableRows(page).filter((cells) => /^\d+/.test(cells[0] ?? ''));

describe('pages', () => {
  it('overview shows the broker, its topics and groups, with a strict Content-Security-Policy', async () => {
    const { status, body, headers } = await get(`${fx.url}/`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'sha256-/);
    for (const topic of ['orders', 'payments', 'sensor-readings']) expect(body).toContain(`>${topic}</a>`);
    expect(rowStartingWith(body, 'Groups')?.[1]).toBe('3'); // billing, analytics and the hostile one, all classic
    expect(body).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/); // nothing from elsewhere
  });

  it('topics lists each topic with partitions, messages and size', async () => {
    const { body } = await get(`${fx.url}/topics`);
    const orders = rowStartingWith(body, 'orders');
    expect(orders?.slice(1, 3)).toEqual(['2', String(ORDERS_P0 + 3)]);
    expect(orders?.[3]).toMatch(/^\d+(\.\d)? (B|KiB)$/);
  });

  it('a topic page shows every partition with leader, offsets and size, its configs and its consumers', async () => {
    const { status, body } = await get(`${fx.url}/topics/orders`);
    expect(status).toBe(200);
    const header = tableRows(body).find((r) => r[0] === 'Partition')!;
    const col = (name: string) => header.indexOf(name);
    const p0 = rowStartingWith(body, '0')!;
    const p1 = rowStartingWith(body, '1')!;
    expect(p0[col('Leader')]).toMatch(/^node 1 127\.0\.0\.1:\d+$/);
    expect([p0[col('Start offset')], p0[col('End offset')], p0[col('Messages')]]).toEqual(['0', '10', '10']);
    expect([p1[col('Start offset')], p1[col('End offset')]]).toEqual(['0', '3']);
    expect(rowStartingWith(body, 'segment.bytes')?.slice(1)).toEqual(['1073741824', 'broker default']);
    expect(rowStartingWith(body, 'billing')?.slice(1)).toEqual(['2', '6']);
    expect(rowStartingWith(body, 'analytics')?.slice(1)).toEqual(['2', '5']);
  });

  it('a topic created with configs lists them as the topic’s own', async () => {
    await admin.createTopics({ topics: [{ topic: 'compacted', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const { body } = await get(`${fx.url}/topics/compacted`);
    expect(rowStartingWith(body, 'cleanup.policy')?.slice(1)).toEqual(['compact', 'topic']);
  });

  it('answers 404 with a way back for unknown topics, groups and pages', async () => {
    for (const path of ['/topics/nope', '/topics/orders/nope', '/topics/%E0%A4%A', '/groups/nope', '/nope']) {
      const { status, body } = await get(`${fx.url}${path}`);
      expect({ path, status }).toEqual({ path, status: 404 });
      if (path !== '/nope') expect(body).toMatch(/See <a href="\/(topics|groups)">all (topics|groups)<\/a>/);
    }
  });
});

describe('message browser', () => {
  it('shows key, value (JSON pretty-printed), timestamp and headers', async () => {
    const { status, body } = await messages('orders', 'partition=0&offset=0&limit=3');
    expect(status).toBe(200);
    const rows = messageRows(body);
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2']);
    const [offset, timestamp, key, value, headers] = rows[0];
    expect({ offset, timestamp, key }).toEqual({ offset: '0', timestamp: new Date(T0).toISOString(), key: 'order-1000' });
    expect(JSON.parse(value)).toEqual({ id: 1000, customer: 'ada@example.com', items: [{ sku: 'SKU-100', qty: 1 }], total: 19.9, currency: 'EUR' });
    expect(headers).toBe('source: web trace-id: trace-abc000');
    // Indented, as sent: one field per line.
    expect(body).toContain('{\n  &quot;id&quot;: 1000,\n  &quot;customer&quot;: &quot;ada@example.com&quot;,\n  &quot;items&quot;: [\n    {');
  });

  it('shows binary values as hex', async () => {
    const { body } = await messages('sensor-readings', 'offset=0&limit=1');
    const expected = Buffer.alloc(8);
    expected.writeDoubleBE(21.5);
    const hex = [...expected].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(messageRows(body)[0][3]).toBe(`binary, 8 bytes 0000 ${hex} ${[...expected].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')}`);
  });

  it('decodes gzip batches', async () => {
    const { body } = await messages('orders', 'partition=1&offset=1');
    const rows = messageRows(body);
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['1', 'order-2001'],
      ['2', 'order-2002'],
    ]);
  });

  it('finds the first message at or after a timestamp, given as ISO 8601 or milliseconds', async () => {
    const iso = new Date(T0 + 5 * 60_000 - 1).toISOString();
    const byIso = messageRows((await messages('orders', `partition=0&timestamp=${encodeURIComponent(iso)}&limit=2`)).body);
    expect(byIso.map((r) => r[0])).toEqual(['5', '6']);
    const byMs = messageRows((await messages('orders', `partition=0&timestamp=${T0 + 9 * 60_000}`)).body);
    expect(byMs.map((r) => r[0])).toEqual(['9']);
    const after = await messages('orders', `partition=0&timestamp=${T0 + 3600_000}`);
    expect(messageRows(after.body)).toEqual([]);
    expect(textOf(after.body)).toContain(`No message in partition 0 has a timestamp at or after ${new Date(T0 + 3600_000).toISOString()}`);
  });

  it('shows the newest messages by default, with a link to older ones', async () => {
    const { body } = await messages('orders', 'limit=3');
    expect(messageRows(body).map((r) => r[0])).toEqual(['7', '8', '9']);
    expect(body).toContain('href="/topics/orders/messages?partition=0&amp;offset=4&amp;limit=3">← Older');
  });

  it('marks transaction markers and aborted records', async () => {
    const rows = messageRows((await messages('payments', 'offset=0')).body);
    expect(rows.map((r) => r.slice(0, 3).join(' | '))).toEqual([
      expect.stringMatching(/^0 \| \S+ \| order-1000$/),
      expect.stringMatching(/^1 \| \S+ \| COMMIT marker transaction of producer \d+ ended/),
      expect.stringMatching(/^2 \| \S+ aborted \| order-1001$/),
      expect.stringMatching(/^3 \| \S+ \| ABORT marker/),
    ]);
  });

  it('shows records of every codec, and says which batches it cannot decode instead of failing', async () => {
    await loadCompressionCodecs();
    const client = await TestClient.connect(fx.broker.port);
    try {
      await admin.createTopics({ topics: [{ topic: 'codecs', numPartitions: 1 }] });
      for (const compression of [Compression.Snappy, Compression.Lz4, Compression.Zstd]) {
        const batch = buildBatch([{ value: `${Compression[compression]} value` }], { compression });
        expect((await produce(client, 'codecs', 0, batch, { version: 9 })).errorCode).toBe(0); // zstd needs v7+
      }
      // A batch whose attributes say Snappy but whose payload is not: stored as sent (CRC valid).
      const bogus = buildBatch([{ value: 'x' }, { value: 'y' }]);
      bogus.writeInt16BE(Compression.Snappy, ATTRIBUTES);
      bogus.writeUInt32BE(computeCrc(bogus, 0, bogus.length), CRC);
      expect((await produce(client, 'codecs', 0, bogus)).errorCode).toBe(0);
    } finally {
      await client.close();
    }
    const { status, body } = await messages('codecs', 'offset=0');
    expect(status).toBe(200);
    expect(messageRows(body)).toEqual([
      [expect.stringMatching(/^0/), expect.anything(), 'null', 'Snappy value', '—'], // key null, no headers
      [expect.stringMatching(/^1/), expect.anything(), 'null', 'Lz4 value', '—'], // key null, no headers
      [expect.stringMatching(/^2/), expect.anything(), 'null', 'Zstd value', '—'], // key null, no headers
      ['3–4', '', expect.stringContaining('this batch could not be decoded')],
    ]);
  });

  it('escapes keys, values and headers chosen by clients', async () => {
    const { body } = await messages('hostile', 'offset=0');
    expect(body).not.toContain(HOSTILE_KEY);
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<h>');
    expect(messageRows(body)[0].slice(2)).toEqual([HOSTILE_KEY, HOSTILE_VALUE, '<h>: <v>']);
  });

  it('says what is wrong with a bad query', async () => {
    const cases: [string, string][] = [
      ['partition=7', 'Partition 7 does not exist: orders has partitions 0 to 1.'],
      ['offset=abc', 'Offset must be a whole number of at least 0, got "abc".'],
      ['timestamp=yesterday', 'Timestamp must be milliseconds since the epoch or an ISO 8601 time such as 2024-05-01T12:00:00Z, got "yesterday".'],
      ['offset=1&timestamp=5', 'Give either an offset or a timestamp, not both.'],
      ['limit=100000', 'Limit must be a whole number from 1 to 500, got "100000".'],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await messages('orders', query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(textOf(body)).toContain(message);
    }
  });
});

describe('groups', () => {
  it('lists groups with type, state, protocol, members, partitions and total lag', async () => {
    const { body } = await get(`${fx.url}/groups`);
    expect(tableRows(body)[0]).toEqual(['Group', 'Type', 'State', 'Protocol', 'Members', 'Partitions', 'In flight', 'Lag']);
    expect(rowStartingWith(body, 'billing')).toEqual(['billing', 'classic', 'Stable', 'consumer', '1', '2', '—', '6']);
    expect(rowStartingWith(body, 'analytics')).toEqual(['analytics', 'classic', 'Empty', 'consumer', '0', '2', '—', '5']);
    expect(body).not.toContain('<b>x');
    expect(rowStartingWith(body, HOSTILE_GROUP)?.[0]).toBe(HOSTILE_GROUP);
    expect(body).toContain(`href="/groups/${encodeURIComponent(HOSTILE_GROUP).replace(/'/g, '&#39;')}"`);
  });

  it('a group page shows members with their assignments, and committed offset, end offset and lag per partition', async () => {
    const { status, body } = await get(`${fx.url}/groups/billing`);
    expect(status).toBe(200);
    expect(rowStartingWith(body, 'Type')?.[1]).toBe('classic');
    expect(rowStartingWith(body, 'State')?.[1]).toBe('Stable');
    expect(rowStartingWith(body, 'Assignor')?.[1]).toMatch(/\S/);
    const member = tableRows(body).find((r) => r[1] === 'console-fixture')!;
    expect(member[0]).toMatch(/^console-fixture-/);
    expect(member[2]).toMatch(/127\.0\.0\.1/);
    expect(member[4]).toBe('orders: 0, 1');
    expect(rowStartingWith(body, 'orders', '0')?.slice(2, 6)).toEqual(['4', '10', '6', 'console-fixture']);
    expect(rowStartingWith(body, 'orders', '1')?.slice(2, 6)).toEqual(['3', '3', '0', 'console-fixture']);
  });

  it('a group with only committed offsets shows them', async () => {
    const { body } = await get(`${fx.url}/groups/analytics`);
    expect(rowStartingWith(body, 'State')?.[1]).toBe('Empty');
    expect(rowStartingWith(body, 'orders', '0')?.slice(2, 5)).toEqual(['8', '10', '2']);
    expect(rowStartingWith(body, 'orders', '1')?.slice(2, 5)).toEqual(['0', '3', '3']);
  });

  it('a group id with markup and slashes is escaped and reachable', async () => {
    const { status, body } = await get(`${fx.url}/groups/${encodeURIComponent(HOSTILE_GROUP)}`);
    expect(status).toBe(200);
    expect(body).not.toContain('<b>x');
    expect(textOf(body.match(/<h1>([\s\S]*?)<\/h1>/)![1])).toBe(HOSTILE_GROUP);
  });
});

describe('paths', () => {
  it('a doubled leading slash (from joining httpUrl, which ends in /) still finds the page', async () => {
    const res = await fetch(`${fx.url.replace(/\/$/, '')}//groups/billing`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('billing');
  });
});

describe('/api/stats', () => {
  it('counts records and bytes in and out, in total and per topic', async () => {
    const res = await fetch(`${fx.url}/api/stats`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const stats = (await res.json()) as Stats;
    const orders = stats.topics.find((t) => t.name === 'orders')!;
    expect(orders.recordsIn).toBe(ORDERS_P0 + 3);
    expect(orders.recordsOut).toBeGreaterThanOrEqual(ORDERS_P0 + 3); // billing read them all
    expect(orders.bytesIn).toBeGreaterThan(0);
    expect(stats.total.recordsIn).toBeGreaterThanOrEqual(orders.recordsIn + 2 + 5 + 1);
    expect(stats.connectionsOpen).toBeGreaterThanOrEqual(1);
    expect(typeof stats.time).toBe('number');
  });
});
