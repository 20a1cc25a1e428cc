/**
 * The on-disk record format of the offset store: the journal (`offsets.journal`, appended to on
 * every change) and the snapshot (`offsets.snapshot`, the whole state as commit records, replaced
 * atomically) share it.
 *
 * A file is a sequence of frames:
 *
 *   length  uint32   bytes in payload
 *   crc     uint32   CRC-32C (Castagnoli) of payload
 *   payload          int8 record type, then the type's fields (big-endian, as on the Kafka wire;
 *                    strings are int16 length + UTF-8, nullable strings use length -1)
 *
 *   1 commit         group string, topic string, partition int32, offset int64,
 *                    leaderEpoch int32, metadata nullable string, commitTimestamp int64
 *   2 deleteOffset   group string, topic string, partition int32
 *   3 deleteGroup    group string
 *   4 removeTopic    topic string
 *
 * Reading stops at the first frame that is short, oversized, fails its CRC or does not parse:
 * what follows a torn write is never trusted.
 */
import * as CRC32C from 'crc-32/crc32c';
import { DecodeError, Reader, Writer } from '../../wire/io';
import type { CommittedOffset } from './OffsetStore';

export type OffsetRecord =
  | { type: 'commit'; groupId: string; topic: string; partition: number; value: CommittedOffset }
  | { type: 'deleteOffset'; groupId: string; topic: string; partition: number }
  | { type: 'deleteGroup'; groupId: string }
  | { type: 'removeTopic'; topic: string };

const TYPE_CODES = { commit: 1, deleteOffset: 2, deleteGroup: 3, removeTopic: 4 } as const;
const FRAME_HEADER_BYTES = 8;
/** No valid record comes near this (three int16-length strings and a few numbers). */
const MAX_PAYLOAD_BYTES = 1 << 20;

function crc(payload: Buffer): number {
  return CRC32C.buf(payload) >>> 0;
}

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

/** The framed bytes of some records, ready to append. */
export function encodeRecords(records: readonly OffsetRecord[]): Buffer {
  const w = new Writer();
  for (const record of records) {
    const payload = new Writer(64);
    writePayload(payload, record);
    const bytes = payload.toBuffer();
    w.uint32(bytes.length).uint32(crc(bytes)).raw(bytes);
  }
  return w.toBuffer();
}

export interface DecodedRecords {
  records: OffsetRecord[];
  /** Bytes of whole, valid frames from the start; less than the input when the rest was bad. */
  validBytes: number;
  /** Why reading stopped early, if it did. */
  problem?: string;
}

export function decodeRecords(buf: Buffer): DecodedRecords {
  const records: OffsetRecord[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const stop = (problem: string): DecodedRecords => ({ records, validBytes: pos, problem: `${problem} at byte ${pos}` });
    if (buf.length - pos < FRAME_HEADER_BYTES) return stop('incomplete frame header');
    const length = buf.readUInt32BE(pos);
    if (length > MAX_PAYLOAD_BYTES) return stop(`implausible record length ${length}`);
    const end = pos + FRAME_HEADER_BYTES + length;
    if (end > buf.length) return stop('incomplete record');
    const payload = buf.subarray(pos + FRAME_HEADER_BYTES, end);
    if (crc(payload) !== buf.readUInt32BE(pos + 4)) return stop('CRC mismatch');
    let record: OffsetRecord;
    try {
      const r = new Reader(payload);
      record = readPayload(r);
      if (r.remaining() !== 0) throw new DecodeError(`${r.remaining()} bytes after the record`);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return stop(`unreadable record (${err.message})`);
    }
    records.push(record);
    pos = end;
  }
  return { records, validBytes: pos };
}
