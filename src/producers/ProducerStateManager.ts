/**
 * The idempotent-producer state of one partition, as Kafka's ProducerStateManager keeps it: per
 * producer id its epoch and the metadata of its last five batches (sequence and offset ranges,
 * timestamp), plus the coordinator epoch and the first offset of its open transaction.
 *
 * Produce asks checkAppend() about a batch before appending it (duplicate, fenced epoch, sequence
 * gap) and calls onAppended() after; whoever writes transaction markers calls onAppended() too.
 * Only the batch header is read, except for control batches (one tiny record).
 *
 * The state is derived from the log alone: rebuild() replays every batch header from the log
 * start when the partition is opened (Kafka replays from its latest `.snapshot` file instead).
 */
import { readControlRecord } from '../../wire/controlRecords';
import { ErrorCode } from '../../wire/errors';
import {
  ATTR_CONTROL,
  ATTR_TRANSACTIONAL,
  BASE_SEQUENCE,
  PRODUCER_EPOCH,
  attributesOf,
  baseOffsetOf,
  lastOffsetDeltaOf,
  maxTimestampOf,
  producerIdOf,
  recordCountOf,
} from '../../wire/records';
import type { PartitionLog } from '../log/PartitionLog';
import { incrementSequence, inSequence } from './sequence';

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN: a producer has at most 5 requests in flight. */
export const BATCHES_TO_RETAIN = 5;
/** Kafka's producer.id.expiration.ms default (KIP-854): idle producers are forgotten after a day. */
export const PRODUCER_ID_EXPIRATION_MS = 24 * 60 * 60 * 1000;
/** Kafka's producer.id.expiration.check.interval.ms default. */
export const EXPIRATION_CHECK_INTERVAL_MS = 10 * 60 * 1000;
/** How much of the log rebuild() reads at a time. */
const REBUILD_READ_BYTES = 8 * 1024 * 1024;

export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

/** One appended batch of a producer (Kafka's BatchMetadata). */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp. */
  timestamp: number;
}

export class ProducerStateEntry {
  producerEpoch = NO_PRODUCER_EPOCH;
  /** Epoch of the coordinator that wrote this producer's last marker; -1 before any. */
  coordinatorEpoch = -1;
  lastTimestamp = -1;
  /** First offset of the producer's open transaction in this partition; -1 when none. */
  currentTxnFirstOffset = -1;
  /** Oldest first, at most BATCHES_TO_RETAIN, all of the current epoch. */
  readonly batches: BatchMetadata[] = [];

  constructor(readonly producerId: number) {}

  get lastSeq(): number {
    return this.batches.length === 0 ? NO_SEQUENCE : this.batches[this.batches.length - 1].lastSeq;
  }

  /** The cached batch with exactly this epoch and sequence range, if any. */
  findDuplicate(epoch: number, firstSeq: number, lastSeq: number): BatchMetadata | undefined {
    if (epoch !== this.producerEpoch) return undefined;
    return this.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
  }

  /** A new epoch forgets the batches of the old one. */
  updateEpoch(epoch: number): void {
    if (epoch === this.producerEpoch) return;
    this.batches.length = 0;
    this.producerEpoch = epoch;
  }

  addBatch(epoch: number, batch: BatchMetadata): void {
    this.updateEpoch(epoch);
    if (this.batches.length === BATCHES_TO_RETAIN) this.batches.shift();
    this.batches.push(batch);
    this.lastTimestamp = batch.timestamp;
  }
}

/** What Produce does with a batch, decided from its header before anything is appended. */
export type AppendCheck =
  | { readonly kind: 'append' }
  /** Already in the log: answer with the original batch's offsets, append nothing. */
  | { readonly kind: 'duplicate'; readonly batch: BatchMetadata }
  | { readonly kind: 'reject'; readonly errorCode: ErrorCode; readonly message: string };

const APPEND: AppendCheck = { kind: 'append' };

/** The header fields of a batch that producer state is about. */
export interface ProducerBatchHeader {
  producerId: number;
  producerEpoch: number;
  firstSeq: number;
  lastSeq: number;
  transactional: boolean;
}

