/**
 * FindCoordinator (key 10), versions 0-6, flexible from 3.
 *
 * Which broker coordinates a group (KeyType 0), a transactional id (1) or, from v6, a share-group
 * partition key "groupId:topicId:partition" (2, KIP-932). v1 adds KeyType and, in the response,
 * throttle time and an error message. v4 batches (KIP-699): the request carries CoordinatorKeys
 * instead of Key and the response one Coordinators entry per key; the single-key fields exist only
 * in v0-3. v5 may return TRANSACTION_ABORTABLE (KIP-890).
 */
import { api, arrayOf, field, message } from '../schema';

export interface FindCoordinatorRequest {
  /** v0-3. The group id or transactional id. */
  key: string;
  /** v1+. 0 = group, 1 = transaction, 2 = share group (v6+). */
  keyType: number;
  /** v4+. */
  coordinatorKeys: string[];
}

export interface FindCoordinatorResponseCoordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  /** Nullable. */
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  /** v1+. */
  throttleTimeMs: number;
  /** v0-3. */
  errorCode: number;
  /** v1-3, nullable. */
  errorMessage: string | null;
  /** v0-3. */
  nodeId: number;
  /** v0-3. */
  host: string;
  /** v0-3. */
  port: number;
  /** v4+, one per requested key. */
  coordinators: FindCoordinatorResponseCoordinator[];
}

export const FindCoordinator = api(
  message('request', 'FindCoordinatorRequest', 10, '0-6', '3+', [
    field('key', 'string', '0-3'),
    field('keyType', 'int8', '1+', { default: 0 }),
    field('coordinatorKeys', arrayOf('string'), '4+'),
  ]),
  message('response', 'FindCoordinatorResponse', 10, '0-6', '3+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0-3'),
    field('errorMessage', 'string', '1-3', { nullable: '1-3' }),
    field('nodeId', 'int32', '0-3'),
    field('host', 'string', '0-3'),
    field('port', 'int32', '0-3'),
    field(
      'coordinators',
      arrayOf([
        field('key', 'string', '4+'),
        field('nodeId', 'int32', '4+'),
        field('host', 'string', '4+'),
        field('port', 'int32', '4+'),
        field('errorCode', 'int16', '4+'),
        field('errorMessage', 'string', '4+', { nullable: '4+' }),
      ]),
      '4+',
    ),
  ]),
);
