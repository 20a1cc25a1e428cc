/** DeleteTopics: by name (v0–5) or by name or id (v6+). */
import { DeletableTopicResult, DeleteTopics, DeleteTopicsRequest, DeleteTopicsResponse } from '../../wire/apis/DeleteTopics';
import { ErrorCode } from '../../wire/errors';
import { ZERO_UUID } from '../../wire/io';
import { defineHandler } from './types';

export default defineHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  api: DeleteTopics,
  minVersion: 0,
  maxVersion: 6,
  handle(request, ctx) {
    const { topics, logger } = ctx.broker;
    const wanted = ctx.apiVersion >= 6 ? request.topics : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const responses = wanted.map(({ name, topicId }): DeletableTopicResult => {
      const byId = name === null;
      const topic = byId ? topics.getById(topicId) : topics.get(name);
      if (!topic) {
        return {
          name,
          topicId,
          errorCode: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorMessage: byId ? `Topic id ${topicId} does not exist.` : `Topic '${name}' does not exist.`,
        };
      }
      topics.delete(topic.name);
      ctx.broker.offsets.removeTopic(topic.name);
      logger.info({ topic: topic.name }, 'deleted topic');
      return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, responses };
  },
});
