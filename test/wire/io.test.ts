import { DecodeError, Reader, Writer } from '../../wire/io';

const hex = (w: Writer) => w.toBuffer().toString('hex');
const reader = (h: string) => new Reader(Buffer.from(h, 'hex'));

describe('varints', () => {
  it('encodes unsigned varints as LEB128', () => {
    expect(hex(new Writer().uvarint(0))).toBe('00');
    expect(hex(new Writer().uvarint(127))).toBe('7f');
    expect(hex(new Writer().uvarint(128))).toBe('8001');
    expect(hex(new Writer().uvarint(300))).toBe('ac02');
    expect(hex(new Writer().uvarint(0xffffffff))).toBe('ffffffff0f');
    expect(reader('ffffffff0f').uvarint()).toBe(0xffffffff);
  });

  it('zigzag-encodes signed varints and varlongs', () => {
    expect(hex(new Writer().varint(0))).toBe('00');
    expect(hex(new Writer().varint(-1))).toBe('01');
    expect(hex(new Writer().varint(1))).toBe('02');
    expect(hex(new Writer().varint(-64))).toBe('7f');
    expect(hex(new Writer().varint(64))).toBe('8001');
    expect(hex(new Writer().varlong(-1))).toBe('01');
    expect(hex(new Writer().varlong(2 ** 40))).toBe('808080808040');
    expect(reader('808080808040').varlong()).toBe(2 ** 40);
    expect(reader('01').varint()).toBe(-1);
    expect(reader('8001').varint()).toBe(64);
  });

  it('rejects varints that never end', () => {
    expect(() => reader('ffffffffff01').uvarint()).toThrow(DecodeError);
    expect(() => reader('ff').uvarint()).toThrow(DecodeError);
  });
});

describe('lengths are checked before allocating', () => {
  it('rejects a string running past the end', () => {
    expect(() => reader('0005616263').string()).toThrow(DecodeError);
  });
  it('rejects an array longer than the bytes left', () => {
    expect(() => reader('7fffffff00').arrayLength(false)).toThrow(DecodeError);
    expect(() => reader('ffffffff07').arrayLength(true)).toThrow(DecodeError);
  });
  it('reads null strings, bytes and arrays', () => {
    expect(reader('ffff').nullableString()).toBeNull();
    expect(reader('00').compactNullableString()).toBeNull();
    expect(reader('ffffffff').nullableBytes()).toBeNull();
    expect(reader('ffffffff').arrayLength(false)).toBe(-1);
    expect(reader('00').arrayLength(true)).toBe(-1);
  });
});

describe('Writer', () => {
  it('keeps large blobs as separate chunks without copying', () => {
    const blob = Buffer.alloc(4096, 7);
    const w = new Writer().int32(1).ref(blob).int16(2);
    const chunks = w.toChunks();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(blob);
    expect(w.length).toBe(4 + 4096 + 2);
  });
  it('writes uuids in Kafka text form', () => {
    const id = 'AAECAwQFBgcICQoLDA0ODw';
    expect(hex(new Writer().uuid(id))).toBe('000102030405060708090a0b0c0d0e0f');
    expect(reader('000102030405060708090a0b0c0d0e0f').uuid()).toBe(id);
  });
});

describe('Writer growth', () => {
  it('keeps every write when the buffer grows mid-message', () => {
    const w = new Writer(4);
    const expected: string[] = [];
    for (let i = 0; i < 100; i++) {
      w.int8(1).int16(2).int32(3).int64(4).uvarint(300).string('abc');
      expected.push('01' + '0002' + '00000003' + '0000000000000004' + 'ac02' + '0003616263');
    }
    expect(w.toBuffer().toString('hex')).toBe(expected.join(''));
  });
});
