/**
 * A small declarative language for Kafka messages, close to Apache Kafka's own JSON definitions:
 * every field names the versions it exists in, the versions in which it may be null, and (for
 * flexible versions) an optional tag. The generic codec in codec.ts walks these definitions.
 *
 * Version ranges use Kafka's notation: "0+", "3-5", "7", "none".
 */

export type Primitive =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint16'
  | 'uint32'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  /** A RecordBatch blob: decoded as a Buffer slice of the frame, encoded as one or more Buffers by reference. */
  | 'records'
  | 'uuid';

export interface StructType {
  kind: 'struct';
  fields: Field[];
}

export interface ArrayType {
  kind: 'array';
  of: Primitive | StructType;
}

export type FieldType = Primitive | StructType | ArrayType;

export interface VersionRange {
  min: number;
  /** Inclusive; Infinity for "N+". */
  max: number;
}

export interface Field {
  name: string;
  type: FieldType;
  versions: VersionRange;
  nullable: VersionRange;
  /** Set for tagged fields: written in the tagged-field section of flexible versions. */
  tag?: number;
  taggedVersions: VersionRange;
  /** Value when the field is absent in a version (or omitted from a tagged section). */
  default?: unknown;
}

export interface MessageSchema {
  name: string;
  apiKey: number;
  kind: 'request' | 'response';
  validVersions: VersionRange;
  flexibleVersions: VersionRange;
  fields: Field[];
}

export const NO_VERSIONS: VersionRange = { min: 1, max: 0 };

export function parseVersions(spec: string): VersionRange {
  if (spec === 'none' || spec === '') return NO_VERSIONS;
  const plus = /^(\d+)\+$/.exec(spec);
  if (plus) return { min: Number(plus[1]), max: Infinity };
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(spec)) return { min: Number(spec), max: Number(spec) };
  throw new Error(`bad version range "${spec}"`);
}

export function inRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

export interface FieldOptions {
  /** Versions in which the field may be null (strings, bytes, records, arrays, structs). */
  nullable?: string;
  /** Kafka's "tag": the field is a tagged field in taggedVersions (default: the field's versions). */
  tag?: number;
  taggedVersions?: string;
  default?: unknown;
}

/** A field: `field('acks', 'int16', '0+')`, `field('topics', arrayOf([...]), '0+')`. */
export function field(name: string, type: FieldType, versions: string, options: FieldOptions = {}): Field {
  const f: Field = {
    name,
    type,
    versions: parseVersions(versions),
    nullable: parseVersions(options.nullable ?? 'none'),
    taggedVersions: options.tag === undefined ? NO_VERSIONS : parseVersions(options.taggedVersions ?? versions),
  };
  if (options.tag !== undefined) f.tag = options.tag;
  if ('default' in options) f.default = options.default;
  return f;
}

export function struct(fields: Field[]): StructType {
  return { kind: 'struct', fields };
}

/** An array of a primitive, or of structs given as a field list. */
export function arrayOf(of: Primitive | Field[]): ArrayType {
  return { kind: 'array', of: Array.isArray(of) ? struct(of) : of };
}

export function message(
  kind: 'request' | 'response',
  name: string,
  apiKey: number,
  validVersions: string,
  flexibleVersions: string,
  fields: Field[],
): MessageSchema {
  return {
    name,
    apiKey,
    kind,
    validVersions: parseVersions(validVersions),
    flexibleVersions: parseVersions(flexibleVersions),
    fields,
  };
}

/** The request and response schema of one API key. */
export interface ApiDefinition {
  apiKey: number;
  name: string;
  request: MessageSchema;
  response: MessageSchema;
}

export function api(request: MessageSchema, response: MessageSchema): ApiDefinition {
  if (request.apiKey !== response.apiKey) throw new Error(`${request.name}: request and response keys differ`);
  return { apiKey: request.apiKey, name: request.name.replace(/Request$/, ''), request, response };
}
