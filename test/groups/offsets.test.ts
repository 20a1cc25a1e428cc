/**
 * The offset store on its own: what it keeps, what survives a reload, what a torn or corrupt
 * journal tail does, and compaction into a snapshot.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { decodeRecords, encodeRecords, OffsetRecord } from '../../src/groups/offsetJournal';
import { CommittedOffset, OffsetStore, OffsetStoreOptions } from '../../src/groups/OffsetStore';

let dataDir: string;
let logLines: string[];
const stores: OffsetStore[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-offsets-'));
  logLines = [];
});

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function open(options: OffsetStoreOptions = {}): OffsetStore {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const store = new OffsetStore(dataDir, logger, options);
  store.load();
  stores.push(store);
  return store;
}

/** Close the given store and load a fresh one from the same directory. */
function reopen(store: OffsetStore, options: OffsetStoreOptions = {}): OffsetStore {
  store.close();
  return open(options);
}

const at = (offset: number, extra: Partial<CommittedOffset> = {}): CommittedOffset => ({
  offset,
  leaderEpoch: -1,
  metadata: '',
  commitTimestamp: 1700000000000,
  ...extra,
});

const journal = () => path.join(dataDir, '__consumer_offsets', 'offsets.journal');
const snapshot = () => path.join(dataDir, '__consumer_offsets', 'offsets.snapshot');

/** Everything a store holds, as plain data. */
function contents(store: OffsetStore): Record<string, unknown> {
  return Object.fromEntries(store.groupIds().sort().map((g) => [g, store.offsetsOf(g)]));
}

describe('in memory', () => {
  test('commit then fetch; the latest commit wins; unknown keys are undefined', () => {
    const s = open();
    s.commit('g', 't', 0, at(5));
    s.commit('g', 't', 0, at(7, { leaderEpoch: 3, metadata: 'm' }));
    s.commit('g', 't', 1, at(-1));
    s.commit('g', 'u', 2, at(-2, { metadata: null }));
    expect(s.fetch('g', 't', 0)).toEqual(at(7, { leaderEpoch: 3, metadata: 'm' }));
    expect(s.fetch('g', 't', 1)).toEqual(at(-1));
    expect(s.fetch('g', 'u', 2)).toEqual(at(-2, { metadata: null }));
    expect(s.fetch('g', 't', 9)).toBeUndefined();
    expect(s.fetch('other', 't', 0)).toBeUndefined();
    expect(s.groupIds()).toEqual(['g']);
  });

  test('offsetsOf lists a group by topic name, then partition number', () => {
    const s = open();
    s.commit('g', 'b', 10, at(1));
    s.commit('g', 'a', 2, at(2));
    s.commit('g', 'b', 9, at(3));
    s.commit('h', 'a', 0, at(4));
    expect(s.offsetsOf('g')).toEqual([
      { topic: 'a', partition: 2, ...at(2) },
      { topic: 'b', partition: 9, ...at(3) },
      { topic: 'b', partition: 10, ...at(1) },
    ]);
    expect(s.offsetsOf('nobody')).toEqual([]);
  });

  test('commitAll stores several partitions with one journal write', () => {
    const s = open();
    s.commitAll('g', [
      { topic: 't', partition: 0, value: at(1) },
      { topic: 't', partition: 1, value: at(2) },
    ]);
    expect(s.offsetsOf('g').map((o) => o.offset)).toEqual([1, 2]);
    expect(decodeRecords(fs.readFileSync(journal())).records).toHaveLength(2);
  });

  test('a stored value is a copy: changing the caller’s object later changes nothing', () => {
    const s = open();
    const value = at(5);
    s.commit('g', 't', 0, value);
    value.offset = 99;
    expect(s.fetch('g', 't', 0)?.offset).toBe(5);
  });

  test('deleteOffset removes one partition; a group with nothing left is gone', () => {
    const s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 't', 1, at(2));
    s.deleteOffset('g', 't', 0);
    expect(s.fetch('g', 't', 0)).toBeUndefined();
    expect(s.fetch('g', 't', 1)).toEqual(at(2));
    expect(s.hasGroup('g')).toBe(true);
    s.deleteOffset('g', 't', 1);
    expect(s.hasGroup('g')).toBe(false);
    expect(s.groupIds()).toEqual([]);
    expect(s.offsetsOf('g')).toEqual([]);
  });

  test('deleteGroup removes only that group', () => {
    const s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('h', 't', 0, at(2));
    s.deleteGroup('g');
    expect(s.groupIds()).toEqual(['h']);
    expect(s.fetch('h', 't', 0)).toEqual(at(2));
  });

  test('removeTopic removes the topic from every group, and groups left empty', () => {
    const s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 'u', 0, at(2));
    s.commit('h', 't', 3, at(3));
    s.removeTopic('t');
    expect(contents(s)).toEqual({ g: [{ topic: 'u', partition: 0, ...at(2) }] });
  });

  test('changes that change nothing write nothing', () => {
    const s = open();
    s.commit('g', 't', 0, at(1));
    const size = fs.statSync(journal()).size;
    s.deleteOffset('g', 't', 1);
    s.deleteOffset('nobody', 't', 0);
    s.deleteGroup('nobody');
    s.removeTopic('never-committed');
    s.commitAll('g', []);
    expect(fs.statSync(journal()).size).toBe(size);
  });
});

