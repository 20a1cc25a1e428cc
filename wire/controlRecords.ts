/**
 * Transaction markers: the control batches Kafka writes to a partition when a transaction ends
 * (EndTransactionMarker). A marker is a RecordBatch v2 with the control (bit 5) and transactional
 * (bit 4) attributes, the transaction's producer id and epoch, baseSequence -1, and exactly one
 * record without headers:
 *
 *   key   = version int16 (0) | type int16 (0 = ABORT, 1 = COMMIT)      (ControlRecordType)
 *   value = version int16 (0) | coordinatorEpoch int32                   (EndTransactionMarker)
 *
 * Readers, like Kafka's, accept newer key/value versions and read them as version 0 (later versions
 * may only append fields). Other control types (2-6 are KRaft's, e.g. LEADER_CHANGE) are not
 * transaction markers. Consumers never see control records; they use them to drop aborted data.
 */
import { Reader } from './io';
import {
  ATTR_COMPRESSION_MASK,
  ATTR_CONTROL,
  BATCH_HEADER_SIZE,
  attributesOf,
  batchSize,
  buildBatch,
  recordCountOf,
} from './records';

/** ControlRecordType values that end a transaction. */
export enum ControlRecordType {
  Abort = 0,
  Commit = 1,
}

export const CONTROL_RECORD_KEY_VERSION = 0;
export const END_TXN_MARKER_VERSION = 0;
/** version int16 + type int16. */
export const CONTROL_RECORD_KEY_SIZE = 4;
/** version int16 + coordinatorEpoch int32. */
export const END_TXN_MARKER_VALUE_SIZE = 6;

export interface ControlBatchOptions {
  producerId: number;
  producerEpoch: number;
  /** true = COMMIT, false = ABORT. */
  commit: boolean;
  /** The epoch of the coordinator that ended the transaction. */
  coordinatorEpoch: number;
  /** The record's (and the batch's base and max) timestamp, CreateTime. */
  timestamp: number;
  /** Default 0; the log assigns the real offset on append. */
  baseOffset?: number;
}

export interface EndTxnMarker {
  /** true = COMMIT, false = ABORT. */
  commit: boolean;
  coordinatorEpoch: number;
}

/** The control record key of a transaction marker. */
export function controlRecordKey(type: ControlRecordType): Buffer {
  const key = Buffer.alloc(CONTROL_RECORD_KEY_SIZE);
  key.writeInt16BE(CONTROL_RECORD_KEY_VERSION, 0);
  key.writeInt16BE(type, 2);
  return key;
}

/** The value of a transaction marker record. */
export function endTxnMarkerValue(coordinatorEpoch: number): Buffer {
  const value = Buffer.alloc(END_TXN_MARKER_VALUE_SIZE);
  value.writeInt16BE(END_TXN_MARKER_VERSION, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

/** A whole COMMIT or ABORT marker batch (RecordBatch v2, uncompressed) with a valid CRC. */
export function buildControlBatch(options: ControlBatchOptions): Buffer {
  const type = options.commit ? ControlRecordType.Commit : ControlRecordType.Abort;
  return buildBatch(
    [{ key: controlRecordKey(type), value: endTxnMarkerValue(options.coordinatorEpoch), timestamp: options.timestamp }],
    {
      baseOffset: options.baseOffset ?? 0,
      producerId: options.producerId,
      producerEpoch: options.producerEpoch,
      baseSequence: -1,
      transactional: true,
      control: true,
    },
  );
}

/**
 * The transaction marker in the batch at pos: null if the batch is not a control batch or its
 * control record is not COMMIT/ABORT. Throws on a malformed marker (short or negative-version key
 * or value), as Kafka does.
 */
export function readControlRecord(batch: Buffer, pos = 0): EndTxnMarker | null {
  const attributes = attributesOf(batch, pos);
  if ((attributes & ATTR_CONTROL) === 0) return null;
  if ((attributes & ATTR_COMPRESSION_MASK) !== 0) throw new Error('compressed control batch');
  if (recordCountOf(batch, pos) < 1) throw new Error('control batch without records');

  const r = new Reader(batch, pos + BATCH_HEADER_SIZE, pos + batchSize(batch, pos));
  r.varint(); // record length
  r.int8(); // record attributes
  r.varlong(); // timestampDelta
  r.varint(); // offsetDelta
  const keyLength = r.varint();
  if (keyLength < CONTROL_RECORD_KEY_SIZE) throw new Error(`control record key of ${keyLength} bytes`);
  const key = r.raw(keyLength);
  if (key.readInt16BE(0) < 0) throw new Error(`control record key version ${key.readInt16BE(0)}`);
  const type = key.readInt16BE(2);
  if (type !== ControlRecordType.Abort && type !== ControlRecordType.Commit) return null;

  const valueLength = r.varint();
  if (valueLength < END_TXN_MARKER_VALUE_SIZE) throw new Error(`transaction marker value of ${valueLength} bytes`);
  const value = r.raw(valueLength);
  if (value.readInt16BE(0) < 0) throw new Error(`transaction marker version ${value.readInt16BE(0)}`);
  return { commit: type === ControlRecordType.Commit, coordinatorEpoch: value.readInt32BE(2) };
}
