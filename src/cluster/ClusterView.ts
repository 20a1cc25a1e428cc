/**
 * The cluster as clients see it: which nodes exist and are up, which node leads each partition
 * (and at which leader epoch), and which node coordinates each group and transactional id.
 *
 * Every node serves the same shared state: replication is logical (one log per partition), so a
 * leader change only moves which node may answer for the partition. Assignment follows Kafka's
 * rack-unaware placement: partition p of a topic is led by the node at (start + p) mod N, start
 * derived from the topic's name, and every node is a replica (leader first, then the next ones
 * round the ring). The ISR is the alive replicas. A cluster of one node behaves as a plain broker.
 */
import type { Logger } from 'pino';
import type { TopicRegistry } from '../topics/TopicRegistry';

export interface ClusterNode {
  readonly nodeId: number;
  /** The host clients are told to connect to (advertised). */
  readonly host: string;
  /** The port this node listens on (the one actually bound when asked for 0). */
  port: number;
  /** False while the node is stopped: it is then left out of Metadata and leads nothing. */
  alive: boolean;
}

/** What leadership needs of a partition: a topic's, or one of the coordinators' internal ones. */
export interface LedPartition {
  readonly topic: { readonly name: string };
  readonly index: number;
  leaderEpoch: number;
  /** Wakes long polls waiting on the partition, so they see its new leader at once. */
  notifyAppended?(): void;
}

export interface PartitionLeadership {
  /** NO_LEADER when no replica is alive. */
  readonly leader: number;
  readonly leaderEpoch: number;
  /** Every node, preferred leader first. */
  readonly replicas: number[];
  readonly isr: number[];
  /** Replicas on stopped nodes. */
  readonly offline: number[];
}

/** Kafka's leader id for a partition without one. */
export const NO_LEADER = -1;

/** FindCoordinator's key types. */
export enum CoordinatorType {
  Group = 0,
  Transaction = 1,
}

/** offsets.topic.num.partitions and transaction.state.log.num.partitions (both 50 in Kafka). */
export const COORDINATOR_PARTITIONS = 50;
const COORDINATOR_TOPICS: Record<CoordinatorType, string> = {
  [CoordinatorType.Group]: '__consumer_offsets',
  [CoordinatorType.Transaction]: '__transaction_state',
};

/** Java's String.hashCode, through Kafka's Utils.abs (which maps MIN_VALUE to 0). */
export function kafkaAbsHash(s: string): number {
  let hash = 0;
  for (let i = 0; i < s.length; i++) hash = (Math.imul(hash, 31) + s.charCodeAt(i)) | 0;
  return hash === -2147483648 ? 0 : Math.abs(hash);
}

export class ClusterView {
  /** Sorted by node id: the ring that replicas are placed on. */
  readonly nodes: readonly ClusterNode[];
  /** Current leader of each partition seen so far; absent means "first alive replica". */
  private readonly leaders = new WeakMap<LedPartition, number>();
  private readonly coordinatorPartitions: Record<CoordinatorType, LedPartition[]>;

  constructor(
    nodes: readonly ClusterNode[],
    private readonly topics: TopicRegistry,
    private readonly logger: Logger,
  ) {
    if (nodes.length === 0) throw new Error('a cluster needs at least one node');
    this.nodes = [...nodes].sort((a, b) => a.nodeId - b.nodeId);
    const internal = (type: CoordinatorType): LedPartition[] =>
      Array.from({ length: COORDINATOR_PARTITIONS }, (_, index) => ({ topic: { name: COORDINATOR_TOPICS[type] }, index, leaderEpoch: 0 }));
    this.coordinatorPartitions = {
      [CoordinatorType.Group]: internal(CoordinatorType.Group),
      [CoordinatorType.Transaction]: internal(CoordinatorType.Transaction),
    };
  }

  node(nodeId: number): ClusterNode | undefined {
    return this.nodes.find((n) => n.nodeId === nodeId);
  }

  aliveNodes(): ClusterNode[] {
    return this.nodes.filter((n) => n.alive);
  }

  /** Kafka (KRaft) names any alive broker as controller in Metadata; we name the lowest id. */
  controllerId(): number {
    return this.nodes.find((n) => n.alive)?.nodeId ?? NO_LEADER;
  }

  // ---- Partitions ------------------------------------------------------------------------------

  /** Every node, from the preferred leader round the ring. */
  replicasOf(p: LedPartition): number[] {
    const n = this.nodes.length;
    const first = (kafkaAbsHash(p.topic.name) + p.index) % n;
    return Array.from({ length: n }, (_, i) => this.nodes[(first + i) % n].nodeId);
  }

  leaderOf(p: LedPartition): number {
    let leader = this.leaders.get(p);
    if (leader === undefined) {
      leader = this.firstAliveReplica(p);
      this.leaders.set(p, leader);
    }
    return leader;
  }

  /** Whether nodeId may answer for the partition as its leader (Produce, ListOffsets, ...). */
  leads(nodeId: number, p: LedPartition): boolean {
    return this.leaderOf(p) === nodeId;
  }

