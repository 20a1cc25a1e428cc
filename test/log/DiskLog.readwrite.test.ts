/** What the disk engine adds to the PartitionLog contract (PartitionLog.*.test.ts): its files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deleteDiskLog, openDiskLog } from '../../src/log/DiskLog';
import { batch, config, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('DiskLog files', () => {
  test('a new log is one empty segment with its indexes', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config());
    expect(fs.readdirSync(dir).sort()).toEqual([
      '00000000000000000000.index',
      '00000000000000000000.log',
      '00000000000000000000.timeindex',
    ]);
    log.close();
  });

  test('sizeInBytes matches the segment files', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ flushOnAppend: true, segmentBytes: 2000 }));
    for (let i = 0; i < 30; i++) log.append(batch(3, `b${i}`));
    const onDisk = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    expect(log.sizeInBytes).toBe(onDisk);
    log.close();
  });

  test('deleteDiskLog removes the partition directory', () => {
    const dir = tempDir();
    const log = openDiskLog(dir, config({ segmentBytes: 200 }));
    for (let i = 0; i < 10; i++) log.append(batch(2));
    log.close();
    deleteDiskLog(dir);
    expect(fs.existsSync(dir)).toBe(false);
    deleteDiskLog(dir); // already gone: no error
  });
});
