/**
 * The message browser's reads: records of one partition from an offset, decoded, with
 * transaction markers and the outcome of transactional records. Reads the log in this process,
 * as Fetch would, but decodes records (never done on the hot path).
 */
import { readControlRecord } from '../../wire/controlRecords';
import { BatchInfo, batchInfo, lastOffsetOf as batchLastOffset, readRecords, RecordHeader } from '../../wire/records';
import type { BrokerState } from '../handlers/types';
import type { Partition } from '../topics/TopicRegistry';
import type { AbortedTxn } from '../transactions/PartitionTxnIndex';

/** Bytes of log read at a time while collecting rows. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** committed: not transactional, or its transaction committed. open: its transaction has not ended yet. */
export type RecordOutcome = 'committed' | 'aborted' | 'open';

export type MessageRow =
  | {
      kind: 'record';
      offset: number;
      timestamp: number;
      key: Buffer | null;
      value: Buffer | null;
      headers: RecordHeader[];
      outcome: RecordOutcome;
    }
  | { kind: 'marker'; offset: number; timestamp: number; commit: boolean; producerId: number }
  /** A batch the console cannot decode (a compression codec it lacks, or a malformed batch). */
  | { kind: 'undecodable'; offset: number; lastOffset: number; reason: string };

export interface MessagePage {
  rows: MessageRow[];
  /** Where the next page starts. */
  nextOffset: number;
}

/** Up to `limit` rows from `fromOffset` (in [logStartOffset, logEndOffset]). */
export function readMessages(state: BrokerState, partition: Partition, fromOffset: number, limit: number): MessagePage {
  const { log } = partition;
  const end = log.logEndOffset;
  const outcomes = new TransactionOutcomes(state, partition, fromOffset, end);
  const rows: MessageRow[] = [];
  let next = fromOffset;
  while (rows.length < limit && next < end) {
    const before = next;
    for (const batch of log.read(next, READ_CHUNK_BYTES)) {
      for (const row of rowsOf(batch, outcomes)) {
        if (lastOffsetOf(row) < next) continue;
        rows.push(row);
        if (rows.length === limit) break;
      }
      next = rows.length === limit ? lastOffsetOf(rows[limit - 1]) + 1 : Math.max(next, batchLastOffset(batch) + 1);
      if (rows.length === limit) break;
    }
    if (next === before) break; // never loop on a log that makes no progress
  }
  return { rows, nextOffset: Math.min(next, end) };
}

/** The rows of one batch: its records, its transaction marker, or why it cannot be shown. */
function rowsOf(batch: Buffer, outcomes: TransactionOutcomes): MessageRow[] {
  const info = batchInfo(batch);
  const lastOffset = info.baseOffset + info.lastOffsetDelta;
  if (info.control) {
    const marker = safely(() => readControlRecord(batch));
    if (marker instanceof Error) return [{ kind: 'undecodable', offset: info.baseOffset, lastOffset, reason: `malformed transaction marker (${marker.message})` }];
    // Other control records (KRaft's) mean nothing to a client and are not shown.
    return marker ? [{ kind: 'marker', offset: info.baseOffset, timestamp: info.maxTimestamp, commit: marker.commit, producerId: info.producerId }] : [];
  }
  const records = safely(() => readRecords(batch));
  if (records instanceof Error) return [{ kind: 'undecodable', offset: info.baseOffset, lastOffset, reason: `this batch could not be decoded (${records.message})` }];
  const outcome = outcomes.of(info);
  return records.map((r) => ({ kind: 'record', offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers, outcome }));
}

/** Whether a transactional batch's transaction committed, aborted or is still open. */
class TransactionOutcomes {
  private readonly aborted: AbortedTxn[];
  private readonly open: ReadonlyMap<number, number>;

  constructor(state: BrokerState, partition: Partition, from: number, to: number) {
    this.aborted = state.transactions.abortedTransactions(partition, from, to);
    this.open = state.transactions.openTransactions(partition);
  }

  of(batch: BatchInfo): RecordOutcome {
    if (!batch.transactional) return 'committed';
    const openFrom = this.open.get(batch.producerId);
    if (openFrom !== undefined && openFrom <= batch.baseOffset) return 'open';
    const aborted = this.aborted.some((a) => a.producerId === batch.producerId && a.firstOffset <= batch.baseOffset && batch.baseOffset < a.lastOffset);
    return aborted ? 'aborted' : 'committed';
  }
}

function lastOffsetOf(row: MessageRow): number {
  return row.kind === 'undecodable' ? row.lastOffset : row.offset;
}

function safely<T>(read: () => T): T | Error {
  try {
    return read();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
