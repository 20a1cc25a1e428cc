/**
 * DescribeCluster (key 60), versions 0-1, flexible in all versions.
 *
 * The admin client's cluster description (KIP-700): cluster id, controller, brokers with racks.
 * v1 adds EndpointType (1 = brokers, 2 = controllers, KIP-919); a broker asked for controllers
 * answers MISMATCHED_ENDPOINT_TYPE, an unknown type UNSUPPORTED_ENDPOINT_TYPE (v1+ only).
 * ClusterAuthorizedOperations is INT32_MIN when not requested.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DescribeClusterRequest {
  includeClusterAuthorizedOperations: boolean;
  /** v1+, default 1 (brokers); 2 = controllers. */
  endpointType: number;
}

export interface DescribeClusterBroker {
  brokerId: number;
  host: string;
  port: number;
  /** Nullable, default null. */
  rack: string | null;
}

export interface DescribeClusterResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** Nullable, default null. */
  errorMessage: string | null;
  /** v1+, default 1. */
  endpointType: number;
  clusterId: string;
  /** Default -1. */
  controllerId: number;
  brokers: DescribeClusterBroker[];
  /** Bitfield; default -2147483648 (not requested). */
  clusterAuthorizedOperations: number;
}

export const DescribeCluster = api(
  message('request', 'DescribeClusterRequest', 60, '0-1', '0+', [
    field('includeClusterAuthorizedOperations', 'bool', '0+'),
    field('endpointType', 'int8', '1+', { default: 1 }),
  ]),
  message('response', 'DescribeClusterResponse', 60, '0-1', '0+', [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('endpointType', 'int8', '1+', { default: 1 }),
    field('clusterId', 'string', '0+'),
    field('controllerId', 'int32', '0+', { default: -1 }),
    field(
      'brokers',
      arrayOf([
        field('brokerId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '0+', { nullable: '0+', default: null }),
      ]),
      '0+',
    ),
    field('clusterAuthorizedOperations', 'int32', '0+', { default: -2147483648 }),
  ]),
);
