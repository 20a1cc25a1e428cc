/**
 * Walks the batches of a segment file from a position, reading in large chunks and handing out
 * each batch as a slice of its chunk. It checks each batch's length and magic (and its CRC when
 * asked) and stops at the first one that is cut short or damaged, saying where and why.
 */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, batchProblem, batchSize } from '../../wire/records';

export interface BatchAt {
  /** The chunk holding the batch; the batch is buf[pos, pos + size). */
  buf: Buffer;
  pos: number;
  size: number;
  /** Where the batch starts in the file. */
  filePos: number;
}

export class BatchScanner {
  /** File position of the next batch: where the scan stopped, once next() returned null. */
  position: number;
  /** Why the scan stopped before `end`: 'truncated' or a corruption reason; null otherwise. */
  problem: string | null = null;

  private chunk: Buffer = Buffer.alloc(0);
  private inChunk = 0;
  private readonly chunkSize: number;

  constructor(
    private readonly readAt: (position: number, length: number) => Buffer,
    start: number,
    private readonly end: number,
    chunkSize: number,
    private readonly checkCrc: boolean,
  ) {
    this.position = start;
    // At least a batch header, so every re-read below makes progress.
    this.chunkSize = Math.max(chunkSize, BATCH_HEADER_SIZE);
  }

  next(): BatchAt | null {
    for (;;) {
      const problem = batchProblem(this.chunk, this.inChunk, this.chunk.length, this.checkCrc);
      if (problem === null) {
        const size = batchSize(this.chunk, this.inChunk);
        const batch = { buf: this.chunk, pos: this.inChunk, size, filePos: this.position };
        this.inChunk += size;
        this.position += size;
        return batch;
      }
      if (problem !== 'truncated') {
        this.problem = problem;
        return null;
      }
      // The chunk ends inside a batch: read again from that batch, all of it if it is large.
      const left = this.end - this.position;
      const have = this.chunk.length - this.inChunk;
      if (left === 0) return null;
      if (have >= left) {
        this.problem = 'truncated';
        return null;
      }
      const needed = have >= LOG_OVERHEAD ? batchSize(this.chunk, this.inChunk) : 0;
      this.chunk = this.readAt(this.position, Math.min(left, Math.max(this.chunkSize, needed)));
      this.inChunk = 0;
    }
  }
}
