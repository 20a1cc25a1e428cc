/** The package's API: start a broker in-process, most simply with startBroker() from a test suite. */
export { Broker, BrokerOptions } from './broker';
export { BrokerConfig, DEFAULT_CONFIG, GroupConfig, TransactionConfig } from './config';
export { EmbeddedBroker, startBroker, StartBrokerOptions, TopicSpec } from './embedded';
