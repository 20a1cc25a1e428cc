import { readRequestHeader, readResponseHeader, responseHeaderIsFlexible, writeRequestHeader, writeResponseHeader } from '../../wire/headers';
import { Reader, Writer } from '../../wire/io';

const header = { apiKey: 3, apiVersion: 12, correlationId: 7, clientId: 'kcat' };

describe('request headers', () => {
  // v1: api_key int16, api_version int16, correlation_id int32, client_id int16-length string.
  const V1 = '0003' + '000c' + '00000007' + '0004' + '6b636174';
  // v2 adds an (empty) tagged-field section; client_id stays a classic string.
  const V2 = V1 + '00';

  it('writes and reads v1', () => {
    const w = new Writer();
    writeRequestHeader(w, header, false);
    expect(w.toBuffer().toString('hex')).toBe(V1);
    expect(readRequestHeader(new Reader(Buffer.from(V1, 'hex')), false)).toEqual(header);
  });

  it('writes and reads v2, skipping unknown tagged fields', () => {
    const w = new Writer();
    writeRequestHeader(w, header, true);
    expect(w.toBuffer().toString('hex')).toBe(V2);
    const withTag = Buffer.from(V1 + '01' + '05' + '02' + 'abcd' + 'ff', 'hex');
    const r = new Reader(withTag);
    expect(readRequestHeader(r, true)).toEqual(header);
    expect(r.remaining()).toBe(1); // the body starts right after the tagged section
  });

  it('reads a null client id', () => {
    const r = new Reader(Buffer.from('0012' + '0000' + '00000001' + 'ffff', 'hex'));
    expect(readRequestHeader(r, false).clientId).toBeNull();
  });
});

describe('response headers', () => {
  it('v0 is the correlation id, v1 adds a tagged-field section', () => {
    const v0 = new Writer();
    writeResponseHeader(v0, 7, false);
    expect(v0.toBuffer().toString('hex')).toBe('00000007');
    const v1 = new Writer();
    writeResponseHeader(v1, 7, true);
    expect(v1.toBuffer().toString('hex')).toBe('0000000700');
    expect(readResponseHeader(new Reader(Buffer.from('0000000700', 'hex')), true)).toEqual({ correlationId: 7 });
  });

  it('ApiVersions always answers with header v0', () => {
    expect(responseHeaderIsFlexible(18, true)).toBe(false);
    expect(responseHeaderIsFlexible(3, true)).toBe(true);
    expect(responseHeaderIsFlexible(3, false)).toBe(false);
  });
});
