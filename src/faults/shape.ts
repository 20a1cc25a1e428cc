/**
 * Where a request names its topics, partitions, groups and transactional ids, and where its
 * response answers each of them, read from the wire/ schemas of one API version.
 *
 * Kafka's responses mirror their requests: the request's entry array (topics, then partitions
 * inside each topic; or groups, coordinator keys, transactional ids) is answered by the response's
 * array whose entries carry an error code. The names differ (Produce's topicData/partitionData are
 * answered by responses/partitionResponses), so the two are paired by position: the first entry
 * array of the request with the response's array of results.
 */
import type { ApiDefinition, ArrayType, Field, FieldType, StructType } from '../../wire/schema';
import { inRange } from '../../wire/schema';

export type EntryKind = 'topic' | 'partition' | 'group' | 'transaction' | 'coordinatorKey' | 'other';

/** One level of request entries and the response array that answers them. */
export interface EntryLevel {
  readonly kind: EntryKind;
  readonly request: Field;
  readonly response: Field;
  /** The request element's fields; null when the entries are plain strings or numbers. */
  readonly requestFields: Field[] | null;
  readonly responseFields: Field[];
  /** Entries inside each entry (a topic's partitions), if the response answers them one by one. */
  readonly nested: EntryLevel | null;
}

export interface ApiShape {
  /** Top-level request fields that name the one group / transactional id / coordinator key of the request. */
  readonly topIds: readonly { field: string; kind: EntryKind }[];
  /** The request's entries and their answers, if it has any. */
  readonly entries: EntryLevel | null;
}

/** Fields that identify an entry; copied from request to response entries, and compared when merging. */
export const IDENTITY_FIELDS = new Set(['name', 'topic', 'topicId', 'index', 'partitionIndex', 'groupId', 'transactionalId', 'key', 'memberId', 'groupInstanceId']);

/** Request fields whose response counterpart has another name. */
export const RESPONSE_NAME: Readonly<Record<string, string>> = { partition: 'partitionIndex' };

const cache = new WeakMap<ApiDefinition, Map<number, ApiShape>>();

export function shapeOf(api: ApiDefinition, version: number): ApiShape {
  let byVersion = cache.get(api);
  if (!byVersion) cache.set(api, (byVersion = new Map()));
  let shape = byVersion.get(version);
  if (!shape) {
    shape = {
      topIds: topIds(api.request.fields, version),
      entries: pairEntries(api.request.fields, api.response.fields, version),
    };
    byVersion.set(version, shape);
  }
  return shape;
}

/** True if the field is an error code (Kafka names them ErrorCode, or XxxErrorCode). */
export function isErrorCode(f: Field): boolean {
  return f.type === 'int16' && (f.name === 'errorCode' || f.name.endsWith('ErrorCode')) && f.tag === undefined;
}

export function present(fields: Field[], version: number): Field[] {
  return fields.filter((f) => inRange(f.versions, version));
}

function topIds(fields: Field[], version: number): ApiShape['topIds'] {
  const out: { field: string; kind: EntryKind }[] = [];
  for (const f of present(fields, version)) {
    if (f.type !== 'string') continue;
    if (f.name === 'groupId') out.push({ field: f.name, kind: 'group' });
    else if (/transactionalId$/i.test(f.name)) out.push({ field: f.name, kind: 'transaction' });
    else if (f.name === 'key') out.push({ field: f.name, kind: 'coordinatorKey' }); // FindCoordinator v0-3
  }
  return out;
}

function pairEntries(requestFields: Field[], responseFields: Field[], version: number): EntryLevel | null {
  const request = present(requestFields, version).find((f) => isArray(f.type) && f.tag === undefined);
  const response = present(responseFields, version).find(
    (f) => isArray(f.type) && f.tag === undefined && elementStruct(f.type) !== null && carriesError(elementStruct(f.type)!, version),
  );
  if (!request || !response) return null;
  const requestFields2 = elementStruct(request.type)?.fields ?? null;
  const responseFields2 = elementStruct(response.type)!.fields;
  return {
    kind: kindOf(request, version),
    request,
    response,
    requestFields: requestFields2,
    responseFields: responseFields2,
    nested: requestFields2 ? pairEntries(requestFields2, responseFields2, version) : null,
  };
}

function kindOf(f: Field, version: number): EntryKind {
  const element = (f.type as ArrayType).of;
  if (element === 'int32') return 'partition';
  if (element === 'string') {
    if (/group/i.test(f.name)) return 'group';
    if (/transactional/i.test(f.name)) return 'transaction';
    if (f.name === 'coordinatorKeys') return 'coordinatorKey';
    if (/topic/i.test(f.name)) return 'topic';
    return 'other';
  }
  if (typeof element === 'string') return 'other';
  const names = new Set(present(element.fields, version).map((x) => x.name));
  if (names.has('groupId')) return 'group';
  if (names.has('transactionalId')) return 'transaction';
  if (names.has('partition') || names.has('partitionIndex') || names.has('index')) return 'partition';
  if (names.has('name') || names.has('topic') || names.has('topicId')) return 'topic';
  return 'other';
}

function isArray(t: FieldType): t is ArrayType {
  return typeof t !== 'string' && t.kind === 'array';
}

function elementStruct(t: FieldType): StructType | null {
  return isArray(t) && typeof t.of !== 'string' ? t.of : null;
}

function carriesError(s: StructType, version: number): boolean {
  return present(s.fields, version).some((f) => isErrorCode(f) || (isArray(f.type) && elementStruct(f.type) !== null && carriesError(elementStruct(f.type)!, version)));
}