describe('durability', () => {
  test('everything survives a reload, deletions included', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 't', 1, at(2, { leaderEpoch: 4, metadata: 'meta', commitTimestamp: 42 }));
    s.commit('g', 'gone', 0, at(3));
    s.commit('h', 't', 0, at(-2, { metadata: null }));
    s.commit('x', 't', 0, at(9));
    s.deleteOffset('g', 't', 0);
    s.removeTopic('gone');
    s.deleteGroup('x');
    const before = contents(s);
    s = reopen(s);
    expect(contents(s)).toEqual(before);
    expect(before).toEqual({
      g: [{ topic: 't', partition: 1, ...at(2, { leaderEpoch: 4, metadata: 'meta', commitTimestamp: 42 }) }],
      h: [{ topic: 't', partition: 0, ...at(-2, { metadata: null }) }],
    });
  });

  test('a fresh directory loads empty and creates the journal', () => {
    const s = open();
    expect(s.groupIds()).toEqual([]);
    expect(fs.existsSync(journal())).toBe(true);
    expect(fs.existsSync(snapshot())).toBe(false);
  });

  test('flushOnWrite stores the same thing', () => {
    let s = open({ flushOnWrite: true });
    s.commit('g', 't', 0, at(11));
    s = reopen(s, { flushOnWrite: true });
    expect(s.fetch('g', 't', 0)).toEqual(at(11));
  });

  test('a torn last record is dropped and cut off; later commits follow valid records', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 't', 1, at(2));
    const goodSize = fs.statSync(journal()).size;
    s.commit('g', 't', 2, at(3));
    s.close();
    const full = fs.readFileSync(journal());
    fs.writeFileSync(journal(), full.subarray(0, full.length - 5)); // the last write was torn

    s = open();
    expect(contents(s)).toEqual({ g: [{ topic: 't', partition: 0, ...at(1) }, { topic: 't', partition: 1, ...at(2) }] });
    expect(fs.statSync(journal()).size).toBe(goodSize);
    expect(logLines.some((l) => l.includes('torn or corrupt tail') && l.includes('incomplete record'))).toBe(true);

    s.commit('g', 't', 3, at(4));
    s = reopen(s);
    expect(s.offsetsOf('g').map((o) => [o.partition, o.offset])).toEqual([[0, 1], [1, 2], [3, 4]]);
  });

  test('a failed write applies nothing and cuts off what it wrote; the next commit is fine', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    const size = fs.statSync(journal()).size;
    const realWriteSync = fs.writeSync;
    // The fs module object itself (the namespace import's bindings cannot be redefined).
    const fsModule = jest.requireActual<typeof fs>('node:fs');
    const spy = jest.spyOn(fsModule, 'writeSync').mockImplementationOnce((fd: number, bytes: NodeJS.ArrayBufferView | string) => {
      realWriteSync(fd, (bytes as Buffer).subarray(0, 10)); // part of the record reaches the file, then the disk is full
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    try {
      expect(() => s.commit('g', 't', 1, at(2))).toThrow('ENOSPC');
    } finally {
      spy.mockRestore();
    }
    expect(s.fetch('g', 't', 1)).toBeUndefined();
    expect(fs.statSync(journal()).size).toBe(size);
    s.commit('g', 't', 2, at(3));
    s = reopen(s);
    expect(s.offsetsOf('g').map((o) => [o.partition, o.offset])).toEqual([[0, 1], [2, 3]]);
    expect(logLines.some((l) => l.includes('torn'))).toBe(false);
  });

  test('a half-written frame header is dropped', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.close();
    fs.appendFileSync(journal(), Buffer.from([0, 0, 0]));
    s = open();
    expect(s.fetch('g', 't', 0)).toEqual(at(1));
    expect(logLines.some((l) => l.includes('incomplete frame header'))).toBe(true);
  });

  test('a record with a bad CRC ends the journal there, even if valid records follow', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    const firstSize = fs.statSync(journal()).size;
    s.commit('g', 't', 1, at(2));
    s.commit('g', 't', 2, at(3));
    s.close();
    const bytes = fs.readFileSync(journal());
    bytes[firstSize + 12] ^= 0xff; // a payload byte of the second record
    fs.writeFileSync(journal(), bytes);

    s = open();
    expect(contents(s)).toEqual({ g: [{ topic: 't', partition: 0, ...at(1) }] });
    expect(fs.statSync(journal()).size).toBe(firstSize);
    expect(logLines.some((l) => l.includes('CRC mismatch'))).toBe(true);
  });

  test('an implausible length (garbage after a crash) is dropped', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.close();
    fs.appendFileSync(journal(), Buffer.alloc(64, 0xff));
    s = open();
    expect(s.fetch('g', 't', 0)).toEqual(at(1));
    expect(logLines.some((l) => l.includes('implausible record length'))).toBe(true);
  });
});

