/**
 * One generic encoder/decoder for every message. A schema is compiled once per version into a
 * pair of closures (which fields exist, compact or classic encodings, tagged sections), so the
 * per-message work is only reading and writing values.
 */
import { DecodeError, Reader, Writer, ZERO_UUID } from './io';
import { Field, FieldType, MessageSchema, Primitive, StructType, inRange } from './schema';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Decode = (r: Reader) => Value;
type Encode = (w: Writer, v: Value) => void;

interface Compiled {
  decode: Decode;
  encode: Encode;
}

const compiledCache = new WeakMap<MessageSchema, Map<number, Compiled>>();

function compiled(schema: MessageSchema, version: number): Compiled {
  if (!inRange(schema.validVersions, version)) {
    throw new DecodeError(`${schema.name} has no version ${version}`);
  }
  let byVersion = compiledCache.get(schema);
  if (!byVersion) compiledCache.set(schema, (byVersion = new Map()));
  let c = byVersion.get(version);
  if (!c) {
    c = compileStruct({ kind: 'struct', fields: schema.fields }, version, inRange(schema.flexibleVersions, version));
    byVersion.set(version, c);
  }
  return c;
}

export function decodeFrom(schema: MessageSchema, version: number, r: Reader): Value {
  return compiled(schema, version).decode(r);
}

export function encodeInto(schema: MessageSchema, version: number, value: object, w: Writer): void {
  compiled(schema, version).encode(w, value);
}

/** Decode a whole message body; trailing bytes are an error. */
export function decodeMessage(schema: MessageSchema, version: number, buf: Buffer): Value {
  const r = new Reader(buf);
  const value = decodeFrom(schema, version, r);
  if (r.remaining() !== 0) throw new DecodeError(`${r.remaining()} unexpected bytes after ${schema.name} v${version}`);
  return value;
}

export function encodeMessage(schema: MessageSchema, version: number, value: object): Buffer {
  const w = new Writer();
  encodeInto(schema, version, value, w);
  return w.toBuffer();
}

/** The value a field has when it is absent from a version. */
export function defaultValue(f: Field): Value {
  if ('default' in f) return f.default;
  return typeDefault(f.type);
}

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

function structDefaults(t: StructType): Value {
  const out: Record<string, Value> = {};
  for (const f of t.fields) out[f.name] = defaultValue(f);
  return out;
}

function compileStruct(t: StructType, version: number, flexible: boolean): Compiled {
  const present = t.fields.filter((f) => inRange(f.versions, version));
  const absent = t.fields.filter((f) => !inRange(f.versions, version));
  const isTagged = (f: Field) => flexible && f.tag !== undefined && inRange(f.taggedVersions, version);
  const regular = present.filter((f) => !isTagged(f));
  const tagged = present.filter(isTagged).sort((a, b) => a.tag! - b.tag!);

  const regularCodecs = regular.map((f) => ({ name: f.name, ...compileField(f, version, flexible) }));
  const taggedCodecs = new Map(tagged.map((f) => [f.tag!, { field: f, ...compileField(f, version, flexible) }]));

  const decode: Decode = (r) => {
    const out: Record<string, Value> = {};
    for (const f of absent) out[f.name] = defaultValue(f);
    for (const f of tagged) out[f.name] = defaultValue(f);
    for (const c of regularCodecs) out[c.name] = c.decode(r);
    if (flexible) {
      const count = r.uvarint();
      for (let i = 0; i < count; i++) {
        const tag = r.uvarint();
        const size = r.uvarint();
        const c = taggedCodecs.get(tag);
        if (!c) {
          r.skip(size); // unknown tags are skipped, as Kafka does
          continue;
        }
        const end = r.pos + size;
        if (end > r.end) throw new DecodeError(`tagged field ${tag} runs past the frame`);
        const inner = new Reader(r.buf, r.pos, end);
        out[c.field.name] = c.decode(inner);
        r.pos = end;
      }
    }
    return out;
  };

  const encode: Encode = (w, v) => {
    if (v === null || v === undefined) throw new TypeError('cannot encode a missing struct');
    for (const c of regularCodecs) c.encode(w, v[c.name]);
    if (flexible) {
      const toWrite = [...taggedCodecs.values()].filter(
        (c) => v[c.field.name] !== undefined && !sameAsDefault(v[c.field.name], defaultValue(c.field)),
      );
      w.uvarint(toWrite.length);
      for (const c of toWrite) {
        const inner = new Writer(64);
        c.encode(inner, v[c.field.name]);
        const bytes = inner.toBuffer();
        w.uvarint(c.field.tag!).uvarint(bytes.length).raw(bytes);
      }
    }
  };

  return { decode, encode };
}

