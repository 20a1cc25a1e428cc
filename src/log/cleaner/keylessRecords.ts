/**
 * Compacted topics keep the latest record per key, so a record without a key has no place in
 * them: Kafka's LogValidator rejects the whole batch with INVALID_RECORD and one record error per
 * keyless record. This needs the records decoded (decompressed), which Produce does for
 * compacted topics only; other topics stay zero-decode.
 */
import type { BatchIndexAndErrorMessage } from '../../../wire/apis/Produce';
import { ErrorCode } from '../../../wire/errors';
import { storedRecords } from './storedRecords';

export interface KeylessRejection {
  errorMessage: string;
  recordErrors: BatchIndexAndErrorMessage[];
}

/** Null when every record of the batch has a key; else Kafka's error message and record errors. Throws on undecodable records. */
export function keylessRecordErrors(batch: Buffer, topicPartition: string): KeylessRejection | null {
  const recordErrors: BatchIndexAndErrorMessage[] = [];
  storedRecords(batch).forEach((record, batchIndex) => {
    if (record.key === null) {
      recordErrors.push({ batchIndex, batchIndexErrorMessage: `Compacted topic cannot accept message without key in topic partition ${topicPartition}.` });
    }
  });
  if (recordErrors.length === 0) return null;
  // Kafka's LogValidator.processRecordErrors wording, with RecordError's toString.
  const shown = recordErrors.slice(0, 3).map((e) => `RecordError(batchIndex=${e.batchIndex}, message='${e.batchIndexErrorMessage}')`);
  return {
    errorMessage: `One or more records have been rejected due to ${recordErrors.length} record errors in total, and only showing the first three errors at most: [${shown.join(', ')}]`,
    recordErrors,
  };
}

/** For Produce: the rejection of a batch with keyless (or undecodable) records, or null to append it. */
export function rejectKeyless(batch: Buffer, topicPartition: string): (KeylessRejection & { errorCode: ErrorCode }) | null {
  try {
    const rejection = keylessRecordErrors(batch, topicPartition);
    return rejection && { errorCode: ErrorCode.INVALID_RECORD, ...rejection };
  } catch (err) {
    return { errorCode: ErrorCode.CORRUPT_MESSAGE, errorMessage: `Record batch is corrupt: cannot decode its records (${(err as Error).message})`, recordErrors: [] };
  }
}
