/** Every API this broker implements. ApiVersions advertises exactly this list. */
import AddOffsetsToTxn from './AddOffsetsToTxn';
import AddPartitionsToTxn from './AddPartitionsToTxn';
import ApiVersions from './ApiVersions';
import CreateTopics from './CreateTopics';
import DeleteGroups from './DeleteGroups';
import DeleteRecords from './DeleteRecords';
import DeleteTopics from './DeleteTopics';
import DescribeGroups from './DescribeGroups';
import DescribeProducers from './DescribeProducers';
import DescribeTransactions from './DescribeTransactions';
import EndTxn from './EndTxn';
import Fetch from './Fetch';
import FindCoordinator from './FindCoordinator';
import Heartbeat from './Heartbeat';
import InitProducerId from './InitProducerId';
import JoinGroup from './JoinGroup';
import LeaveGroup from './LeaveGroup';
import ListGroups from './ListGroups';
import ListOffsets from './ListOffsets';
import ListTransactions from './ListTransactions';
import Metadata from './Metadata';
import OffsetCommit from './OffsetCommit';
import OffsetDelete from './OffsetDelete';
import OffsetFetch from './OffsetFetch';
import Produce from './Produce';
import SaslAuthenticate from './SaslAuthenticate';
import SaslHandshake from './SaslHandshake';
import SyncGroup from './SyncGroup';
import TxnOffsetCommit from './TxnOffsetCommit';
import AlterConfigs from './AlterConfigs';
import CreatePartitions from './CreatePartitions';
import DescribeCluster from './DescribeCluster';
import DescribeConfigs from './DescribeConfigs';
import DescribeLogDirs from './DescribeLogDirs';
import IncrementalAlterConfigs from './IncrementalAlterConfigs';
import OffsetForLeaderEpoch from './OffsetForLeaderEpoch';
import { CONSUMER_GROUP_HANDLERS } from './consumerGroupHandlers';
import { SHARE_HANDLERS } from './shareHandlers';
import type { Handler } from './types';

export const HANDLERS: readonly Handler[] = [Produce, Fetch, ListOffsets, Metadata, ApiVersions, CreateTopics, DeleteTopics, OffsetCommit, OffsetFetch, OffsetDelete,
  FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups, ListGroups, DeleteGroups,
  InitProducerId, DescribeProducers, DeleteRecords,
  AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit, DescribeTransactions, ListTransactions,
  DescribeConfigs, AlterConfigs, IncrementalAlterConfigs, CreatePartitions, DescribeCluster, DescribeLogDirs, OffsetForLeaderEpoch,
  SaslHandshake, SaslAuthenticate,
  ...CONSUMER_GROUP_HANDLERS, ...SHARE_HANDLERS].sort(
  (a, b) => a.api.apiKey - b.api.apiKey,
);