/** Structural equality, as Kafka's generated equals(): a tagged field equal to its default is not written. */
function sameAsDefault(value: Value, dflt: Value): boolean {
  if (value === dflt) return true;
  if (value === null || dflt === null || typeof value !== 'object' || typeof dflt !== 'object') return false;
  if (Buffer.isBuffer(value) || Buffer.isBuffer(dflt)) {
    return Buffer.isBuffer(value) && Buffer.isBuffer(dflt) && value.equals(dflt);
  }
  if (Array.isArray(value) || Array.isArray(dflt)) {
    return Array.isArray(value) && Array.isArray(dflt) && value.length === dflt.length && value.every((v, i) => sameAsDefault(v, dflt[i]));
  }
  const keys = Object.keys(dflt);
  return keys.every((k) => sameAsDefault(value[k], dflt[k]));
}

function compileField(f: Field, version: number, flexible: boolean): Compiled {
  const nullable = inRange(f.nullable, version);
  const inner = compileType(f.type, version, flexible, nullable, f.name);
  return {
    decode: inner.decode,
    encode: (w, v) => inner.encode(w, v === undefined ? defaultValue(f) : v),
  };
}

function compileType(t: FieldType, version: number, flexible: boolean, nullable: boolean, name: string): Compiled {
  if (typeof t === 'string') return compilePrimitive(t, flexible, nullable, name);
  if (t.kind === 'array') {
    const element = compileType(t.of, version, flexible, false, name);
    return {
      decode: (r) => {
        const len = r.arrayLength(flexible);
        if (len < 0) {
          if (!nullable) throw new DecodeError(`null array in non-nullable field ${name}`);
          return null;
        }
        const out = new Array(len);
        for (let i = 0; i < len; i++) out[i] = element.decode(r);
        return out;
      },
      encode: (w, v) => {
        if (v === null) {
          if (!nullable) throw new TypeError(`field ${name} is not nullable`);
          w.arrayLength(null, flexible);
          return;
        }
        w.arrayLength(v.length, flexible);
        for (const item of v) element.encode(w, item);
      },
    };
  }
  const s = compileStruct(t, version, flexible);
  if (!nullable) return s;
  // A nullable struct is preceded by an int8 marker: −1 null, 1 present.
  return {
    decode: (r) => (r.int8() < 0 ? null : s.decode(r)),
    encode: (w, v) => {
      if (v === null) w.int8(-1);
      else s.encode(w.int8(1), v);
    },
  };
}

function compilePrimitive(t: Primitive, flexible: boolean, nullable: boolean, name: string): Compiled {
  const notNull = (v: Value) => {
    if (v === null) throw new TypeError(`field ${name} is not nullable`);
    return v;
  };
  const checkNull = (v: Value) => {
    if (v === null && !nullable) throw new DecodeError(`null in non-nullable field ${name}`);
    return v;
  };
  switch (t) {
    case 'int8':
      return { decode: (r) => r.int8(), encode: (w, v) => w.int8(v) };
    case 'int16':
      return { decode: (r) => r.int16(), encode: (w, v) => w.int16(v) };
    case 'uint16':
      return { decode: (r) => r.uint16(), encode: (w, v) => w.uint16(v) };
    case 'int32':
      return { decode: (r) => r.int32(), encode: (w, v) => w.int32(v) };
    case 'uint32':
      return { decode: (r) => r.uint32(), encode: (w, v) => w.uint32(v) };
    case 'int64':
      return { decode: (r) => r.int64(), encode: (w, v) => w.int64(v) };
    case 'float64':
      return { decode: (r) => r.float64(), encode: (w, v) => w.float64(v) };
    case 'bool':
      return { decode: (r) => r.bool(), encode: (w, v) => w.bool(v) };
    case 'uuid':
      return { decode: (r) => r.uuid(), encode: (w, v) => w.uuid(v) };
    case 'string':
      return flexible
        ? {
            decode: (r) => checkNull(r.compactNullableString()),
            encode: (w, v) => w.compactNullableString(nullable ? v : notNull(v)),
          }
        : {
            decode: (r) => checkNull(r.nullableString()),
            encode: (w, v) => w.nullableString(nullable ? v : notNull(v)),
          };
    case 'bytes':
      return flexible
        ? {
            decode: (r) => checkNull(r.compactNullableBytes()),
            encode: (w, v) => w.compactNullableBytes(nullable ? v : notNull(v)),
          }
        : {
            decode: (r) => checkNull(r.nullableBytes()),
            encode: (w, v) => w.nullableBytes(nullable ? v : notNull(v)),
          };
    case 'records':
      return {
        decode: (r) => checkNull(flexible ? r.compactNullableBytes() : r.nullableBytes()),
        encode: (w, v) => encodeRecords(w, nullable ? v : notNull(v), flexible),
      };
  }
}

/** Records may be one Buffer or a list of Buffers (batches read from the log), written by reference. */
function encodeRecords(w: Writer, v: Buffer | Buffer[] | null, flexible: boolean): void {
  if (v === null) {
    if (flexible) w.uvarint(0);
    else w.int32(-1);
    return;
  }
  const parts = Array.isArray(v) ? v : [v];
  let size = 0;
  for (const p of parts) size += p.length;
  if (flexible) w.uvarint(size + 1);
  else w.int32(size);
  for (const p of parts) w.ref(p);
}
