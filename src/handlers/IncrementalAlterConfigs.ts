/**
 * IncrementalAlterConfigs (KIP-339): single keys of a topic's configs change, the others stay.
 * SET and DELETE (back to the default) work on any config; APPEND and SUBTRACT only on LIST ones
 * (cleanup.policy), starting from the current value or the default. Broker settings are fixed at
 * start here, so altering them is refused as Kafka refuses static settings. A GROUP resource
 * (type 32) changes a group's configs (SET and DELETE; none is a LIST), validated as a whole.
 */
import {
  IncrementalAlterConfigs,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResource,
  IncrementalAlterConfigsResourceResponse,
  IncrementalAlterConfigsResponse,
} from '../../wire/apis/IncrementalAlterConfigs';
import { ErrorCode } from '../../wire/errors';
import { GROUP_CONFIGS } from '../groups/GroupConfigs';
import {
  ConfigType,
  ResourceProblem,
  ResourceType,
  TOPIC_CONFIGS,
  brokerAlterProblem,
  brokerTopicDefaults,
  listItems,
  resourceNameProblem,
  topicConfigsProblem,
} from '../topics/configs';
import { RequestContext, defineHandler } from './types';

enum Operation {
  SET = 0,
  DELETE = 1,
  APPEND = 2,
  SUBTRACT = 3,
}

export default defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  api: IncrementalAlterConfigs,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    return { throttleTimeMs: 0, responses: request.resources.map((r) => alter(r, request.validateOnly, ctx)) };
  },
});

function alter(resource: IncrementalAlterConfigsResource, validateOnly: boolean, ctx: RequestContext): IncrementalAlterConfigsResourceResponse {
  const answer = (errorCode: ErrorCode, errorMessage: string | null): IncrementalAlterConfigsResourceResponse => ({
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
  });
  const names = resource.configs.map((c) => c.name);
  if (new Set(names).size !== names.length) return answer(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
  const problem =
    resourceNameProblem(resource.resourceType, resource.resourceName, ctx.broker.topics, ctx.nodeId) ??
    (resource.resourceType === ResourceType.BROKER ? brokerAlterProblem(resource.resourceName, names) : null);
  if (problem) return answer(problem.errorCode, problem.errorMessage);
  if (resource.resourceType === ResourceType.GROUP) return alterGroup(resource, validateOnly, ctx, answer);
  if (resource.resourceType !== ResourceType.TOPIC) return answer(ErrorCode.NONE, null);

  const topic = ctx.broker.topics.get(resource.resourceName)!;
  const altered = applyOperations(resource, topic.configs, brokerTopicDefaults(ctx.broker.config));
  if (altered instanceof Problem) return answer(altered.errorCode, altered.errorMessage);
  const configs = altered;
  const invalid = topicConfigsProblem(configs);
  if (invalid) return answer(ErrorCode.INVALID_CONFIG, invalid);
  if (!validateOnly) {
    ctx.broker.topics.replaceConfigs(topic.name, configs);
    ctx.broker.logger.info({ topic: topic.name, configs }, 'altered topic configs');
  }
  return answer(ErrorCode.NONE, null);
}

/** SET and DELETE on a group's configs; APPEND and SUBTRACT fail as on any non-LIST config. */
function alterGroup(
  resource: IncrementalAlterConfigsResource,
  validateOnly: boolean,
  ctx: RequestContext,
  answer: (errorCode: ErrorCode, errorMessage: string | null) => IncrementalAlterConfigsResourceResponse,
): IncrementalAlterConfigsResourceResponse {
  const { groupConfigs } = ctx.broker;
  const configs = groupConfigs.configsOf(resource.resourceName);
  for (const { name, configOperation, value } of resource.configs) {
    if (!GROUP_CONFIGS.has(name)) return answer(ErrorCode.INVALID_CONFIG, `Unknown group config name: ${name}`);
    switch (configOperation) {
      case Operation.SET:
        if (value === null) return answer(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${name}`);
        configs[name] = value;
        break;
      case Operation.DELETE:
        delete configs[name];
        break;
      case Operation.APPEND:
      case Operation.SUBTRACT: {
        const verb = configOperation === Operation.APPEND ? 'append' : 'subtract';
        return answer(ErrorCode.INVALID_CONFIG, `Config value ${verb} is not allowed for config key: ${name}`);
      }
      default:
        return answer(ErrorCode.INVALID_REQUEST, `Unknown config operation ${configOperation} for ${name}: use 0 SET, 1 DELETE, 2 APPEND or 3 SUBTRACT`);
    }
  }
  const invalid = groupConfigs.problem(configs);
  if (invalid) return answer(ErrorCode.INVALID_CONFIG, invalid);
  if (!validateOnly) {
    groupConfigs.replace(resource.resourceName, configs);
    ctx.broker.logger.info({ group: resource.resourceName, configs }, 'altered group configs');
  }
  return answer(ErrorCode.NONE, null);
}

class Problem implements ResourceProblem {
  constructor(
    readonly errorCode: ErrorCode,
    readonly errorMessage: string,
  ) {}
}

/** The topic's configs after the resource's operations, or Kafka's error for an operation that cannot apply. */
function applyOperations(
  resource: IncrementalAlterConfigsResource,
  current: Readonly<Record<string, string>>,
  brokerDefaults: Record<string, string>,
): Record<string, string> | Problem {
  const configs = { ...current };
  for (const { name, configOperation, value } of resource.configs) {
    const spec = TOPIC_CONFIGS.get(name);
    if (!spec) return new Problem(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
    switch (configOperation) {
      case Operation.SET:
        if (value === null) return new Problem(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${name}`);
        configs[name] = value;
        break;
      case Operation.DELETE:
        delete configs[name];
        break;
      case Operation.APPEND:
      case Operation.SUBTRACT: {
        const verb = configOperation === Operation.APPEND ? 'append' : 'subtract';
        if (spec.type !== ConfigType.LIST) {
          return new Problem(ErrorCode.INVALID_CONFIG, `Config value ${verb} is not allowed for config key: ${name}`);
        }
        const before = listItems(configs[name] ?? brokerDefaults[name] ?? spec.kafkaDefault);
        const given = listItems(value ?? '');
        const after = verb === 'append' ? [...before, ...given.filter((v) => !before.includes(v))] : before.filter((v) => !given.includes(v));
        configs[name] = after.join(',');
        break;
      }
      default:
        return new Problem(ErrorCode.INVALID_REQUEST, `Unknown config operation ${configOperation} for ${name}: use 0 SET, 1 DELETE, 2 APPEND or 3 SUBTRACT`);
    }
  }
  return configs;
}
