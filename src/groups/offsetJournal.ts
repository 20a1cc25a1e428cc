/**
 * The records of the offset store (`offsets.journal`, appended to on every change, and
 * `offsets.snapshot`, the whole state as commit records), framed by storage/Journal.ts. Each
 * payload is an int8 record type, then the type's fields (big-endian, as on the Kafka wire;
 * strings are int16 length + UTF-8, nullable strings use length -1):
 *
 *   1 commit         group string, topic string, partition int32, offset int64,
 *                    leaderEpoch int32, metadata nullable string, commitTimestamp int64
 *   2 deleteOffset   group string, topic string, partition int32
 *   3 deleteGroup    group string
 *   4 removeTopic    topic string
 */
import { DecodeError, Reader, Writer } from '../../wire/io';
import { DecodedRecords, decodeFramedRecords, encodeFrames, JournalCodec } from '../storage/Journal';
import type { CommittedOffset } from './OffsetStore';

export type OffsetRecord =
  | { type: 'commit'; groupId: string; topic: string; partition: number; value: CommittedOffset }
  | { type: 'deleteOffset'; groupId: string; topic: string; partition: number }
  | { type: 'deleteGroup'; groupId: string }
  | { type: 'removeTopic'; topic: string };

const TYPE_CODES = { commit: 1, deleteOffset: 2, deleteGroup: 3, removeTopic: 4 } as const;
/** No valid record comes near this (three int16-length strings and a few numbers). */
export const MAX_PAYLOAD_BYTES = 1 << 20;

function writePayload(w: Writer, r: OffsetRecord): void {
  w.int8(TYPE_CODES[r.type]);
  switch (r.type) {
    case 'commit':
      w.string(r.groupId).string(r.topic).int32(r.partition);
      w.int64(r.value.offset).int32(r.value.leaderEpoch).nullableString(r.value.metadata).int64(r.value.commitTimestamp);
      break;
    case 'deleteOffset':
      w.string(r.groupId).string(r.topic).int32(r.partition);
      break;
    case 'deleteGroup':
      w.string(r.groupId);
      break;
    case 'removeTopic':
      w.string(r.topic);
      break;
  }
}

function readPayload(r: Reader): OffsetRecord {
  const code = r.int8();
  switch (code) {
    case TYPE_CODES.commit: {
      const groupId = r.string();
      const topic = r.string();
      const partition = r.int32();
      const value = { offset: r.int64(), leaderEpoch: r.int32(), metadata: r.nullableString(), commitTimestamp: r.int64() };
      return { type: 'commit', groupId, topic, partition, value };
    }
    case TYPE_CODES.deleteOffset:
      return { type: 'deleteOffset', groupId: r.string(), topic: r.string(), partition: r.int32() };
    case TYPE_CODES.deleteGroup:
      return { type: 'deleteGroup', groupId: r.string() };
    case TYPE_CODES.removeTopic:
      return { type: 'removeTopic', topic: r.string() };
    default:
      throw new DecodeError(`unknown offset record type ${code}`);
  }
}

/** Payloads of offset records; decode throws DecodeError on anything that does not parse exactly. */
export const offsetRecordCodec: JournalCodec<OffsetRecord> = {
  encode(record) {
    const w = new Writer(64);
    writePayload(w, record);
    return w.toBuffer();
  },
  decode(payload) {
    const r = new Reader(payload);
    const record = readPayload(r);
    if (r.remaining() !== 0) throw new DecodeError(`${r.remaining()} bytes after the record`);
    return record;
  },
};

/** The framed bytes of some records, ready to append. */
export function encodeRecords(records: readonly OffsetRecord[]): Buffer {
  return encodeFrames(records.map(offsetRecordCodec.encode));
}

/** The records of a journal or snapshot, up to the first bad frame or record. */
export function decodeRecords(buf: Buffer): DecodedRecords<OffsetRecord> {
  return decodeFramedRecords(buf, offsetRecordCodec.decode, MAX_PAYLOAD_BYTES);
}
