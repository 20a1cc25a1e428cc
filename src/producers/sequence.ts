/**
 * Producer sequence numbers are int32 and wrap from 2^31-1 to 0, per producer and partition
 * (Kafka's DefaultRecordBatch.incrementSequence and ProducerAppendInfo.inSequence).
 */
export const INT32_MAX = 0x7fffffff;

/** sequence + increment, wrapping past Int32.MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** True when nextSeq directly follows lastSeq. */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}