  leadership(p: LedPartition): PartitionLeadership {
    const replicas = this.replicasOf(p);
    const alive = (id: number) => this.node(id)?.alive === true;
    return {
      leader: this.leaderOf(p),
      leaderEpoch: p.leaderEpoch,
      replicas,
      isr: replicas.filter(alive),
      offline: replicas.filter((id) => !alive(id)),
    };
  }

  /** The alive node with this id as clients address it, or null (KIP-951's node endpoints). */
  endpoint(nodeId: number): { nodeId: number; host: string; port: number; rack: null } | null {
    const node = this.node(nodeId);
    return node?.alive ? { nodeId, host: node.host, port: node.port, rack: null } : null;
  }

  // ---- Coordinators ----------------------------------------------------------------------------

  /**
   * As Kafka: the key's partition of the internal topic is abs(key.hashCode) % 50 and its leader
   * coordinates the key. Null if that partition has no leader.
   */
  coordinatorFor(type: CoordinatorType, key: string): ClusterNode | null {
    const partition = this.coordinatorPartitions[type][kafkaAbsHash(key) % COORDINATOR_PARTITIONS];
    const leader = this.leaderOf(partition);
    return leader === NO_LEADER ? null : this.node(leader)!;
  }

  coordinates(nodeId: number, type: CoordinatorType, key: string): boolean {
    return this.coordinatorFor(type, key)?.nodeId === nodeId;
  }

  // ---- Changes ---------------------------------------------------------------------------------

  /** A node goes down: it leaves the ISR, and each partition it led moves to the first alive replica. */
  stopNode(nodeId: number): void {
    const node = this.requireNode(nodeId);
    if (!node.alive) return;
    const led = this.allPartitions().filter((p) => this.leaderOf(p) === nodeId);
    node.alive = false;
    for (const p of led) this.setLeader(p, this.firstAliveReplica(p));
    this.logger.info({ node: nodeId, partitionsMoved: led.length }, 'node stopped; its partitions have new leaders');
  }

  /**
   * A node comes back and rejoins every ISR. It leads only partitions left without a leader, as in
   * Kafka before a preferred leader election (see electPreferredLeaders).
   */
  startNode(nodeId: number): void {
    const node = this.requireNode(nodeId);
    if (node.alive) return;
    node.alive = true;
    for (const p of this.allPartitions()) if (this.leaderOf(p) === NO_LEADER) this.setLeader(p, this.firstAliveReplica(p));
    this.logger.info({ node: nodeId }, 'node started');
  }

  /** Make nodeId the partition's leader (it must be alive); the leader epoch goes up. */
  moveLeader(p: LedPartition, nodeId: number): void {
    const node = this.requireNode(nodeId);
    if (!node.alive) {
      throw new Error(`minikafka: cannot move the leader of ${p.topic.name}-${p.index} to node ${nodeId}: the node is stopped; start it first`);
    }
    this.setLeader(p, nodeId);
  }

  /** Kafka's preferred leader election: every partition whose preferred replica is alive moves back to it. */
  electPreferredLeaders(): number {
    let moved = 0;
    for (const p of this.allPartitions()) {
      const preferred = this.replicasOf(p)[0];
      if (this.node(preferred)!.alive && this.leaderOf(p) !== preferred) {
        this.setLeader(p, preferred);
        moved++;
      }
    }
    return moved;
  }

  /** A topic's partition or one of the internal coordinator partitions, by name. */
  partition(topic: string, index: number): LedPartition | undefined {
    for (const type of [CoordinatorType.Group, CoordinatorType.Transaction]) {
      if (topic === COORDINATOR_TOPICS[type]) return this.coordinatorPartitions[type][index];
    }
    return this.topics.partition(topic, index);
  }

  private setLeader(p: LedPartition, leader: number): void {
    if (this.leaderOf(p) === leader) return;
    this.leaders.set(p, leader);
    p.leaderEpoch++;
    this.logger.debug({ topic: p.topic.name, partition: p.index, leader, leaderEpoch: p.leaderEpoch }, 'new partition leader');
    p.notifyAppended?.();
  }

  private firstAliveReplica(p: LedPartition): number {
    return this.replicasOf(p).find((id) => this.node(id)!.alive) ?? NO_LEADER;
  }

  private allPartitions(): LedPartition[] {
    const topics = this.topics.list().flatMap((t): LedPartition[] => t.partitions);
    return [...topics, ...this.coordinatorPartitions[CoordinatorType.Group], ...this.coordinatorPartitions[CoordinatorType.Transaction]];
  }

  private requireNode(nodeId: number): ClusterNode {
    const node = this.node(nodeId);
    if (!node) {
      const ids = this.nodes.map((n) => n.nodeId).join(', ');
      throw new Error(`minikafka: there is no node ${nodeId} in this cluster (its nodes are ${ids})`);
    }
    return node;
  }
}
