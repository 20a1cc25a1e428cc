/**
 * Records of the share-group state journal (`<dataDir>/__share_group_state/share.journal` and
 * `share.snapshot`, framed by storage/Journal.ts), the durable state of every share-partition on
 * this broker, after Kafka's ShareSnapshot / ShareUpdate records of `__share_group_state`. Each
 * payload is an int8 record type, then the type's fields (big-endian; strings are int16 length +
 * UTF-8; a topic id is the 22-character URL-safe base64 string of the Kafka UUID):
 *
 *   1 state        group string, topicId string, partition int32, stateEpoch int32,
 *                  startOffset int64, endOffset int64, batchCount int32, then per batch:
 *                  firstOffset int64, lastOffset int64, deliveryCount int16, state int8
 *                  (0 available, 2 acknowledged, 4 archived: Kafka's RecordState ids)
 *   2 delete       group string, topicId string, partition int32
 *   3 deleteGroup  group string
 *
 * A state record is the whole state of one share-partition (last one wins), so replaying a
 * journal over a snapshot that already holds it is harmless. Acquired records are written as
 * available with their delivery count: after a restart they are delivered again, and offsets in
 * [startOffset, endOffset) that no batch covers hold no record (nothing to deliver).
 */
import { DecodeError, Reader, Writer } from '../../wire/io';
import { JournalCodec } from '../storage/Journal';
import { RecordState } from './contracts';

export interface StoredStateBatch {
  firstOffset: number;
  /** Inclusive. */
  lastOffset: number;
  deliveryCount: number;
  state: RecordState.Available | RecordState.Acknowledged | RecordState.Archived;
}

export interface StoredShareState {
  groupId: string;
  topicId: string;
  partition: number;
  /** Bumped each time the state is reset (alterStartOffset), as Kafka's state epoch. */
  stateEpoch: number;
  startOffset: number;
  endOffset: number;
  batches: StoredStateBatch[];
}

export type ShareStateRecord =
  | ({ type: 'state' } & StoredShareState)
  | { type: 'delete'; groupId: string; topicId: string; partition: number }
  | { type: 'deleteGroup'; groupId: string };

export const SHARE_STATE_DIR = '__share_group_state';
export const SHARE_STATE_JOURNAL_NAME = 'share';
/** A state record of 2000 batches is ~40 KB; nothing valid comes near this. */
export const MAX_PAYLOAD_BYTES = 64 << 20;

const TYPE_CODES = { state: 1, delete: 2, deleteGroup: 3 } as const;
const STORED_STATES = new Set<number>([RecordState.Available, RecordState.Acknowledged, RecordState.Archived]);

function writePayload(w: Writer, r: ShareStateRecord): void {
  w.int8(TYPE_CODES[r.type]);
  switch (r.type) {
    case 'state':
      w.string(r.groupId).string(r.topicId).int32(r.partition).int32(r.stateEpoch);
      w.int64(r.startOffset).int64(r.endOffset).int32(r.batches.length);
      for (const b of r.batches) w.int64(b.firstOffset).int64(b.lastOffset).int16(b.deliveryCount).int8(b.state);
      break;
    case 'delete':
      w.string(r.groupId).string(r.topicId).int32(r.partition);
      break;
    case 'deleteGroup':
      w.string(r.groupId);
      break;
  }
}

function readPayload(r: Reader): ShareStateRecord {
  const code = r.int8();
  switch (code) {
    case TYPE_CODES.state: {
      const groupId = r.string();
      const topicId = r.string();
      const partition = r.int32();
      const stateEpoch = r.int32();
      const startOffset = r.int64();
      const endOffset = r.int64();
      const count = r.int32();
      if (count < 0 || count > r.remaining() / 19) throw new DecodeError(`implausible batch count ${count}`);
      const batches: StoredStateBatch[] = [];
      for (let i = 0; i < count; i++) {
        const firstOffset = r.int64();
        const lastOffset = r.int64();
        const deliveryCount = r.int16();
        const state = r.int8();
        if (!STORED_STATES.has(state)) throw new DecodeError(`unknown record state ${state}`);
        batches.push({ firstOffset, lastOffset, deliveryCount, state: state as StoredStateBatch['state'] });
      }
      return { type: 'state', groupId, topicId, partition, stateEpoch, startOffset, endOffset, batches };
    }
    case TYPE_CODES.delete:
      return { type: 'delete', groupId: r.string(), topicId: r.string(), partition: r.int32() };
    case TYPE_CODES.deleteGroup:
      return { type: 'deleteGroup', groupId: r.string() };
    default:
      throw new DecodeError(`unknown share state record type ${code}`);
  }
}

/** Payloads of share state records; decode throws DecodeError on anything that does not parse exactly. */
export const shareStateCodec: JournalCodec<ShareStateRecord> = {
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
