/**
 * Error responses built from the schemas, without running the handler, as Kafka's
 * AbstractRequest.getErrorResponse builds them: the error goes in the highest place the response
 * has for one (a top-level errorCode, else each entry mirrored from the request: per topic, per
 * partition, per group), every other field keeps its schema default. KAFKA_VALUES holds the few
 * fields where Kafka's getErrorResponse sets something other than the schema default.
 */
import { defaultValue } from '../../wire/codec';
import { ErrorCode } from '../../wire/errors';
import type { ApiDefinition, Field } from '../../wire/schema';
import { API_VERSIONS_KEY } from '../../wire/headers';
import type { Handler } from '../handlers/types';
import { EntryLevel, IDENTITY_FIELDS, isErrorCode, present, RESPONSE_NAME, shapeOf } from './shape';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Per API, dotted response paths Kafka's getErrorResponse sets explicitly (sentinels such as −1), or a function of the version. */
const KAFKA_VALUES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  Produce: { 'responses.partitionResponses.baseOffset': -1 },
  Fetch: {
    'responses.partitions.highWatermark': -1,
    'responses.partitions.abortedTransactions': null,
    'responses.partitions.records': Buffer.alloc(0),
  },
  OffsetFetch: { 'topics.partitions.committedOffset': -1 },
  InitProducerId: { producerEpoch: -1 },
  JoinGroup: { protocolName: (version: number) => (version >= 7 ? null : '') },
  // Node.noNode(): id −1, host "", port −1.
  FindCoordinator: { nodeId: -1, port: -1, 'coordinators.nodeId': -1, 'coordinators.port': -1 },
};

export interface ErrorFill {
  readonly errorCode: number;
  /** For errorMessage fields. */
  readonly message: string;
}

/** The whole request answered with the error, in the API's response shape for this version. */
export function errorResponse(handler: Handler, version: number, request: Value, fill: ErrorFill): Value {
  const { api } = handler;
  const entries = shapeOf(api, version).entries;
  // Fetch before v13 sets the error both at the top and in every partition (old clients read only those).
  const alsoEntries = api.name === 'Fetch' && version < 13;
  const response = mirror(api, version, request, api.response.fields, entries, fill, { depth: 0, alsoEntries, path: '' });
  if (api.apiKey === API_VERSIONS_KEY && fill.errorCode === ErrorCode.UNSUPPORTED_VERSION) {
    // KIP-511: with UNSUPPORTED_VERSION, the versions of ApiVersions itself, so the client can retry lower.
    response.apiKeys = [{ apiKey: API_VERSIONS_KEY, minVersion: handler.minVersion, maxVersion: handler.maxVersion }];
  }
  return response;
}

/**
 * A response holding errors for the entries in `hit` (a request cut down to the entries a rule
 * selects), `depth` entry levels down: the entries above get no error of their own.
 */
export function entryErrors(api: ApiDefinition, version: number, hit: Value, depth: number, fill: ErrorFill): Value {
  return mirror(api, version, hit, api.response.fields, shapeOf(api, version).entries, fill, { depth, alsoEntries: false, path: '' });
}

/**
 * Put the entries of `errors` into `response`: an entry with the same identity (topic name or id,
 * partition index, group id…) is replaced, or merged one level down; others are appended.
 */
export function mergeEntries(response: Value, errors: Value, level: EntryLevel | null, version: number): Value {
  if (!level) return response;
  const name = level.response.name;
  const merged = [...(response[name] ?? [])];
  const idFields = present(level.responseFields, version).filter((f) => IDENTITY_FIELDS.has(f.name));
  for (const e of errors[name] ?? []) {
    const i = merged.findIndex((m) => idFields.every((f) => m[f.name] === e[f.name]));
    if (i < 0) merged.push(e);
    else merged[i] = level.nested && e[level.nested.response.name]?.length ? mergeEntries(merged[i], e, level.nested, version) : e;
  }
  return { ...response, [name]: merged };
}

interface Walk {
  /** Entry levels still to go down before the error is set; 0: here. */
  depth: number;
  /** Set the error at this level and also in every entry below (Fetch < v13). */
  alsoEntries: boolean;
  /** Dotted path of this struct in the response, for KAFKA_VALUES. */
  path: string;
}

function mirror(api: ApiDefinition, version: number, request: Value, responseFields: Field[], level: EntryLevel | null, fill: ErrorFill, walk: Walk): Value {
  const fields = present(responseFields, version);
  const errorHere = walk.depth === 0;
  const hasOwnError = fields.some(isErrorCode);
  const kafkaValues = KAFKA_VALUES[api.name] ?? {};
  const out: Record<string, Value> = {};
  for (const f of fields) {
    const path = walk.path ? `${walk.path}.${f.name}` : f.name;
    if (isErrorCode(f)) {
      out[f.name] = errorHere ? fill.errorCode : ErrorCode.NONE;
    } else if (f.name === 'errorMessage' && f.type === 'string') {
      out[f.name] = errorHere ? fill.message : cloneDefault(f);
    } else if (level && f.name === level.response.name) {
      // Entries are answered one by one unless this level already carries the error.
      const descend = !errorHere || !hasOwnError || walk.alsoEntries;
      const wanted: Value[] | null = request[level.request.name];
      const inner: Walk = { ...walk, depth: Math.max(0, walk.depth - 1), path };
      out[f.name] = descend && wanted ? wanted.map((entry) => mirrorEntry(api, version, entry, level, fill, inner)) : [];
    } else if (path in kafkaValues) {
      const v = kafkaValues[path];
      out[f.name] = typeof v === 'function' ? v(version) : v;
    } else {
      out[f.name] = cloneDefault(f);
    }
  }
  return out;
}

function mirrorEntry(api: ApiDefinition, version: number, entry: Value, level: EntryLevel, fill: ErrorFill, walk: Walk): Value {
  const out = mirror(api, version, level.requestFields ? entry : {}, level.responseFields, level.nested, fill, walk);
  const fields = present(level.responseFields, version);
  if (level.requestFields) {
    for (const f of present(level.requestFields, version)) {
      const target = IDENTITY_FIELDS.has(f.name) ? f.name : RESPONSE_NAME[f.name];
      if (target && fields.some((r) => r.name === target)) out[target] = entry[f.name];
    }
  } else {
    // A plain string or number entry (a group id, a partition index): it goes in the first field of its type.
    const type = typeof entry === 'number' ? 'int32' : 'string';
    const target = fields.find((r) => r.type === type && !isErrorCode(r));
    if (target) out[target.name] = entry;
  }
  return out;
}

/** A fresh default, so one response's arrays and buffers are never another's. */
function cloneDefault(f: Field): Value {
  const v = defaultValue(f);
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return structuredClone(v);
  return v;
}

