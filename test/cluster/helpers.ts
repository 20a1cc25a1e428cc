/** Shared by the cluster tests: connecting to a given node, and the requests they all make. */
import type { EmbeddedCluster } from '../../src/cluster/startCluster';
import { Metadata, MetadataResponse } from '../../wire/apis/Metadata';
import { ZERO_UUID } from '../../wire/io';
import { ClientPool, TestClient } from '../server/client';

/** Connects to one node of the cluster by node id. */
export function connectTo(pool: ClientPool, cluster: EmbeddedCluster, nodeId: number): Promise<TestClient> {
  const node = cluster.nodes.find((n) => n.nodeId === nodeId);
  if (!node) throw new Error(`no node ${nodeId}`);
  return pool.connect(node.port);
}

/** Metadata for the given topics (v0 asks by name only; v10+ by name with a zero id). */
export function metadata(c: TestClient, version: number, topics: string[]): Promise<MetadataResponse> {
  return c.request(Metadata, version, {
    topics: topics.map((name) => ({ topicId: ZERO_UUID, name })),
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
}

/** The node ids other than these. */
export function otherNodes(cluster: EmbeddedCluster, ...nodeIds: number[]): number[] {
  return cluster.nodes.map((n) => n.nodeId).filter((id) => !nodeIds.includes(id));
}
