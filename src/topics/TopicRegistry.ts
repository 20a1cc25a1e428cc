/**
 * The topic registry: which topics exist, their ids, partitions and configs, persisted in
 * `topics.json` in the data dir or MemoryVolume (replaced atomically), and the open log of every
 * partition.
 */
import { randomBytes } from 'node:crypto';
import { AppendResult, LogConfig, PartitionLog } from '../log/PartitionLog';
import { ProducerStateManager } from '../producers/ProducerStateManager';
import { volumeAt } from '../storage/DiskVolume';
import type { StateVolume } from '../storage/StateVolume';
import { logConfigFor } from './configs';
import { DEFAULT_TOPIC_DEFAULTS, EffectiveTopicConfig, effectiveTopicConfig } from './topicConfig';

/** Kafka's message.max.bytes default, for registries built without a broker config (tools, tests). */
const DEFAULT_MESSAGE_MAX_BYTES = 1048588;
import { collisionKey } from './names';

/** Opens and removes partition logs: DiskStorage, or MemoryStorage for --in-memory. */
export interface LogStorage {
  open(topic: string, partition: number, config: LogConfig): PartitionLog;
  remove(topic: string, partition: number): void;
}

export class Partition {
  private readonly appendListeners = new Set<() => void>();
  /** Idempotent and transactional producers' epochs and last batches, rebuilt from the log on open. */
  readonly producers: ProducerStateManager;

  constructor(
    readonly topic: Topic,
    readonly index: number,
    readonly log: PartitionLog,
  ) {
    this.producers = ProducerStateManager.rebuild(log);
  }

  /**
   * Append one validated batch and record it in the producer state. Everything that writes
   * batches with a producer id (Produce, transaction markers) appends through here.
   */
  append(batch: Buffer): AppendResult {
    const result = this.log.append(batch);
    this.producers.onAppended(batch);
    return result;
  }

  private epoch = 0;
  /** The log end offset when each leader epoch after 0 began (OffsetForLeaderEpoch); not persisted. */
  readonly epochStartOffsets = new Map<number, number>();

  /** Bumped by the cluster view (src/cluster) each time the partition's leader changes. */
  get leaderEpoch(): number {
    return this.epoch;
  }

  set leaderEpoch(epoch: number) {
    this.epoch = epoch;
    this.epochStartOffsets.set(epoch, this.log.logEndOffset);
  }

  /** Called after every append, and when the partition goes away, so long polls can wake up. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  notifyAppended(): void {
    for (const listener of [...this.appendListeners]) listener();
  }
}

export class Topic {
  readonly partitions: Partition[] = [];
  /** Set once the topic is deleted, for requests that still hold it (long polls). */
  deleted = false;

  constructor(
    readonly name: string,
    readonly id: string,
    readonly configs: Record<string, string>,
    /** The configs as the broker applies them (topic settings over broker defaults), kept current by the registry. */
    public settings: EffectiveTopicConfig,
  ) {}
}

interface StoredTopic {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
}

const REGISTRY_FILE = 'topics.json';

/** A random Kafka UUID (URL-safe base64, 22 characters), never the all-zero one. */
export function newUuid(): string {
  let bytes: Buffer;
  do bytes = randomBytes(16);
  while (bytes.every((b) => b === 0));
  return bytes.toString('base64url');
}

export class TopicRegistry {
  private readonly byName = new Map<string, Topic>();
  private readonly byId = new Map<string, Topic>();
  private readonly volume: StateVolume;

  /** `volume`: where topics.json is kept; a path means that data dir on disk. */
  constructor(
    volume: StateVolume | string,
    private readonly storage: LogStorage,
    private readonly logDefaults: LogConfig,
    /** How a topic's configs apply on this broker: its defaults filled in (config.ts topicDefaults). */
    private readonly settingsOf: (configs: Record<string, string>) => EffectiveTopicConfig = (configs) =>
      effectiveTopicConfig(DEFAULT_TOPIC_DEFAULTS, DEFAULT_MESSAGE_MAX_BYTES, configs),
  ) {
    this.volume = volumeAt(volume);
  }

