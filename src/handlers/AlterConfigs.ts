/**
 * AlterConfigs, Kafka's legacy API: the configs given replace the topic's whole set (anything not
 * listed goes back to its default). Broker settings are fixed at start here, so altering them is
 * refused as Kafka refuses static settings. A GROUP resource (type 32) replaces a group's whole
 * set of configs the same way.
 */
import {
  AlterConfigs,
  AlterConfigsRequest,
  AlterConfigsResource,
  AlterConfigsResourceResponse,
  AlterConfigsResponse,
} from '../../wire/apis/AlterConfigs';
import { ErrorCode } from '../../wire/errors';
import { ResourceType, brokerAlterProblem, resourceNameProblem, topicConfigsProblem } from '../topics/configs';
import { RequestContext, defineHandler } from './types';

export default defineHandler<AlterConfigsRequest, AlterConfigsResponse>({
  api: AlterConfigs,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    return { throttleTimeMs: 0, responses: request.resources.map((r) => alter(r, request.validateOnly, ctx)) };
  },
});

function alter(resource: AlterConfigsResource, validateOnly: boolean, ctx: RequestContext): AlterConfigsResourceResponse {
  const answer = (errorCode: ErrorCode, errorMessage: string | null): AlterConfigsResourceResponse => ({
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
  });
  const problem =
    resourceNameProblem(resource.resourceType, resource.resourceName, ctx.broker.topics, ctx.nodeId) ??
    (resource.resourceType === ResourceType.BROKER ? brokerAlterProblem(resource.resourceName, resource.configs.map((c) => c.name)) : null);
  if (problem) return answer(problem.errorCode, problem.errorMessage);
  if (resource.resourceType === ResourceType.GROUP) return replaceGroupConfigs(resource, validateOnly, ctx, answer);
  if (resource.resourceType !== ResourceType.TOPIC) return answer(ErrorCode.NONE, null);

  const nulls = resource.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) return answer(ErrorCode.INVALID_REQUEST, `Null value not supported for topic configs: ${nulls.join(',')}`);
  const configs = Object.fromEntries(resource.configs.map((c) => [c.name, c.value!]));
  const invalid = topicConfigsProblem(configs);
  if (invalid) return answer(ErrorCode.INVALID_CONFIG, invalid);
  if (!validateOnly) {
    ctx.broker.topics.replaceConfigs(resource.resourceName, configs);
    ctx.broker.logger.info({ topic: resource.resourceName, configs }, 'replaced topic configs');
  }
  return answer(ErrorCode.NONE, null);
}

function replaceGroupConfigs(
  resource: AlterConfigsResource,
  validateOnly: boolean,
  ctx: RequestContext,
  answer: (errorCode: ErrorCode, errorMessage: string | null) => AlterConfigsResourceResponse,
): AlterConfigsResourceResponse {
  const nulls = resource.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) return answer(ErrorCode.INVALID_REQUEST, `Null value not supported for group configs: ${nulls.join(',')}`);
  const configs = Object.fromEntries(resource.configs.map((c) => [c.name, c.value!]));
  const invalid = ctx.broker.groupConfigs.problem(configs);
  if (invalid) return answer(ErrorCode.INVALID_CONFIG, invalid);
  if (!validateOnly) {
    ctx.broker.groupConfigs.replace(resource.resourceName, configs);
    ctx.broker.logger.info({ group: resource.resourceName, configs }, 'replaced group configs');
  }
  return answer(ErrorCode.NONE, null);
}
