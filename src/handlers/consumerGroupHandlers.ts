/** The KIP-848 consumer group APIs: ConsumerGroupHeartbeat (68) and ConsumerGroupDescribe (69). */
import ConsumerGroupDescribe from './ConsumerGroupDescribe';
import ConsumerGroupHeartbeat from './ConsumerGroupHeartbeat';
import type { Handler } from './types';

export const CONSUMER_GROUP_HANDLERS: readonly Handler[] = [ConsumerGroupHeartbeat, ConsumerGroupDescribe];
