/**
 * Group members driven over the wire with src/client/KafkaClient.ts, for the console and CLI
 * tests: a share group member (ShareGroupHeartbeat, ShareFetch, ShareAcknowledge) and a KIP-848
 * consumer group member (ConsumerGroupHeartbeat).
 */
import { randomBytes } from 'node:crypto';
import type { KafkaClient } from '../../src/client/KafkaClient';
import { ConsumerGroupHeartbeat, ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../wire/apis/ConsumerGroupHeartbeat';
import { IncrementalAlterConfigs, IncrementalAlterConfigsResponse } from '../../wire/apis/IncrementalAlterConfigs';
import { ShareAcknowledge, ShareAcknowledgeResponse } from '../../wire/apis/ShareAcknowledge';
import { ShareFetch, ShareFetchResponse } from '../../wire/apis/ShareFetch';
import { ShareGroupHeartbeat, ShareGroupHeartbeatResponse } from '../../wire/apis/ShareGroupHeartbeat';

export const ACCEPT = 1;
export const REJECT = 3;

/** A member id as clients choose it (KIP-1082): a random UUID in URL-safe base64. */
export const newMemberId = (): string => randomBytes(16).toString('base64url');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Set one group config (IncrementalAlterConfigs on the GROUP resource, type 32). */
export async function setGroupConfig(client: KafkaClient, groupId: string, name: string, value: string): Promise<void> {
  const res: IncrementalAlterConfigsResponse = await client.request(IncrementalAlterConfigs, client.version(IncrementalAlterConfigs), {
    resources: [{ resourceType: 32, resourceName: groupId, configs: [{ name, configOperation: 0, value }] }],
    validateOnly: false,
  });
  if (res.responses[0].errorCode !== 0) throw new Error(`setting ${name} on ${groupId}: error ${res.responses[0].errorCode}`);
}

/** One share group member on one connection, with its own share session. */
export class ShareMember {
  readonly memberId = newMemberId();
  memberEpoch = 0;
  private sessionEpoch = 0;

  constructor(
    private readonly client: KafkaClient,
    readonly groupId: string,
    private readonly topicId: string,
  ) {}

  /** Join, then heartbeat until assigned `partitions` partitions of the topic. */
  async join(topic: string, partitions: number): Promise<void> {
    let subscribed: string[] | null = [topic];
    for (let attempt = 0; attempt < 50; attempt++) {
      const res = await this.heartbeat(this.memberEpoch, subscribed);
      this.memberEpoch = res.memberEpoch;
      subscribed = null;
      if ((res.assignment?.topicPartitions.find((t) => t.topicId === this.topicId)?.partitions ?? []).length === partitions) return;
      await sleep(100);
    }
    throw new Error(`${this.memberId} was never assigned ${partitions} partitions`);
  }

  async leave(): Promise<void> {
    await this.heartbeat(-1, null);
  }

  /** ShareFetch from one partition until `count` records are acquired; the acquired offsets, each delivered `deliveryCount` times so far. */
  async acquire(partition: number, count: number, deliveryCount = 1): Promise<number[]> {
    const offsets: number[] = [];
    for (let attempt = 0; attempt < 20 && offsets.length < count; attempt++) {
      const res: ShareFetchResponse = await this.client.request(ShareFetch, this.client.version(ShareFetch), {
        groupId: this.groupId,
        memberId: this.memberId,
        shareSessionEpoch: this.sessionEpoch++,
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 1 << 20,
        maxRecords: count - offsets.length,
        batchSize: count - offsets.length,
        topics: [{ topicId: this.topicId, partitions: [{ partitionIndex: partition, partitionMaxBytes: 1 << 20, acknowledgementBatches: [] }] }],
        forgottenTopicsData: [],
      });
      if (res.errorCode !== 0) throw new Error(`ShareFetch: error ${res.errorCode}`);
      for (const p of res.responses.flatMap((t) => t.partitions)) {
        if (p.errorCode !== 0) throw new Error(`ShareFetch partition ${p.partitionIndex}: error ${p.errorCode}`);
        for (const r of p.acquiredRecords) {
          if (r.deliveryCount !== deliveryCount) throw new Error(`offsets ${r.firstOffset}-${r.lastOffset} delivered ${r.deliveryCount} times`);
          for (let o = r.firstOffset; o <= r.lastOffset; o++) offsets.push(o);
        }
      }
    }
    return offsets;
  }

  /** ShareAcknowledge one offset at a time: offset → acknowledge type. */
  async acknowledge(partition: number, types: Record<number, number>): Promise<void> {
    const res: ShareAcknowledgeResponse = await this.client.request(ShareAcknowledge, this.client.version(ShareAcknowledge), {
      groupId: this.groupId,
      memberId: this.memberId,
      shareSessionEpoch: this.sessionEpoch++,
      topics: [
        {
          topicId: this.topicId,
          partitions: [
            {
              partitionIndex: partition,
              acknowledgementBatches: Object.entries(types).map(([offset, type]) => ({ firstOffset: Number(offset), lastOffset: Number(offset), acknowledgeTypes: [type] })),
            },
          ],
        },
      ],
    });
    const errors = [res.errorCode, ...res.responses.flatMap((t) => t.partitions.map((p) => p.errorCode))];
    if (errors.some((e) => e !== 0)) throw new Error(`ShareAcknowledge: errors ${errors.join(', ')}`);
  }

  private async heartbeat(memberEpoch: number, subscribedTopicNames: string[] | null): Promise<ShareGroupHeartbeatResponse> {
    const res: ShareGroupHeartbeatResponse = await this.client.request(ShareGroupHeartbeat, this.client.version(ShareGroupHeartbeat), {
      groupId: this.groupId,
      memberId: this.memberId,
      memberEpoch,
      rackId: null,
      subscribedTopicNames,
    });
    if (res.errorCode !== 0) throw new Error(`ShareGroupHeartbeat: error ${res.errorCode} ${res.errorMessage ?? ''}`);
    return res;
  }
}

/** One KIP-848 consumer group member on one connection. */
export class ConsumerMember {
  readonly memberId = newMemberId();
  memberEpoch = 0;
  /** Partitions of the topic the member owns (it reports them back in each heartbeat). */
  owned: number[] = [];

  constructor(
    private readonly client: KafkaClient,
    readonly groupId: string,
    private readonly topicId: string,
  ) {}

  /** Join and heartbeat until the member owns `partitions` partitions; returns them sorted. */
  async joinOwning(topic: string, partitions: number): Promise<number[]> {
    await this.heartbeat({ memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] });
    for (let attempt = 0; attempt < 50 && this.owned.length !== partitions; attempt++) {
      await sleep(50);
      await this.heartbeat({ memberEpoch: this.memberEpoch, topicPartitions: [{ topicId: this.topicId, partitions: this.owned }] });
    }
    // One more, reporting what it owns, so the coordinator knows the member caught up.
    await this.heartbeat({ memberEpoch: this.memberEpoch, topicPartitions: [{ topicId: this.topicId, partitions: this.owned }] });
    return [...this.owned].sort((a, b) => a - b);
  }

  /** Join without waiting for an assignment. */
  async join(topic: string): Promise<void> {
    await this.heartbeat({ memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: [] });
  }

  private async heartbeat(body: Partial<ConsumerGroupHeartbeatRequest> & { memberEpoch: number }): Promise<void> {
    const res: ConsumerGroupHeartbeatResponse = await this.client.request(ConsumerGroupHeartbeat, this.client.version(ConsumerGroupHeartbeat), {
      groupId: this.groupId,
      memberId: this.memberId,
      instanceId: null,
      rackId: null,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      subscribedTopicRegex: null,
      serverAssignor: null,
      topicPartitions: null,
      ...body,
    });
    if (res.errorCode !== 0) throw new Error(`ConsumerGroupHeartbeat: error ${res.errorCode} ${res.errorMessage ?? ''}`);
    this.memberEpoch = res.memberEpoch;
    if (res.assignment) this.owned = res.assignment.topicPartitions.find((t) => t.topicId === this.topicId)?.partitions ?? [];
  }
}
