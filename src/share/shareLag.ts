/**
 * A share-partition's lag as Kafka reports it (KIP-1226, DescribeShareGroupOffsets v1 and
 * kafka-share-groups.sh): records from the start offset up to the log end (high watermark, or
 * last stable offset) that are not yet acknowledged or archived — those not fetched yet plus
 * those in flight that are available or acquired.
 */
import type { SharePartitionSummary } from './contracts';

export function shareLag(s: SharePartitionSummary): number {
  return s.lag + s.available + s.acquired;
}
