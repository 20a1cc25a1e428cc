/** The package's API: start a broker in-process, most simply with startBroker() from a test suite. */
export { Broker, BrokerOptions, NodeInfo } from './broker';
export { EmbeddedCluster, startCluster, StartClusterOptions } from './cluster/startCluster';
export { BrokerConfig, DEFAULT_CONFIG, GroupConfig, TransactionConfig } from './config';
export { EmbeddedBroker, startBroker, StartBrokerOptions, TopicSpec } from './embedded';
export { FaultInjector } from './faults/FaultInjector';
export { ErrorName, FaultRule, FaultRuleError, FaultRuleInfo } from './faults/rules';
export { MemoryVolume } from './storage/MemoryVolume';