export function producerHeaderOf(batch: Buffer): ProducerBatchHeader {
  const firstSeq = batch.readInt32BE(BASE_SEQUENCE);
  return {
    producerId: producerIdOf(batch),
    producerEpoch: batch.readInt16BE(PRODUCER_EPOCH),
    firstSeq,
    lastSeq: incrementSequence(firstSeq, lastOffsetDeltaOf(batch)),
    transactional: (attributesOf(batch) & ATTR_TRANSACTIONAL) !== 0,
  };
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();
  private nextExpirationCheck: number;

  constructor(private readonly clock: () => number = Date.now) {
    this.nextExpirationCheck = clock() + EXPIRATION_CHECK_INTERVAL_MS;
  }

  /**
   * Replay every batch header of the log from its start, as Kafka does when it has no snapshot.
   * Reads the whole log once (about 1 s per GB from the page cache).
   */
  static rebuild(log: PartitionLog, clock?: () => number): ProducerStateManager {
    const state = new ProducerStateManager(clock);
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const batches = log.read(offset, REBUILD_READ_BYTES);
      if (batches.length === 0) throw new Error(`no batch at offset ${offset} below the log end ${log.logEndOffset}`);
      for (const batch of batches) state.onAppended(batch);
      const last = batches[batches.length - 1];
      offset = baseOffsetOf(last) + lastOffsetDeltaOf(last) + 1;
    }
    return state;
  }

  get(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  /** Kafka's UnifiedLog.hasOngoingTransaction: this producer, at this epoch, has an open transaction here. */
  hasOngoingTransaction(producerId: number, producerEpoch: number): boolean {
    const entry = this.producers.get(producerId);
    return entry !== undefined && entry.currentTxnFirstOffset >= 0 && entry.producerEpoch === producerEpoch;
  }

  /** Every producer with state in this partition (DescribeProducers). */
  activeProducers(): ProducerStateEntry[] {
    return [...this.producers.values()];
  }

  /**
   * Kafka's analyzeAndValidateProducerState for a client's batch with a producer id, in Kafka's
   * order: a duplicate of one of the last five batches (same epoch, same sequence range) wins;
   * then an older epoch is fenced (47); a newer epoch must start at sequence 0 (45); the same
   * epoch must continue the sequence (45); and a producer in a transaction may not write
   * outside it (48). A producer without state (new, or expired) may start anywhere.
   */
  checkAppend(header: ProducerBatchHeader): AppendCheck {
    const { producerId, producerEpoch: epoch, firstSeq, lastSeq } = header;
    const entry = this.producers.get(producerId);
    if (!entry) return APPEND;

    const duplicate = entry.findDuplicate(epoch, firstSeq, lastSeq);
    if (duplicate) return { kind: 'duplicate', batch: duplicate };

    const current = entry.producerEpoch;
    if (epoch < current) {
      return reject(
        ErrorCode.INVALID_PRODUCER_EPOCH,
        `Epoch of producer ${producerId} is ${epoch}, which is smaller than the last seen epoch ${current}`,
      );
    }
    if (epoch !== current) {
      if (firstSeq !== 0 && current !== NO_PRODUCER_EPOCH) {
        return reject(
          ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          `Invalid sequence number for new epoch of producer ${producerId}: ${epoch} (request epoch), ${firstSeq} (seq. number), ${current} (current producer epoch)`,
        );
      }
    } else if (current !== NO_PRODUCER_EPOCH && !inSequence(entry.lastSeq, firstSeq)) {
      return reject(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `Out of order sequence number for producer ${producerId}: ${firstSeq} (incoming seq. number), ${entry.lastSeq} (current end sequence number)`,
      );
    }
    if (entry.currentTxnFirstOffset >= 0 && !header.transactional) {
      return reject(ErrorCode.INVALID_TXN_STATE, `Expected transactional write from producer ${producerId}`);
    }
    return APPEND;
  }

  /**
   * Record a batch just written to the log (its baseOffset assigned): a data batch joins its
   * producer's last five, a transaction marker ends the producer's transaction. Batches without
   * a producer id are ignored. Also used to replay the log, so it never rejects anything.
   */
  onAppended(batch: Buffer): void {
    const producerId = producerIdOf(batch);
    if (producerId < 0) return;
    const epoch = batch.readInt16BE(PRODUCER_EPOCH);
    const attributes = attributesOf(batch);
    const firstOffset = baseOffsetOf(batch);

    if (attributes & ATTR_CONTROL) {
      // An empty control batch is a marker whose transaction was cleaned away: nothing to apply.
      const marker = recordCountOf(batch) > 0 ? readControlRecord(batch) : null;
      if (!marker) return;
      // Kafka's appendEndTxnMarker: the marker's epoch becomes current, the transaction ends.
      const entry = this.entryFor(producerId);
      entry.updateEpoch(epoch);
      entry.coordinatorEpoch = marker.coordinatorEpoch;
      entry.currentTxnFirstOffset = -1;
      entry.lastTimestamp = maxTimestampOf(batch);
      return;
    }

    const entry = this.entryFor(producerId);
    const offsetDelta = lastOffsetDeltaOf(batch);
    const firstSeq = batch.readInt32BE(BASE_SEQUENCE);
    entry.addBatch(epoch, {
      firstSeq,
      lastSeq: incrementSequence(firstSeq, offsetDelta),
      firstOffset,
      lastOffset: firstOffset + offsetDelta,
      timestamp: maxTimestampOf(batch),
    });
    if (attributes & ATTR_TRANSACTIONAL && entry.currentTxnFirstOffset < 0) entry.currentTxnFirstOffset = firstOffset;
    this.maybeExpire();
  }

  private entryFor(producerId: number): ProducerStateEntry {
    let entry = this.producers.get(producerId);
    if (!entry) this.producers.set(producerId, (entry = new ProducerStateEntry(producerId)));
    return entry;
  }

  /**
   * Forget producers idle for producer.id.expiration.ms without an open transaction (Kafka's
   * removeExpiredProducers); checked at most every EXPIRATION_CHECK_INTERVAL_MS, on append.
   */
  removeExpired(now = this.clock()): void {
    for (const [id, entry] of this.producers) {
      if (entry.currentTxnFirstOffset < 0 && now - entry.lastTimestamp >= PRODUCER_ID_EXPIRATION_MS) this.producers.delete(id);
    }
  }

  /**
   * The log start moved (retention, DeleteRecords): forget producers whose last batch is now
   * entirely below it, unless their transaction is still open (Kafka's evictUnretainedProducers).
   * This is the state rebuild() would find after a restart; such a producer may start afresh.
   */
  removeBelowLogStart(logStartOffset: number): void {
    for (const [id, entry] of this.producers) {
      const last = entry.batches[entry.batches.length - 1];
      if (last !== undefined && last.lastOffset < logStartOffset && entry.currentTxnFirstOffset < 0) this.producers.delete(id);
    }
  }

  private maybeExpire(): void {
    const now = this.clock();
    if (now < this.nextExpirationCheck) return;
    this.nextExpirationCheck = now + EXPIRATION_CHECK_INTERVAL_MS;
    this.removeExpired(now);
  }
}

function reject(errorCode: ErrorCode, message: string): AppendCheck {
  return { kind: 'reject', errorCode, message };
}

