/** Producer ids are never handed out twice by the same data dir, across restarts and crashes. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PRODUCER_ID_BLOCK_SIZE, ProducerIdManager } from '../../src/producers/ProducerIdManager';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-pid-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function open(): ProducerIdManager {
  const m = new ProducerIdManager(dataDir);
  m.load();
  return m;
}

describe('ProducerIdManager', () => {
  it('hands out consecutive ids from 0 and reserves them in blocks of 1000 on disk', () => {
    expect(PRODUCER_ID_BLOCK_SIZE).toBe(1000);
    const m = open();
    expect([m.allocate(), m.allocate(), m.allocate()]).toEqual([0, 1, 2]);
    const file = path.join(dataDir, 'producer-ids.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, nextBlockStart: 1000 });
    for (let i = 3; i < 1000; i++) m.allocate();
    expect(m.allocate()).toBe(1000);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, nextBlockStart: 2000 });
  });

  it('never reuses an id after a restart (or a crash): it continues after the reserved block', () => {
    const first = open();
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) seen.add(first.allocate());
    // No close: whatever was reserved on disk is all that counts.
    const second = open();
    const next = second.allocate();
    expect(next).toBe(1000);
    expect(seen.has(next)).toBe(false);
    for (let i = 0; i < 1200; i++) seen.add(second.allocate());
    expect(open().allocate()).toBe(3000);
  });

  it('a fresh data dir writes nothing until the first id is needed', () => {
    open();
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses to start from a damaged file rather than risk reusing ids', () => {
    fs.writeFileSync(path.join(dataDir, 'producer-ids.json'), '{"version":1,"nextBlockStart":"x"}');
    expect(() => open()).toThrow(/not a producer id block/);
    fs.writeFileSync(path.join(dataDir, 'producer-ids.json'), '{"vers');
    expect(() => open()).toThrow();
  });
});
