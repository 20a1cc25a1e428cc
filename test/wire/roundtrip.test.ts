/**
 * Round trips for every API definition and every valid version: a sample value with non-default
 * values in every field present in that version (tagged fields included, at least one element in
 * every array) must survive encode → decode, with absent fields at their defaults. A second sample
 * sets every field that is nullable in that version to null.
 *
 * Defaults are computed here from the schema rules, independently of the codec.
 */
import { API_DEFINITIONS } from '../../wire/apis';
import { decodeMessage, encodeMessage } from '../../wire/codec';
import { Field, FieldType, MessageSchema, Primitive, StructType, inRange } from '../../wire/schema';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

function typeDefault(t: FieldType): Value {
  if (typeof t === 'string') {
    switch (t) {
      case 'bool':
        return false;
      case 'string':
        return '';
      case 'bytes':
        return Buffer.alloc(0);
      case 'records':
        return null;
      case 'uuid':
        return ZERO_UUID;
      default:
        return 0;
    }
  }
  if (t.kind === 'array') return [];
  return structDefaults(t);
}

function fieldDefault(f: Field): Value {
  return 'default' in f ? f.default : typeDefault(f.type);
}

function structDefaults(t: StructType): Value {
  const out: Record<string, Value> = {};
  for (const f of t.fields) out[f.name] = fieldDefault(f);
  return out;
}

/** Makes values that differ from field to field (a counter) and never equal the default. */
class SampleMaker {
  private n = 0;

  constructor(
    private readonly version: number,
    private readonly nulls: boolean,
  ) {}

  struct(t: StructType): Value {
    const out: Record<string, Value> = {};
    for (const f of t.fields) out[f.name] = inRange(f.versions, this.version) ? this.field(f) : fieldDefault(f);
    return out;
  }

  private field(f: Field): Value {
    if (this.nulls && inRange(f.nullable, this.version)) return null;
    const dflt = fieldDefault(f);
    let v = this.ofType(f.type);
    if (typeof v === 'number' && v === dflt) v = this.ofType(f.type);
    if (typeof v === 'boolean') v = !dflt;
    return v;
  }

  private ofType(t: FieldType): Value {
    if (typeof t === 'string') return this.primitive(t);
    if (t.kind === 'struct') return this.struct(t);
    if (typeof t.of === 'string') return [this.primitive(t.of), this.primitive(t.of)];
    return [this.struct(t.of), this.struct(t.of)];
  }

  private primitive(p: Primitive): Value {
    const n = ++this.n;
    const sign = n % 2 === 0 ? 1 : -1;
    switch (p) {
      case 'int8':
        return sign * ((n % 100) + 1);
      case 'int16':
        return sign * ((n % 30000) + 300);
      case 'int32':
        return sign * (100000 + n);
      case 'int64':
        return sign * (2 ** 40 + n);
      case 'uint16':
        return 40000 + (n % 20000);
      case 'uint32':
        return 3000000000 + n;
      case 'float64':
        return sign * (n + 0.5);
      case 'bool':
        return true;
      case 'string':
        return `s${n}-é`; // non-ASCII: lengths are in bytes
      case 'bytes':
        return Buffer.from([n & 0xff, 0, 255]);
      case 'records':
        return Buffer.from(Array.from({ length: 10 }, (_, i) => (n + i) & 0xff));
      case 'uuid':
        return Buffer.from(Array.from({ length: 16 }, (_, i) => (n * 16 + i + 1) & 0xff)).toString('base64url');
    }
  }
}

function sample(schema: MessageSchema, version: number, nulls: boolean): Value {
  return new SampleMaker(version, nulls).struct({ kind: 'struct', fields: schema.fields });
}

function versions(schema: MessageSchema): number[] {
  const out: number[] = [];
  for (let v = schema.validVersions.min; v <= schema.validVersions.max; v++) out.push(v);
  return out;
}

const cases: [string, MessageSchema, number][] = [];
for (const def of API_DEFINITIONS) {
  for (const schema of [def.request, def.response]) {
    for (const v of versions(schema)) cases.push([`${schema.name} v${v}`, schema, v]);
  }
}

test('every definition has a finite version range', () => {
  for (const def of API_DEFINITIONS) {
    expect(Number.isFinite(def.request.validVersions.max)).toBe(true);
    expect(def.request.validVersions).toEqual(def.response.validVersions);
  }
});

describe.each(cases)('%s', (_name, schema, version) => {
  test('non-default sample round-trips', () => {
    const value = sample(schema, version, false);
    const bytes = encodeMessage(schema, version, value);
    const decoded = decodeMessage(schema, version, bytes);
    expect(decoded).toEqual(value);
    expect(encodeMessage(schema, version, decoded).equals(bytes)).toBe(true);
  });

  test('nullable fields set to null round-trip', () => {
    const value = sample(schema, version, true);
    const bytes = encodeMessage(schema, version, value);
    expect(decodeMessage(schema, version, bytes)).toEqual(value);
  });

  test('all-default value round-trips', () => {
    const value = structDefaults({ kind: 'struct', fields: schema.fields });
    const bytes = encodeMessage(schema, version, value);
    expect(decodeMessage(schema, version, bytes)).toEqual(value);
  });
});
