/**
 * The generic error responses, for every API and version the broker implements: each encodes
 * under the response schema, decodes back, and carries the error where a client looks for it
 * (the top-level errorCode, or every entry mirrored from the request with its identity).
 */
import { decodeMessage, encodeMessage } from '../../wire/codec';
import type { Field, FieldType } from '../../wire/schema';
import { inRange } from '../../wire/schema';
import { entryErrors, errorResponse } from '../../src/faults/errorResponse';
import { isErrorCode, shapeOf } from '../../src/faults/shape';
import { HANDLERS } from '../../src/handlers';

type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A request with every array holding two entries, so mirroring shows. */
function sample(fields: Field[], version: number): Value {
  const out: Record<string, Value> = {};
  for (const f of fields) if (inRange(f.versions, version)) out[f.name] = sampleValue(f.type, version, f.name);
  return out;
}

function sampleValue(t: FieldType, version: number, name: string): Value {
  if (typeof t !== 'string') {
    if (t.kind === 'struct') return sample(t.fields, version);
    return [0, 1].map((i) => (typeof t.of === 'string' ? (t.of === 'string' ? `${name}-${i}` : i) : sample(t.of.fields, version)));
  }
  switch (t) {
    case 'string':
      return `${name}-0`;
    case 'bytes':
    case 'records':
      return Buffer.alloc(0);
    case 'bool':
      return false;
    case 'uuid':
      return 'AAAAAAAAAAAAAAAAAAAAAQ';
    default:
      return name === 'keyType' ? 0 : 1;
  }
}

/** Every error code in a decoded response, with the path it was found at. */
function errorCodes(value: Value, fields: Field[], version: number, path = ''): [string, number][] {
  const out: [string, number][] = [];
  for (const f of fields) {
    if (!inRange(f.versions, version)) continue;
    const at = path ? `${path}.${f.name}` : f.name;
    if (isErrorCode(f)) out.push([at, value[f.name]]);
    else if (typeof f.type !== 'string' && f.type.kind === 'array' && typeof f.type.of !== 'string') {
      const of = f.type.of;
      (value[f.name] ?? []).forEach((e: Value, i: number) => out.push(...errorCodes(e, of.fields, version, `${at}[${i}]`)));
    }
  }
  return out;
}

const cases = HANDLERS.flatMap((h) => Array.from({ length: h.maxVersion - h.minVersion + 1 }, (_, i) => [h.api.name, h.minVersion + i] as const));

test.each(cases)('%s v%i: the whole-request error encodes and carries the code', (name, version) => {
  const handler = HANDLERS.find((h) => h.api.name === name)!;
  const { api } = handler;
  const request = sample(api.request.fields, version);
  const response = errorResponse(handler, version, request, { errorCode: 1234, message: 'injected' });
  const decoded = decodeMessage(api.response, version, encodeMessage(api.response, version, response));
  const codes = errorCodes(decoded, api.response.fields, version);
  expect(codes.length).toBeGreaterThan(0);
  expect(codes.some(([, code]) => code === 1234)).toBe(true);
  // Where the error is not at the top, each request entry is answered, with its identity.
  const level = shapeOf(api, version).entries;
  if (level && !codes.some(([path]) => !path.includes('.') && !path.includes('['))) {
    expect(decoded[level.response.name]).toHaveLength(2);
  }
});

test.each(cases.filter(([name, version]) => shapeOf(HANDLERS.find((h) => h.api.name === name)!.api, version).entries))(
  '%s v%i: entry errors encode, with the error on the entries only',
  (name, version) => {
    const { api } = HANDLERS.find((h) => h.api.name === name)!;
    const hit = sample(api.request.fields, version);
    const response = entryErrors(api, version, hit, 1, { errorCode: 1234, message: 'injected' });
    const decoded = decodeMessage(api.response, version, encodeMessage(api.response, version, response));
    const codes = errorCodes(decoded, api.response.fields, version);
    const top = codes.filter(([path]) => !path.includes('['));
    const entries = codes.filter(([path]) => path.includes('['));
    expect(top.every(([, code]) => code === 0)).toBe(true);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every(([, code]) => code === 1234)).toBe(true);
  },
);

test('Produce v10: mirrored entries keep the request\'s topic names and partition indexes', () => {
  const handler = HANDLERS.find((h) => h.api.name === 'Produce')!;
  const request = { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'a', partitionData: [{ index: 3, records: null }, { index: 5, records: null }] }] };
  const response = errorResponse(handler, 10, request, { errorCode: 6, message: 'm' });
  expect(response.responses).toEqual([
    {
      name: 'a',
      partitionResponses: [3, 5].map((index) => ({
        index,
        errorCode: 6,
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
        recordErrors: [],
        errorMessage: 'm',
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
      })),
    },
  ]);
});