  /** Read the registry and open every partition's log (running recovery). */
  load(): void {
    const content = this.volume.read(REGISTRY_FILE);
    if (content === null) return;
    const stored = JSON.parse(content) as { topics: StoredTopic[] };
    for (const t of stored.topics) this.instantiate(t);
  }

  get(name: string): Topic | undefined {
    return this.byName.get(name);
  }

  getById(id: string): Topic | undefined {
    return this.byId.get(id);
  }

  list(): Topic[] {
    return [...this.byName.values()];
  }

  /** An existing topic whose name differs from this one only by '.' versus '_', if any. */
  collidingWith(name: string): Topic | undefined {
    const key = collisionKey(name);
    return this.list().find((t) => t.name !== name && collisionKey(t.name) === key);
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.byName.get(topic)?.partitions[index];
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}): Topic {
    if (this.byName.has(name)) throw new Error(`topic ${name} exists`);
    // A crash during an earlier delete can leave a partition directory behind: never reuse it.
    for (let i = 0; i < partitions; i++) this.storage.remove(name, i);
    const topic = this.instantiate({ name, id: newUuid(), partitions, configs });
    this.save();
    return topic;
  }

  delete(name: string): void {
    const topic = this.byName.get(name);
    if (!topic) return;
    this.byName.delete(name);
    this.byId.delete(topic.id);
    topic.deleted = true;
    this.save();
    for (const p of topic.partitions) {
      p.log.close();
      this.storage.remove(name, p.index);
      p.notifyAppended(); // wake long polls so they answer without this partition
    }
  }

  /**
   * Replace a topic's configs (AlterConfigs, IncrementalAlterConfigs): persisted, then applied:
   * its settings are recomputed and its logs use the new segment settings from their next roll.
   */
  replaceConfigs(name: string, configs: Record<string, string>): Topic {
    const topic = this.byName.get(name);
    if (!topic) throw new Error(`topic ${name} does not exist`);
    for (const key of Object.keys(topic.configs)) delete topic.configs[key];
    Object.assign(topic.configs, configs);
    this.save();
    topic.settings = this.settingsOf(topic.configs);
    const logConfig = logConfigFor(this.logDefaults, topic.configs);
    for (const p of topic.partitions) p.log.reconfigure?.(logConfig);
    return topic;
  }

  /** CreatePartitions: open logs for partitions count..newCount−1 and persist the new count. Returns the new partitions. */
  addPartitions(name: string, newCount: number): Partition[] {
    const topic = this.byName.get(name);
    if (!topic) throw new Error(`topic ${name} does not exist`);
    const config = logConfigFor(this.logDefaults, topic.configs);
    const added: Partition[] = [];
    for (let i = topic.partitions.length; i < newCount; i++) {
      this.storage.remove(name, i); // never reuse a directory a crashed delete left behind
      added.push(new Partition(topic, i, this.storage.open(name, i, config)));
    }
    topic.partitions.push(...added);
    this.save();
    return added;
  }

  close(): void {
    for (const topic of this.byName.values()) for (const p of topic.partitions) p.log.close();
  }

  flush(): void {
    for (const topic of this.byName.values()) for (const p of topic.partitions) p.log.flush();
  }

  private instantiate(t: StoredTopic): Topic {
    const topic = new Topic(t.name, t.id, { ...t.configs }, this.settingsOf(t.configs));
    const config = logConfigFor(this.logDefaults, topic.configs);
    for (let i = 0; i < t.partitions; i++) {
      topic.partitions.push(new Partition(topic, i, this.storage.open(t.name, i, config)));
    }
    this.byName.set(topic.name, topic);
    this.byId.set(topic.id, topic);
    return topic;
  }

  private save(): void {
    const topics: StoredTopic[] = this.list().map((t) => ({
      name: t.name,
      id: t.id,
      partitions: t.partitions.length,
      configs: t.configs,
    }));
    this.volume.write(REGISTRY_FILE, JSON.stringify({ version: 1, topics }, null, 2));
  }
}
