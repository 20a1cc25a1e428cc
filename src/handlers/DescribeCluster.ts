/**
 * DescribeCluster (KIP-700): the cluster id, the controller and the alive brokers, as Metadata
 * names them. v1 asks which endpoints are wanted: this is a broker endpoint, so a request for
 * controllers gets MISMATCHED_ENDPOINT_TYPE, any other type UNSUPPORTED_ENDPOINT_TYPE (KIP-919).
 */
import { DescribeCluster, DescribeClusterRequest, DescribeClusterResponse } from '../../wire/apis/DescribeCluster';
import { ErrorCode } from '../../wire/errors';
import { defineHandler } from './types';

const BROKERS_ENDPOINT = 1;
const CONTROLLERS_ENDPOINT = 2;
/** Kafka's codes (not yet in wire/errors.ts). */
const MISMATCHED_ENDPOINT_TYPE = 114;
const UNSUPPORTED_ENDPOINT_TYPE = 115;

const OPERATIONS_NOT_REQUESTED = -2147483648;
/**
 * Without an authorizer Kafka allows every cluster operation: CREATE 5, ALTER 7, DESCRIBE 8,
 * CLUSTER_ACTION 9, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11, IDEMPOTENT_WRITE 12, CREATE_TOKENS 13,
 * DESCRIBE_TOKENS 14.
 */
const ALL_CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12, 13, 14].reduce((bits, op) => bits | (1 << op), 0);

export default defineHandler<DescribeClusterRequest, DescribeClusterResponse>({
  api: DescribeCluster,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const { cluster, clusterId } = ctx.broker;
    const response: DescribeClusterResponse = {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType: request.endpointType,
      clusterId,
      controllerId: cluster.controllerId(),
      brokers: cluster.aliveNodes().map((n) => ({ brokerId: n.nodeId, host: n.host, port: n.port, rack: null })),
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? ALL_CLUSTER_OPERATIONS : OPERATIONS_NOT_REQUESTED,
    };
    if (ctx.apiVersion >= 1 && request.endpointType !== BROKERS_ENDPOINT) {
      const mismatched = request.endpointType === CONTROLLERS_ENDPOINT;
      return {
        ...response,
        errorCode: mismatched ? MISMATCHED_ENDPOINT_TYPE : UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: mismatched
          ? 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER'
          : `Unsupported endpoint type ${request.endpointType}`,
        controllerId: -1,
        brokers: [],
      };
    }
    return response;
  },
});
