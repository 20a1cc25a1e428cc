/** The share group APIs (KIP-932): 76-79 at v1 (Kafka 4.1+ dropped the early-access v0) and 90-92. */
import AlterShareGroupOffsets from './AlterShareGroupOffsets';
import DeleteShareGroupOffsets from './DeleteShareGroupOffsets';
import DescribeShareGroupOffsets from './DescribeShareGroupOffsets';
import ShareAcknowledge from './ShareAcknowledge';
import ShareFetch from './ShareFetch';
import ShareGroupDescribe from './ShareGroupDescribe';
import ShareGroupHeartbeat from './ShareGroupHeartbeat';
import type { Handler } from './types';

export const SHARE_HANDLERS: readonly Handler[] = [
  ShareGroupHeartbeat,
  ShareGroupDescribe,
  ShareFetch,
  ShareAcknowledge,
  DescribeShareGroupOffsets,
  AlterShareGroupOffsets,
  DeleteShareGroupOffsets,
];
