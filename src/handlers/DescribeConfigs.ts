/**
 * DescribeConfigs: a topic's configs (its own values over this broker's defaults) or this
 * broker's settings, under Kafka's names. v0 says isDefault; v1+ say where each value comes from
 * and, when asked, its synonyms; v3+ add the type and, when asked, documentation. The broker's
 * settings cannot change at run time here, so they are all read-only. A GROUP resource (type 32)
 * lists every group config: the group's own value, or the broker's default.
 */
import {
  DescribeConfigs,
  DescribeConfigsRequest,
  DescribeConfigsResource,
  DescribeConfigsResourceResult,
  DescribeConfigsResponse,
  DescribeConfigsResult,
} from '../../wire/apis/DescribeConfigs';
import { ErrorCode } from '../../wire/errors';
import { BROKER_SETTINGS } from '../brokerProperties';
import { ConfigSource, DescribedConfig, ResourceType, TOPIC_CONFIGS, brokerTopicDefaults, describeTopicConfig, resourceNameProblem } from '../topics/configs';
import { RequestContext, defineHandler } from './types';

export default defineHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  api: DescribeConfigs,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    return { throttleTimeMs: 0, results: request.resources.map((r) => describe(r, request, ctx)) };
  },
});

function describe(resource: DescribeConfigsResource, request: DescribeConfigsRequest, ctx: RequestContext): DescribeConfigsResult {
  const result = (errorCode: ErrorCode, errorMessage: string | null, configs: DescribedConfig[] = [], readOnly = false): DescribeConfigsResult => ({
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
    configs: configs
      .filter((c) => resource.configurationKeys === null || resource.configurationKeys.includes(c.name))
      .map((c) => entry(c, readOnly, request, ctx.apiVersion)),
  });
  const problem = resourceNameProblem(resource.resourceType, resource.resourceName, ctx.broker.topics, ctx.nodeId);
  if (problem) return result(problem.errorCode, problem.errorMessage);

  if (resource.resourceType === ResourceType.TOPIC) {
    const topic = ctx.broker.topics.get(resource.resourceName)!;
    const defaults = brokerTopicDefaults(ctx.broker.config);
    return result(ErrorCode.NONE, null, [...TOPIC_CONFIGS.values()].map((spec) => describeTopicConfig(spec, topic.configs, defaults)));
  }
  if (resource.resourceType === ResourceType.GROUP) return result(ErrorCode.NONE, null, ctx.broker.groupConfigs.describe(resource.resourceName));
  // The default broker resource (empty name) holds cluster-wide dynamic settings: there are none.
  if (resource.resourceName === '') return result(ErrorCode.NONE, null);
  return result(ErrorCode.NONE, null, describeBroker(ctx), true);
}

function describeBroker(ctx: RequestContext): DescribedConfig[] {
  const config = ctx.broker.config;
  return BROKER_SETTINGS.filter((s) => s.read !== undefined).map((s) => {
    const value = s.read!(config);
    const source = value === s.kafkaDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
    const synonyms = [{ name: s.name, value, source }];
    if (source !== ConfigSource.DEFAULT_CONFIG) synonyms.push({ name: s.name, value: s.kafkaDefault, source: ConfigSource.DEFAULT_CONFIG });
    return { name: s.name, value, source, synonyms, type: s.type, doc: s.doc };
  });
}

function entry(c: DescribedConfig, readOnly: boolean, request: DescribeConfigsRequest, version: number): DescribeConfigsResourceResult {
  return {
    name: c.name,
    value: c.value,
    readOnly,
    isDefault: c.source === ConfigSource.DEFAULT_CONFIG,
    configSource: c.source,
    isSensitive: false,
    synonyms: version >= 1 && request.includeSynonyms ? c.synonyms : [],
    configType: c.type,
    documentation: version >= 3 && request.includeDocumentation ? c.doc : null,
  };
}
