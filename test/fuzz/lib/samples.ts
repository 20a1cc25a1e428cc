/**
 * Valid sample requests for any API and version, built from the message schemas and encoded with
 * the codec: the seeds the mutators start from. Names come from a small pool so that mutated
 * requests reach the handlers' real paths (existing topics, groups) more often than not.
 */
import { encodeInto } from '../../../wire/codec';
import { writeRequestHeader } from '../../../wire/headers';
import { Writer } from '../../../wire/io';
import { buildBatch } from '../../../wire/records';
import { Field, FieldType, inRange, MessageSchema, StructType } from '../../../wire/schema';
import type { ApiDefinition } from '../../../wire/schema';
import { Prng } from './prng';

/** Names the fuzzer uses; the broker tests keep their own healthy topic out of this pool. */
export const FUZZ_TOPIC = 'fuzz-topic';
export const FUZZ_GROUP = 'fuzz-group';
const STRINGS = [FUZZ_TOPIC, FUZZ_GROUP, 'fuzz-txn', 'consumer', 'range', 'uniform', ''];

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function sampleRequest(schema: MessageSchema, version: number, rng: Prng): Value {
  return sampleStruct({ kind: 'struct', fields: schema.fields }, version, rng, 0);
}

function sampleStruct(t: StructType, version: number, rng: Prng, depth: number): Value {
  const out: Record<string, Value> = {};
  for (const f of t.fields) {
    if (!inRange(f.versions, version)) continue;
    out[f.name] = sampleField(f, version, rng, depth);
  }
  return out;
}

function sampleField(f: Field, version: number, rng: Prng, depth: number): Value {
  if (inRange(f.nullable, version) && rng.chance(0.15)) return null;
  return sampleType(f.type, f.name, version, rng, depth);
}

function sampleType(t: FieldType, name: string, version: number, rng: Prng, depth: number): Value {
  if (typeof t !== 'string') {
    if (t.kind === 'struct') return sampleStruct(t, version, rng, depth + 1);
    const n = depth > 3 ? 0 : rng.pick([0, 1, 1, 2, 3]);
    return Array.from({ length: n }, () => sampleType(t.of, name, version, rng, depth + 1));
  }
  switch (t) {
    case 'int8':
      return rng.pick([0, 1, -1, 3]);
    case 'int16':
      return rng.pick([0, 1, -1, 3, 7]);
    case 'uint16':
      return rng.pick([0, 1, 9092]);
    case 'int32':
      return rng.pick([0, 1, 2, -1, 100, 1000]);
    case 'uint32':
      return rng.pick([0, 1, 1000]);
    case 'int64':
      return rng.pick([0, 1, -1, -2, 5, Date.now()]);
    case 'float64':
      return rng.pick([0, 0.5, 1e9]);
    case 'bool':
      return rng.chance(0.5);
    case 'string':
      return rng.chance(0.8) ? rng.pick(STRINGS) : rng.bytes(1 + rng.int(12)).toString('hex');
    case 'bytes':
      return rng.bytes(rng.int(24));
    case 'records':
      return buildBatch(
        Array.from({ length: 1 + rng.int(3) }, (_, i) => ({ key: `k${i}`, value: rng.bytes(rng.int(20)) })),
        rng.chance(0.3) ? { producerId: rng.int(5), producerEpoch: 0, baseSequence: 0 } : {},
      );
    case 'uuid':
      return rng.chance(0.5) ? 'AAAAAAAAAAAAAAAAAAAAAA' : rng.bytes(16).toString('base64url');
  }
}

/** A whole request as sent on the wire: size, header (v1, v2 when flexible) and body. */
export function requestBytes(api: ApiDefinition, version: number, body: object, correlationId: number, clientId: string | null = 'fuzz'): Buffer {
  const w = new Writer(256);
  w.int32(0);
  writeRequestHeader(w, { apiKey: api.apiKey, apiVersion: version, correlationId, clientId }, inRange(api.request.flexibleVersions, version));
  encodeInto(api.request, version, body, w);
  const buf = w.toBuffer();
  buf.writeInt32BE(buf.length - 4, 0);
  return buf;
}
