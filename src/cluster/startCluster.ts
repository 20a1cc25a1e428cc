/**
 * The embedding API for a multi-broker cluster in one process: N nodes with their own ports and
 * node ids over one shared state, partition leaders spread across them, and the controls a test
 * needs to watch clients fail over (stop and start nodes, move leaders).
 */
import { Broker, NodeInfo } from '../broker';
import { startEmbedded, StartBrokerOptions } from '../embedded';
import type { FaultInjector } from '../faults/FaultInjector';
import { CoordinatorType, LedPartition } from './ClusterView';

export interface StartClusterOptions extends StartBrokerOptions {
  /**
   * How many broker nodes; default 3. Node ids count up from config.nodeId (1), ports from port
   * (port, port+1, ...; with port 0, the default, each node gets a free one).
   */
  brokers?: number;
}

export interface EmbeddedCluster {
  /** `host:port` of every running node: the bootstrap list for clients. */
  readonly brokers: string[];
  /** Every node, running or stopped. */
  readonly nodes: NodeInfo[];
  /** The data directory shared by all nodes; ':memory:' for an in-memory cluster. */
  readonly dataDir: string;
  /** The console's URL when httpPort is set, else null (one console for the cluster). */
  readonly httpUrl: string | null;
  /** Fault injection rules, for every node (a rule can match on the node that receives). */
  readonly faults: FaultInjector;
  /** Take a node down: its partitions' leadership moves to the next alive replica, then its connections close. */
  stopBroker(nodeId: number): Promise<void>;
  /** Bring a stopped node back on its port; it leads nothing until leaders move to it. */
  startBroker(nodeId: number): Promise<void>;
  /**
   * Make a running node the partition's leader (the leader epoch goes up); clients get
   * NOT_LEADER_OR_FOLLOWER from the old one. On a partition of __consumer_offsets or
   * __transaction_state this moves the coordinator of the groups or transactional ids there.
   */
  moveLeader(topic: string, partition: number, toNodeId: number): void;
  /** The node leading the partition now, or -1 if none is running. */
  leaderOf(topic: string, partition: number): number;
  /** The node coordinating the consumer group now (as FindCoordinator answers), or -1. */
  groupCoordinator(groupId: string): number;
  /** The node coordinating the transactional id now, or -1. */
  transactionCoordinator(transactionalId: string): number;
  /** Move every partition whose preferred replica runs back to it (Kafka's preferred leader election); returns how many moved. */
  electPreferredLeaders(): number;
  /** Stop every node; removes the data directory if it was a temporary one and keepData is not set. */
  stop(): Promise<void>;
}

export async function startCluster(options: StartClusterOptions = {}): Promise<EmbeddedCluster> {
  const { broker, dataDir, removeData } = await startEmbedded(options, 'minikafka-cluster-', options.brokers ?? 3);

  const partition = (topic: string, index: number): LedPartition => {
    const found = broker.cluster.partition(topic, index);
    if (!found) throw new Error(`minikafka: there is no partition ${index} of topic '${topic}'; create the topic first (topics option or CreateTopics)`);
    return found;
  };
  let stopped = false;
  return {
    get brokers() {
      return broker.brokers;
    },
    get nodes() {
      return broker.nodes;
    },
    dataDir,
    get httpUrl() {
      return broker.httpUrl;
    },
    get faults() {
      return broker.faults;
    },
    stopBroker: (nodeId) => broker.stopNode(nodeId),
    startBroker: (nodeId) => broker.startNode(nodeId),
    moveLeader: (topic, index, toNodeId) => broker.cluster.moveLeader(partition(topic, index), toNodeId),
    leaderOf: (topic, index) => broker.cluster.leaderOf(partition(topic, index)),
    groupCoordinator: (groupId) => broker.cluster.coordinatorFor(CoordinatorType.Group, groupId)?.nodeId ?? -1,
    transactionCoordinator: (id) => broker.cluster.coordinatorFor(CoordinatorType.Transaction, id)?.nodeId ?? -1,
    electPreferredLeaders: () => broker.cluster.electPreferredLeaders(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await broker.stop();
      removeData();
    },
  };
}
