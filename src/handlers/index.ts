/** Every API this broker implements. ApiVersions advertises exactly this list. */
import ApiVersions from './ApiVersions';
import CreateTopics from './CreateTopics';
import DeleteTopics from './DeleteTopics';
import Fetch from './Fetch';
import ListOffsets from './ListOffsets';
import Metadata from './Metadata';
import Produce from './Produce';
import type { Handler } from './types';

export const HANDLERS: readonly Handler[] = [Produce, Fetch, ListOffsets, Metadata, ApiVersions, CreateTopics, DeleteTopics].sort(
  (a, b) => a.api.apiKey - b.api.apiKey,
);
