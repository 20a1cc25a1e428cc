/** flush.messages (topic) and log.flush.interval.messages (broker) reach the partition logs' fsync policy. */
import { applyBrokerProperties } from '../../src/brokerProperties';
import { DEFAULT_CONFIG } from '../../src/config';
import { DEFAULT_LOG_CONFIG } from '../../src/log/PartitionLog';
import { brokerTopicDefaults, logConfigFor } from '../../src/topics/configs';

const LONG_MAX = '9223372036854775807';

test('a topic\'s flush.messages becomes its log\'s fsync interval; Kafka\'s default (Long.MAX) means none', () => {
  expect(logConfigFor(DEFAULT_LOG_CONFIG, { 'flush.messages': '100' }).flushIntervalMessages).toBe(100);
  expect(logConfigFor(DEFAULT_LOG_CONFIG, { 'flush.messages': LONG_MAX }).flushIntervalMessages).toBeUndefined();
  expect(logConfigFor(DEFAULT_LOG_CONFIG, {}).flushIntervalMessages).toBeUndefined();
  expect(logConfigFor({ ...DEFAULT_LOG_CONFIG, flushIntervalMessages: 5 }, {}).flushIntervalMessages).toBe(5);
});

test('log.flush.interval.messages sets the broker default, which DescribeConfigs reports for flush.messages', () => {
  const { config, unknown } = applyBrokerProperties(DEFAULT_CONFIG, 'log.flush.interval.messages=10');
  expect(unknown).toEqual([]);
  expect(config.log.flushIntervalMessages).toBe(10);
  expect(brokerTopicDefaults(config)['flush.messages']).toBe('10');
  expect(brokerTopicDefaults(DEFAULT_CONFIG)['flush.messages']).toBe(LONG_MAX);
  expect(applyBrokerProperties(DEFAULT_CONFIG, `log.flush.interval.messages=${LONG_MAX}`).config.log.flushIntervalMessages).toBeUndefined();
});
