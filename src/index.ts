/** The package's API: start a broker in-process. */
export { Broker, BrokerOptions } from './broker';
export { BrokerConfig, DEFAULT_CONFIG } from './config';
