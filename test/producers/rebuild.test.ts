/**
 * Producer state is derived from the log alone: reopening a partition replays every batch
 * header (across segments, with transaction markers) and gets back exactly the state it had.
 */
import { DEFAULT_TOPIC_DEFAULTS, effectiveTopicConfig } from '../../src/topics/topicConfig';
import { openDiskLog } from '../../src/log/DiskLog';
import { ProducerStateManager, producerHeaderOf } from '../../src/producers/ProducerStateManager';
import { Partition, Topic } from '../../src/topics/TopicRegistry';
import { buildControlBatch } from '../../wire/controlRecords';
import { buildBatch } from '../../wire/records';
import { config, removeTempDirs, tempDir } from '../log/helpers';

afterAll(removeTempDirs);

function batchOf(pid: number, epoch: number, seq: number, count: number, transactional = false): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ value: `p${pid}-e${epoch}-s${seq + i}`.padEnd(100, '.'), timestamp: 1_700_000_000_000 + seq }));
  return buildBatch(records, { producerId: pid, producerEpoch: epoch, baseSequence: seq, transactional });
}

/** A plain snapshot of the state, for comparisons. */
function dump(state: ProducerStateManager): unknown {
  return state
    .activeProducers()
    .map((p) => ({ ...p, batches: [...p.batches] }))
    .sort((a, b) => a.producerId - b.producerId);
}

function openPartition(dir: string): Partition {
  // Tiny segments, so the replay crosses many segment boundaries.
  return new Partition(new Topic('t', 'id', {}, effectiveTopicConfig(DEFAULT_TOPIC_DEFAULTS, 1048588, {})), 0, openDiskLog(dir, config({ segmentBytes: 2048 })));
}

describe('rebuilding producer state from the log', () => {
  it('a reopened partition has the same producer state, so retries still get their original offsets', () => {
    const dir = tempDir();
    const p = openPartition(dir);
    p.append(buildBatch([{ value: 'no producer id' }]));
    for (let i = 0; i < 8; i++) p.append(batchOf(1, 0, i * 3, 3));
    p.append(batchOf(2, 5, 100, 2));
    p.append(batchOf(3, 1, 0, 1, true));
    p.append(batchOf(3, 1, 1, 4, true));
    p.append(batchOf(4, 0, 0, 1, true));
    p.append(buildControlBatch({ producerId: 4, producerEpoch: 0, commit: true, coordinatorEpoch: 7, timestamp: 1_700_000_000_999 }));
    p.append(batchOf(5, 0, 0, 1));
    p.append(buildControlBatch({ producerId: 5, producerEpoch: 1, commit: false, coordinatorEpoch: 7, timestamp: 1_700_000_001_000 }));
    const before = dump(p.producers);
    const end = p.log.logEndOffset;
    p.log.close();

    const reopened = openPartition(dir);
    expect(reopened.log.logEndOffset).toBe(end);
    expect(dump(reopened.producers)).toEqual(before);

    const one = reopened.producers.get(1)!;
    expect(one.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset])).toEqual([
      [9, 11, 10, 12],
      [12, 14, 13, 15],
      [15, 17, 16, 18],
      [18, 20, 19, 21],
      [21, 23, 22, 24],
    ]);
    expect(reopened.producers.checkAppend(producerHeaderOf(batchOf(1, 0, 18, 3)))).toEqual({
      kind: 'duplicate',
      batch: { firstSeq: 18, lastSeq: 20, firstOffset: 19, lastOffset: 21, timestamp: 1_700_000_000_018 },
    });
    expect(reopened.producers.checkAppend(producerHeaderOf(batchOf(1, 0, 24, 1)))).toEqual({ kind: 'append' });
    expect(reopened.producers.checkAppend(producerHeaderOf(batchOf(1, 0, 25, 1))).kind).toBe('reject');

    // The open transaction of producer 3, the markers of 4 (commit) and 5 (abort with a bump).
    expect(reopened.producers.get(3)).toMatchObject({ producerEpoch: 1, currentTxnFirstOffset: 27, lastSeq: 4 });
    expect(reopened.producers.get(4)).toMatchObject({ producerEpoch: 0, currentTxnFirstOffset: -1, coordinatorEpoch: 7, lastSeq: 0, lastTimestamp: 1_700_000_000_999 });
    expect(reopened.producers.get(5)).toMatchObject({ producerEpoch: 1, coordinatorEpoch: 7, lastSeq: -1, batches: [] });
    reopened.log.close();
  });

  it('needs no clean shutdown: what was written to the OS is all it takes (as after kill -9)', () => {
    const dir = tempDir();
    const p = openPartition(dir);
    p.append(batchOf(9, 0, 0, 2));
    p.append(batchOf(9, 0, 2, 2));
    // Never flushed nor closed: a second open sees what the OS has, as a restarted broker would.
    const after = openPartition(dir);
    expect(after.producers.checkAppend(producerHeaderOf(batchOf(9, 0, 2, 2)))).toEqual({
      kind: 'duplicate',
      batch: { firstSeq: 2, lastSeq: 3, firstOffset: 2, lastOffset: 3, timestamp: 1_700_000_000_002 },
    });
    after.log.close();
    p.log.close();
  });

  it('an empty log has no producers', () => {
    const p = openPartition(tempDir());
    expect(p.producers.activeProducers()).toEqual([]);
    p.log.close();
  });
});
