/**
 * DeleteGroups (key 42), versions 0-2, flexible from 2.
 *
 * Deletes empty groups and their committed offsets; 68 NON_EMPTY_GROUP while a group has members,
 * 69 GROUP_ID_NOT_FOUND for unknown groups. ThrottleTimeMs exists from v0.
 */
import { api, arrayOf, field, message } from '../schema';

export interface DeleteGroupsRequest {
  groupsNames: string[];
}

export interface DeletableGroupResult {
  groupId: string;
  errorCode: number;
}

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: DeletableGroupResult[];
}

export const DeleteGroups = api(
  message('request', 'DeleteGroupsRequest', 42, '0-2', '2+', [field('groupsNames', arrayOf('string'), '0+')]),
  message('response', 'DeleteGroupsResponse', 42, '0-2', '2+', [
    field('throttleTimeMs', 'int32', '0+'),
    field(
      'results',
      arrayOf([
        field('groupId', 'string', '0+'),
        field('errorCode', 'int16', '0+'),
      ]),
      '0+',
    ),
  ]),
);
