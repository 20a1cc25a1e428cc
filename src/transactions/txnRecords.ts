/**
 * The records of the transaction state journal (`__transaction_state/transactions.journal` and
 * `.snapshot`, framed by storage/Journal.ts). Each payload is an int8 type, then its fields,
 * big-endian as on the Kafka wire (strings: int16 length + UTF-8; nullable strings: length −1 for
 * null; arrays: int32 count):
 *
 *   1 metadata        the whole state of one transactional id (the last one wins, as in Kafka's
 *                     compacted __transaction_state): transactionalId string, producerId int64,
 *                     lastProducerId int64, producerEpoch int16, lastProducerEpoch int16,
 *                     timeoutMs int32, state int8 (Kafka's TransactionState id), startTimestamp
 *                     int64, lastUpdateTimestamp int64, partitions [topic string, partition int32],
 *                     groups [groupId string]
 *   2 remove          transactionalId string: the id expired and is forgotten
 *   3 txnPartition    topicId string, topic string, partition int32: this partition's log holds
 *                     transactional batches, so its aborted-transaction index and open
 *                     transactions are rebuilt from the log on load
 *   4 pendingOffsets  transactionalId string, producerId int64, groupId string, offsets [topic
 *                     string, partition int32, offset int64, leaderEpoch int32, metadata nullable
 *                     string, commitTimestamp int64]: a TxnOffsetCommit, pending until the
 *                     transaction ends (a metadata record in a state other than Ongoing or
 *                     Prepare* drops the id's pending offsets)
 */
import { DecodeError, Reader, Writer } from '../../wire/io';
import type { CommittedOffset } from '../groups/OffsetStore';
import { TransactionMetadata, TXN_STATE_IDS, partitionKey, txnStateFromId } from './TransactionMetadata';

export interface PendingOffset {
  topic: string;
  partition: number;
  value: CommittedOffset;
}

export type TxnRecord =
  | { type: 'metadata'; meta: TransactionMetadata }
  | { type: 'remove'; transactionalId: string }
  | { type: 'txnPartition'; topicId: string; topic: string; partition: number }
  | { type: 'pendingOffsets'; transactionalId: string; producerId: number; groupId: string; offsets: PendingOffset[] };

const CODES = { metadata: 1, remove: 2, txnPartition: 3, pendingOffsets: 4 } as const;

export function encodeTxnRecord(r: TxnRecord): Buffer {
  const w = new Writer(128);
  w.int8(CODES[r.type]);
  switch (r.type) {
    case 'metadata': {
      const m = r.meta;
      w.string(m.transactionalId).int64(m.producerId).int64(m.lastProducerId).int16(m.producerEpoch).int16(m.lastProducerEpoch);
      w.int32(m.timeoutMs).int8(TXN_STATE_IDS[m.state]).int64(m.startTimestamp).int64(m.lastUpdateTimestamp);
      w.int32(m.partitions.size);
      for (const p of m.partitions.values()) w.string(p.topic).int32(p.partition);
      w.int32(m.groups.size);
      for (const g of m.groups) w.string(g);
      break;
    }
    case 'remove':
      w.string(r.transactionalId);
      break;
    case 'txnPartition':
      w.string(r.topicId).string(r.topic).int32(r.partition);
      break;
    case 'pendingOffsets':
      w.string(r.transactionalId).int64(r.producerId).string(r.groupId).int32(r.offsets.length);
      for (const o of r.offsets) {
        w.string(o.topic).int32(o.partition).int64(o.value.offset).int32(o.value.leaderEpoch);
        w.nullableString(o.value.metadata).int64(o.value.commitTimestamp);
      }
      break;
  }
  return w.toBuffer();
}

/** Throws DecodeError on anything that does not parse exactly. */
export function decodeTxnRecord(payload: Buffer): TxnRecord {
  const r = new Reader(payload);
  const code = r.int8();
  let record: TxnRecord;
  switch (code) {
    case CODES.metadata: {
      const transactionalId = r.string();
      const producerId = r.int64();
      const lastProducerId = r.int64();
      const producerEpoch = r.int16();
      const lastProducerEpoch = r.int16();
      const timeoutMs = r.int32();
      const state = txnStateFromIdOrThrow(r.int8());
      const startTimestamp = r.int64();
      const lastUpdateTimestamp = r.int64();
      const partitions = new Map<string, { topic: string; partition: number }>();
      for (let i = count(r); i > 0; i--) {
        const topic = r.string();
        const partition = r.int32();
        partitions.set(partitionKey(topic, partition), { topic, partition });
      }
      const groups = new Set<string>();
      for (let i = count(r); i > 0; i--) groups.add(r.string());
      record = {
        type: 'metadata',
        meta: { transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch, timeoutMs, state, partitions, groups, startTimestamp, lastUpdateTimestamp },
      };
      break;
    }
    case CODES.remove:
      record = { type: 'remove', transactionalId: r.string() };
      break;
    case CODES.txnPartition:
      record = { type: 'txnPartition', topicId: r.string(), topic: r.string(), partition: r.int32() };
      break;
    case CODES.pendingOffsets: {
      const transactionalId = r.string();
      const producerId = r.int64();
      const groupId = r.string();
      const offsets: PendingOffset[] = [];
      for (let i = count(r); i > 0; i--) {
        const topic = r.string();
        const partition = r.int32();
        const value = { offset: r.int64(), leaderEpoch: r.int32(), metadata: r.nullableString(), commitTimestamp: r.int64() };
        offsets.push({ topic, partition, value });
      }
      record = { type: 'pendingOffsets', transactionalId, producerId, groupId, offsets };
      break;
    }
    default:
      throw new DecodeError(`unknown transaction record type ${code}`);
  }
  if (r.remaining() !== 0) throw new DecodeError(`${r.remaining()} bytes after the record`);
  return record;
}

function count(r: Reader): number {
  const n = r.int32();
  if (n < 0 || n > r.remaining()) throw new DecodeError(`implausible count ${n}`);
  return n;
}

function txnStateFromIdOrThrow(id: number) {
  try {
    return txnStateFromId(id);
  } catch (err) {
    throw new DecodeError((err as Error).message);
  }
}
