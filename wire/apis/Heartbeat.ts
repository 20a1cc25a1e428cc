/**
 * Heartbeat (key 12), versions 0-4, flexible from 4.
 *
 * v1 adds throttle time. v3 adds GroupInstanceId (static membership). Errors: 27
 * REBALANCE_IN_PROGRESS (rejoin), 22 ILLEGAL_GENERATION, 25 UNKNOWN_MEMBER_ID.
 */
import { api, field, message } from '../schema';

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+, nullable, default null. */
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
}

export const Heartbeat = api(
  message('request', 'HeartbeatRequest', 12, '0-4', '4+', [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
  ]),
  message('response', 'HeartbeatResponse', 12, '0-4', '4+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
  ]),
);
