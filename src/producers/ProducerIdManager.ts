/**
 * Hands out producer ids that are never reused, even across restarts or a `kill -9`. Like
 * Kafka's controller, it reserves ids in blocks of 1000: the end of the reserved block is written
 * to `producer-ids.json` (atomically, fsynced) before any id of the block is handed out, and a
 * restart continues from there. A crash wastes the rest of a block, never reuses an id.
 */
import { volumeAt } from '../storage/DiskVolume';
import type { StateVolume } from '../storage/StateVolume';

/** Kafka's ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;
const FILE = 'producer-ids.json';

interface Stored {
  version: 1;
  /** Every id below this one may have been handed out. */
  nextBlockStart: number;
}

export class ProducerIdManager {
  private next = 0;
  /** End (exclusive) of the block reserved on disk; next === blockEnd means reserve another. */
  private blockEnd = 0;

  private readonly volume: StateVolume;

  /** `volume`: where producer-ids.json is kept; a path means that data dir on disk. */
  constructor(volume: StateVolume | string) {
    this.volume = volumeAt(volume);
  }

  /** Continue after the last reserved block. A missing file means a fresh data dir. */
  load(): void {
    const content = this.volume.read(FILE);
    if (content === null) return;
    const stored = JSON.parse(content) as Stored;
    if (stored.version !== 1 || !Number.isSafeInteger(stored.nextBlockStart) || stored.nextBlockStart < 0) {
      throw new Error(`${this.volume.pathOf(FILE)} is not a producer id block: ${JSON.stringify(stored)}`);
    }
    this.next = this.blockEnd = stored.nextBlockStart;
  }

  /** A producer id never handed out before by this data dir. */
  allocate(): number {
    if (this.next >= this.blockEnd) {
      const blockEnd = this.next + PRODUCER_ID_BLOCK_SIZE;
      const stored: Stored = { version: 1, nextBlockStart: blockEnd };
      this.volume.write(FILE, JSON.stringify(stored) + '\n');
      this.blockEnd = blockEnd;
    }
    return this.next++;
  }
}
