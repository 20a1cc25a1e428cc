/**
 * ListGroups (key 16), versions 0-5, flexible from 3.
 *
 * v1 adds throttle time. v4 adds StatesFilter and each group's state (KIP-518). v5 adds
 * TypesFilter and each group's type ("classic", "consumer", "share"; KIP-848). Empty filters
 * mean "all groups".
 */
import { api, arrayOf, field, message } from '../schema';

export interface ListGroupsRequest {
  /** v4+. State names to keep; empty = all. */
  statesFilter: string[];
  /** v5+. Group types to keep; empty = all. */
  typesFilter: string[];
}

export interface ListedGroup {
  groupId: string;
  /** e.g. "consumer"; "" for groups without one. */
  protocolType: string;
  /** v4+. */
  groupState: string;
  /** v5+. */
  groupType: string;
}

export interface ListGroupsResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

export const ListGroups = api(
  message('request', 'ListGroupsRequest', 16, '0-5', '3+', [
    field('statesFilter', arrayOf('string'), '4+'),
    field('typesFilter', arrayOf('string'), '5+'),
  ]),
  message('response', 'ListGroupsResponse', 16, '0-5', '3+', [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field(
      'groups',
      arrayOf([
        field('groupId', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('groupState', 'string', '4+'),
        field('groupType', 'string', '5+'),
      ]),
      '0+',
    ),
  ]),
);
