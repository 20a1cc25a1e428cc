/**
 * The log of one partition, as the handlers see it. The disk engine (DiskLog) implements it
 * today; an in-memory engine can implement the same interface without touching any handler.
 */

export interface LogConfig {
  /** Roll to a new segment when the active one would exceed this many bytes (Kafka: segment.bytes). */
  segmentBytes: number;
  /** Roll when the active segment's first batch is older than this (Kafka: segment.ms). */
  segmentMs: number;
  /** Add an offset/time index entry every this many bytes (Kafka: index.interval.bytes). */
  indexIntervalBytes: number;
  /** fsync after each append, before it is acknowledged (--flush-on-ack). */
  flushOnAppend: boolean;
  /**
   * fsync once this many records were appended since the last fsync, before acknowledging the
   * append that reached it (Kafka: flush.messages / log.flush.interval.messages); absent: never.
   */
  flushIntervalMessages?: number;
}

export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  indexIntervalBytes: 4096,
  flushOnAppend: false,
};

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
}

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

/** What retention needs to know about one closed segment. */
export interface SegmentInfo {
  baseOffset: number;
  /** Bytes of the segment's batches. */
  sizeInBytes: number;
  /**
   * The segment's largest record timestamp, or, when no batch carried one, the time of its last
   * write (Kafka uses the file's mtime then).
   */
  largestTimestamp: number;
}

/** A closed segment, for the log cleaner. */
export interface ClosedSegment extends SegmentInfo {
  /** The next segment's base offset: every offset in this one is below it. */
  nextBaseOffset: number;
}

export interface PartitionLog {
  /** First offset still in the log. */
  readonly logStartOffset: number;
  /** The offset the next record will get; the high watermark on a single replica. */
  readonly logEndOffset: number;
  /** Bytes of all segments. */
  readonly sizeInBytes: number;

  /**
   * Append one batch, already validated (magic 2, CRC), as the producer sent it: its baseOffset
   * is rewritten in place to the next offset and the bytes are written unchanged otherwise.
   * The batch is written to the OS (and fsynced with flushOnAppend) before this returns.
   */
  append(batch: Buffer): AppendResult;

  /**
   * Whole batches whose last offset is >= fetchOffset, in order, totalling at most maxBytes,
   * except that the first batch is returned whole even when it is larger (KIP-74).
   * Empty when fetchOffset == logEndOffset. Callers check the range first.
   */
  read(fetchOffset: number, maxBytes: number): Buffer[];

  /** The first offset whose record timestamp is >= timestamp, or null if none (ListOffsets). */
  offsetForTimestamp(timestamp: number): TimestampOffset | null;

  /** The offset and timestamp of the record with the largest timestamp, or null if empty (ListOffsets −3). */
  maxTimestamp(): TimestampOffset | null;

  /**
   * DeleteRecords: move the log start offset up to `offset` (it may fall inside a batch: the
   * batch stays, reads below the new start are refused). Whole closed segments below it are
   * deleted. Never moves backwards; throws a RangeError past the log end. The new start is
   * persisted before this returns. Returns the log start offset.
   */
  advanceLogStart(offset: number): number;

  /**
   * Retention: delete the oldest closed segments, in order, for as long as `shouldDelete` says
   * so; the active segment is never deleted. The log start moves to the base offset of the first
   * segment kept. Returns the segments deleted.
   */
  deleteOldestSegments(shouldDelete: (segment: SegmentInfo) => boolean): SegmentInfo[];

  /** Log compaction (src/log/cleaner): the closed segments, oldest first; never the active one. */
  closedSegments(): ClosedSegment[];

  /** Every batch of the closed segment with this base offset, in offset order. */
  readSegment(baseOffset: number): Buffer[];

  /**
   * Log compaction: replace the batches of a closed segment with cleaned ones (the same offsets,
   * fewer records), atomically: a crash at any point leaves the old or the new segment whole.
   */
  replaceSegment(baseOffset: number, batches: Buffer[]): void;

  /** Apply changed segment settings from the next roll decision on (engines without segments omit it). */
  reconfigure?(config: LogConfig): void;

  flush(): void;
  close(): void;
}
