/**
 * Helpers for hand-written byte fixtures. The hex strings in fixtures.<Api>.test.ts are written
 * from Kafka's message definitions, field by field; never generate them with our own encoder.
 */
import { decodeMessage, encodeMessage } from '../../wire/codec';
import { MessageSchema } from '../../wire/schema';

/** The all-zero uuid in Kafka's textual form. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
/** uuid bytes 00 01 02 ... 0f. */
export const UUID_A = 'AAECAwQFBgcICQoLDA0ODw';
export const UUID_A_HEX = '000102030405060708090a0b0c0d0e0f';
/** uuid bytes 0f 0e 0d ... 00. */
export const UUID_B = 'Dw4NDAsKCQgHBgUEAwIBAA';
export const UUID_B_HEX = '0f0e0d0c0b0a09080706050403020100';

/** Ten arbitrary bytes standing in for a RecordBatch: the codec treats records as opaque. */
export const RECORDS_HEX = '00112233445566778899';
export const RECORDS = Buffer.from(RECORDS_HEX, 'hex');

export function hex(s: string): Buffer {
  const clean = s.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex in fixture: ${s}`);
  return Buffer.from(clean, 'hex');
}

/**
 * One fixture: `value` (complete, absent fields at their defaults) must encode to exactly `bytes`
 * and `bytes` must decode to exactly `value`.
 */
export function fixture(title: string, schema: MessageSchema, version: number, value: object, bytes: string): void {
  describe(`${schema.name} v${version}: ${title}`, () => {
    const buf = hex(bytes);
    test('encodes to the fixture bytes', () => {
      expect(encodeMessage(schema, version, value).toString('hex')).toBe(buf.toString('hex'));
    });
    test('decodes the fixture bytes', () => {
      expect(decodeMessage(schema, version, buf)).toEqual(value);
    });
  });
}
