/**
 * The stores on a MemoryVolume: everything openStores() keeps is found again by the next
 * openStores() on the same volume, as after a disk restart, and nowhere else.
 */
import pino from 'pino';
import { DEFAULT_CONFIG, BrokerConfig } from '../../src/config';
import { OFFSETS_DIR, OFFSETS_JOURNAL_NAME, OffsetStore } from '../../src/groups/OffsetStore';
import { offsetRecordCodec } from '../../src/groups/offsetJournal';
import { BrokerStores, openStores } from '../../src/state';
import { MemoryVolume } from '../../src/storage/MemoryVolume';
import { buildBatch, readRecords } from '../../wire/records';

const logger = pino({ level: 'silent' });
const config: BrokerConfig = { ...DEFAULT_CONFIG, inMemory: true, dataDir: '/nonexistent/never-used' };
const opened: BrokerStores[] = [];

function open(memory?: MemoryVolume): BrokerStores {
  const stores = openStores(config, logger, memory);
  opened.push(stores);
  return stores;
}

afterEach(() => {
  for (const stores of opened.splice(0)) stores.close(); // closing twice is harmless
});

const offset = (n: number) => ({ offset: n, leaderEpoch: -1, metadata: null, commitTimestamp: 1000 + n });

test('a second openStores() on the volume finds topics, records, offsets, producer ids and the cluster id', () => {
  const memory = new MemoryVolume();
  const first = open(memory);
  first.topics.create('orders', 2, { 'retention.ms': '1000' });
  first.topics.partition('orders', 1)!.append(buildBatch([{ value: 'a' }, { value: 'b' }]));
  first.offsets.commit('g', 'orders', 1, offset(2));
  const producerId = first.producerIds.allocate();
  first.close();

  const second = open(memory);
  expect(second.clusterId).toBe(first.clusterId);
  const orders = second.topics.get('orders')!;
  expect(orders.id).toBe(first.topics.get('orders')!.id);
  expect(orders.partitions).toHaveLength(2);
  expect(orders.configs).toEqual({ 'retention.ms': '1000' });
  const log = orders.partitions[1].log;
  expect(log.logEndOffset).toBe(2);
  expect(log.read(0, 1 << 20).flatMap((b) => readRecords(b).map((r) => r.value?.toString()))).toEqual(['a', 'b']);
  expect(second.offsets.fetch('g', 'orders', 1)).toEqual(offset(2));
  expect(second.producerIds.allocate()).not.toBe(producerId);
});

test('a fresh volume, and a broker without one, start empty', () => {
  const a = open(new MemoryVolume());
  a.topics.create('t', 1);
  a.offsets.commit('g', 't', 0, offset(1));
  const b = open();
  const c = open(new MemoryVolume());
  for (const other of [b, c]) {
    expect(other.topics.list()).toEqual([]);
    expect(other.offsets.groupIds()).toEqual([]);
    expect(other.clusterId).not.toBe(a.clusterId);
  }
});

test('a volume serves one running broker at a time', () => {
  const memory = new MemoryVolume();
  const first = open(memory);
  expect(() => openStores(config, logger, memory)).toThrow(/in use by a running broker/);
  first.close();
  expect(() => open(memory)).not.toThrow();
});

test('clear() forgets everything', () => {
  const memory = new MemoryVolume();
  const first = open(memory);
  first.topics.create('t', 1);
  first.offsets.commit('g', 't', 0, offset(1));
  first.close();
  memory.clear();
  const again = open(memory);
  expect(again.topics.list()).toEqual([]);
  expect(again.offsets.groupIds()).toEqual([]);
  expect(again.clusterId).not.toBe(first.clusterId);
});

test('the offsets journal compacts in memory as on disk, and reloads to the last state', () => {
  const memory = new MemoryVolume();
  const store = new OffsetStore(memory, logger, { compactAfterBytes: 2000 });
  store.load();
  for (let i = 0; i < 500; i++) store.commit('g', 't', i % 5, offset(i));
  expect(store.journalPath).toBe(':memory:/__consumer_offsets/offsets.journal');
  store.close();
  // A look at the same journal: 500 commits of ~40 bytes would be ~20 kB without compaction.
  const probe = memory.journal(OFFSETS_DIR, OFFSETS_JOURNAL_NAME, offsetRecordCodec, { flushOnWrite: false, compactAfterBytes: 2000 });
  expect(probe.snapshotBytes).toBeGreaterThan(0);
  expect(probe.journalBytes).toBeLessThan(2000);

  const reloaded = new OffsetStore(memory, logger);
  reloaded.load();
  for (let p = 0; p < 5; p++) expect(reloaded.fetch('g', 't', p)).toEqual(offset(495 + p));
  reloaded.close();
});

test('what was journaled is what a reload sees, whatever the owner does to its objects later', () => {
  const memory = new MemoryVolume();
  const store = new OffsetStore(memory, logger);
  store.load();
  store.commit('g', 't', 0, offset(7));
  (store.fetch('g', 't', 0) as { offset: number }).offset = 99; // a bug in an owner, say
  store.close();
  const reloaded = new OffsetStore(memory, logger);
  reloaded.load();
  expect(reloaded.fetch('g', 't', 0)).toEqual(offset(7));
  reloaded.close();
});
