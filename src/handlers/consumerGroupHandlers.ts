/** The KIP-848 consumer group APIs (ConsumerGroupHeartbeat, ConsumerGroupDescribe), once implemented. */
import type { Handler } from './types';

export const CONSUMER_GROUP_HANDLERS: readonly Handler[] = [];
