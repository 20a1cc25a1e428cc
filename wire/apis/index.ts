/**
 * The API registry: every API definition the broker knows, looked up by key.
 * To add an API, write apis/<Name>.ts and append its definition to API_DEFINITIONS.
 */
import type { ApiDefinition } from '../schema';
import { AddOffsetsToTxn } from './AddOffsetsToTxn';
import { AddPartitionsToTxn } from './AddPartitionsToTxn';
import { AlterConfigs } from './AlterConfigs';
import { AlterShareGroupOffsets } from './AlterShareGroupOffsets';
import { ApiVersions } from './ApiVersions';
import { ConsumerGroupDescribe } from './ConsumerGroupDescribe';
import { ConsumerGroupHeartbeat } from './ConsumerGroupHeartbeat';
import { CreatePartitions } from './CreatePartitions';
import { CreateTopics } from './CreateTopics';
import { DeleteGroups } from './DeleteGroups';
import { DeleteRecords } from './DeleteRecords';
import { DeleteShareGroupOffsets } from './DeleteShareGroupOffsets';
import { DeleteTopics } from './DeleteTopics';
import { DescribeCluster } from './DescribeCluster';
import { DescribeConfigs } from './DescribeConfigs';
import { DescribeGroups } from './DescribeGroups';
import { DescribeLogDirs } from './DescribeLogDirs';
import { DescribeProducers } from './DescribeProducers';
import { DescribeShareGroupOffsets } from './DescribeShareGroupOffsets';
import { DescribeTransactions } from './DescribeTransactions';
import { EndTxn } from './EndTxn';
import { Fetch } from './Fetch';
import { FindCoordinator } from './FindCoordinator';
import { Heartbeat } from './Heartbeat';
import { IncrementalAlterConfigs } from './IncrementalAlterConfigs';
import { InitProducerId } from './InitProducerId';
import { JoinGroup } from './JoinGroup';
import { LeaveGroup } from './LeaveGroup';
import { ListGroups } from './ListGroups';
import { ListOffsets } from './ListOffsets';
import { ListTransactions } from './ListTransactions';
import { Metadata } from './Metadata';
import { OffsetCommit } from './OffsetCommit';
import { OffsetDelete } from './OffsetDelete';
import { OffsetFetch } from './OffsetFetch';
import { OffsetForLeaderEpoch } from './OffsetForLeaderEpoch';
import { Produce } from './Produce';
import { SaslAuthenticate } from './SaslAuthenticate';
import { SaslHandshake } from './SaslHandshake';
import { ShareAcknowledge } from './ShareAcknowledge';
import { ShareFetch } from './ShareFetch';
import { ShareGroupDescribe } from './ShareGroupDescribe';
import { ShareGroupHeartbeat } from './ShareGroupHeartbeat';
import { SyncGroup } from './SyncGroup';
import { TxnOffsetCommit } from './TxnOffsetCommit';
import { WriteTxnMarkers } from './WriteTxnMarkers';

/** Kafka's API keys (numbers and names only; having a key here does not mean we support it). */
export const ApiKeys = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  LeaderAndIsr: 4,
  StopReplica: 5,
  UpdateMetadata: 6,
  ControlledShutdown: 7,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  WriteTxnMarkers: 27,
  TxnOffsetCommit: 28,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  AlterReplicaLogDirs: 34,
  DescribeLogDirs: 35,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  CreateDelegationToken: 38,
  RenewDelegationToken: 39,
  ExpireDelegationToken: 40,
  DescribeDelegationToken: 41,
  DeleteGroups: 42,
  ElectLeaders: 43,
  IncrementalAlterConfigs: 44,
  AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46,
  OffsetDelete: 47,
  DescribeClientQuotas: 48,
  AlterClientQuotas: 49,
  DescribeUserScramCredentials: 50,
  AlterUserScramCredentials: 51,
  Vote: 52,
  BeginQuorumEpoch: 53,
  EndQuorumEpoch: 54,
  DescribeQuorum: 55,
  AlterPartition: 56,
  UpdateFeatures: 57,
  Envelope: 58,
  FetchSnapshot: 59,
  DescribeCluster: 60,
  DescribeProducers: 61,
  BrokerRegistration: 62,
  BrokerHeartbeat: 63,
  UnregisterBroker: 64,
  DescribeTransactions: 65,
  ListTransactions: 66,
  AllocateProducerIds: 67,
  ConsumerGroupHeartbeat: 68,
  ConsumerGroupDescribe: 69,
  ControllerRegistration: 70,
  GetTelemetrySubscriptions: 71,
  PushTelemetry: 72,
  AssignReplicasToDirs: 73,
  ListClientMetricsResources: 74,
  DescribeTopicPartitions: 75,
  ShareGroupHeartbeat: 76,
  ShareGroupDescribe: 77,
  ShareFetch: 78,
  ShareAcknowledge: 79,
  AddRaftVoter: 80,
  RemoveRaftVoter: 81,
  UpdateRaftVoter: 82,
  InitializeShareGroupState: 83,
  ReadShareGroupState: 84,
  WriteShareGroupState: 85,
  DeleteShareGroupState: 86,
  ReadShareGroupStateSummary: 87,
  DescribeShareGroupOffsets: 90,
  AlterShareGroupOffsets: 91,
  DeleteShareGroupOffsets: 92,
} as const;

export type ApiKeyName = keyof typeof ApiKeys;

export const API_DEFINITIONS: ApiDefinition[] = [
  Produce,
  Fetch,
  ListOffsets,
  Metadata,
  ApiVersions,
  CreateTopics,
  DeleteTopics,
  OffsetCommit,
  OffsetFetch,
  FindCoordinator,
  JoinGroup,
  Heartbeat,
  LeaveGroup,
  SyncGroup,
  DescribeGroups,
  ListGroups,
  DeleteGroups,
  OffsetDelete,
  InitProducerId,
  AddPartitionsToTxn,
  AddOffsetsToTxn,
  EndTxn,
  WriteTxnMarkers,
  TxnOffsetCommit,
  DescribeProducers,
  DescribeTransactions,
  ListTransactions,
  CreatePartitions,
  DescribeConfigs,
  AlterConfigs,
  IncrementalAlterConfigs,
  DeleteRecords,
  DescribeCluster,
  DescribeLogDirs,
  OffsetForLeaderEpoch,
  ConsumerGroupHeartbeat,
  ConsumerGroupDescribe,
  ShareGroupHeartbeat,
  ShareGroupDescribe,
  ShareFetch,
  ShareAcknowledge,
  DescribeShareGroupOffsets,
  AlterShareGroupOffsets,
  DeleteShareGroupOffsets,
  SaslHandshake,
  SaslAuthenticate,
];

const byKey = new Map<number, ApiDefinition>();
for (const def of API_DEFINITIONS) {
  if (byKey.has(def.apiKey)) throw new Error(`duplicate API definition for key ${def.apiKey}`);
  byKey.set(def.apiKey, def);
}

export function apiDefinition(apiKey: number): ApiDefinition | undefined {
  return byKey.get(apiKey);
}