describe('compaction', () => {
  test('past the threshold the state goes to the snapshot and the journal is emptied; reload = snapshot + journal', () => {
    let s = open({ compactAfterBytes: 500 });
    for (let i = 0; i < 20; i++) s.commit('g', 't', i % 4, at(i));
    s.deleteOffset('g', 't', 3);
    expect(fs.existsSync(snapshot())).toBe(true);
    expect(fs.statSync(journal()).size).toBeLessThan(500);
    const snapshotRecords = decodeRecords(fs.readFileSync(snapshot())).records;
    expect(snapshotRecords.every((r) => r.type === 'commit')).toBe(true);

    const before = contents(s);
    expect(before).toEqual({
      g: [
        { topic: 't', partition: 0, ...at(16) },
        { topic: 't', partition: 1, ...at(17) },
        { topic: 't', partition: 2, ...at(18) },
      ],
    });
    s = reopen(s, { compactAfterBytes: 500 });
    expect(contents(s)).toEqual(before);
  });

  test('compact() writes exactly the live state, and a reload reads it back', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 't', 0, at(2));
    s.commit('h', 'u', 5, at(3, { metadata: null, leaderEpoch: 7 }));
    s.deleteGroup('h');
    s.commit('h', 'u', 6, at(4));
    s.compact();
    expect(fs.statSync(journal()).size).toBe(0);
    expect(decodeRecords(fs.readFileSync(snapshot())).records).toEqual([
      { type: 'commit', groupId: 'g', topic: 't', partition: 0, value: at(2) },
      { type: 'commit', groupId: 'h', topic: 'u', partition: 6, value: at(4) },
    ]);
    s.commit('g', 't', 1, at(5));
    s = reopen(s);
    expect(contents(s)).toEqual({
      g: [{ topic: 't', partition: 0, ...at(2) }, { topic: 't', partition: 1, ...at(5) }],
      h: [{ topic: 'u', partition: 6, ...at(4) }],
    });
  });

  test('a crash between writing the snapshot and emptying the journal loses and revives nothing', () => {
    let s = open();
    s.commit('g', 't', 0, at(1));
    s.commit('g', 't', 1, at(2));
    s.deleteOffset('g', 't', 0);
    s.commit('g', 'u', 0, at(3));
    s.removeTopic('u');
    s.commit('g', 'u', 1, at(4));
    const oldJournal = fs.readFileSync(journal());
    const before = contents(s);
    s.compact();
    s.close();
    fs.writeFileSync(journal(), oldJournal); // as if the truncation never happened
    s = open();
    expect(contents(s)).toEqual(before);
  });

  test('a corrupt snapshot refuses to load rather than guess', () => {
    const s = open();
    s.commit('g', 't', 0, at(1));
    s.compact();
    s.close();
    const bytes = fs.readFileSync(snapshot());
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(snapshot(), bytes);
    expect(() => open()).toThrow(/offsets\.snapshot is corrupt: CRC mismatch at byte 0/);
  });
});

describe('record format', () => {
  test('every record type round-trips, with unicode and long strings', () => {
    const records: OffsetRecord[] = [
      { type: 'commit', groupId: 'grüppe', topic: 't.1', partition: 2147483647, value: at(2 ** 53 - 1, { leaderEpoch: 5, metadata: 'é'.repeat(4096) }) },
      { type: 'commit', groupId: '', topic: 't', partition: 0, value: at(-2, { metadata: null, commitTimestamp: -1 }) },
      { type: 'deleteOffset', groupId: 'g', topic: 't', partition: 3 },
      { type: 'deleteGroup', groupId: 'g' },
      { type: 'removeTopic', topic: 't' },
    ];
    const bytes = encodeRecords(records);
    expect(decodeRecords(bytes)).toEqual({ records, validBytes: bytes.length });
  });

  test('frame layout: length, CRC-32C of the payload, payload', () => {
    const bytes = encodeRecords([{ type: 'removeTopic', topic: 'ab' }]);
    // payload: type 4, int16 length 2, "ab"
    expect(bytes).toEqual(Buffer.from([0, 0, 0, 5, ...crcBytes(Buffer.from([4, 0, 2, 0x61, 0x62])), 4, 0, 2, 0x61, 0x62]));
  });
});

/** CRC-32C by the book (bitwise, reflected polynomial 0x82F63B78), big-endian. */
function crcBytes(data: Buffer): number[] {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  crc = (crc ^ 0xffffffff) >>> 0;
  return [crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff];
}
