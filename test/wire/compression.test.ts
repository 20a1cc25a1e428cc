/**
 * The record-set codecs (wire/compression.ts): round trips for every codec, frames written by
 * other implementations (kcat/librdkafka, the lz4 CLI, plain snappy) decode, and what we write is
 * in the framing Kafka clients expect.
 */
import { BATCH_HEADER_SIZE, Compression, buildBatch, readRecords } from '../../wire/records';
import { compressRecords, decompressedLimit, decompressRecords, loadCompressionCodecs } from '../../wire/compression';
import { DecodeError } from '../../wire/io';

const CODECS = [Compression.None, Compression.Gzip, Compression.Snappy, Compression.Lz4, Compression.Zstd];

beforeAll(() => loadCompressionCodecs());

describe.each(CODECS.map((c) => [Compression[c], c] as const))('%s', (_name, codec) => {
  test('round trips empty, small, repetitive and multi-block data', () => {
    const random = Buffer.alloc(200_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 13;
    for (const data of [Buffer.alloc(0), Buffer.from('x'), Buffer.from('hello '.repeat(30_000)), random]) {
      expect(decompressRecords(codec, compressRecords(codec, data)).equals(data)).toBe(true);
    }
  });

  test('a batch built with the codec reads back with keys, values, headers and timestamps', () => {
    const batch = buildBatch(
      [
        { key: 'k1', value: 'v1'.repeat(100), timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: 'x' }] },
        { key: 'k2', value: null, timestamp: 1_700_000_000_005 },
      ],
      { compression: codec, baseOffset: 40 },
    );
    expect(batch.readInt16BE(21) & 7).toBe(codec);
    const records = readRecords(batch);
    expect(records.map((r) => [r.offset, r.key?.toString(), r.value?.toString() ?? null, r.timestamp])).toEqual([
      [40, 'k1', 'v1'.repeat(100), 1_700_000_000_000],
      [41, 'k2', null, 1_700_000_000_005],
    ]);
    expect(records[0].headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
  });
});

describe('frames from other implementations', () => {
  test('a zstd batch produced by kcat (librdkafka)', () => {
    const batch = Buffer.from(
      '00000000000000000000006800000000022d05d8ce000400000001000001a208d54c63000001a208d54c63ffffffffffffffffffffffffffff' +
        '0000000228b52ffd00587501002402f212000000046b31e01268656c6c6f2000f212000002046b32e012776f726c64200002004f01ff724afeb204',
      'hex',
    );
    expect(readRecords(batch).map((r) => `${r.key}=${r.value}`)).toEqual([`k1=${'hello '.repeat(200)}`, `k2=${'world '.repeat(200)}`]);
  });

  test('an LZ4 frame written by the lz4 CLI (independent blocks, content checksum)', () => {
    const frame = Buffer.from('04224d186440a7100000006f68656c6c6f200600055068656c6c6f00000000bd9cd674', 'hex');
    expect(decompressRecords(Compression.Lz4, frame).toString()).toBe('hello hello hello hello hello hello');
  });

  test('plain (unframed) snappy, as librdkafka writes it', () => {
    // uncompressed length 5, one literal of 5 bytes
    expect(decompressRecords(Compression.Snappy, Buffer.from('051068656c6c6f', 'hex')).toString()).toBe('hello');
  });
});

describe('what we write', () => {
  test('snappy uses the xerial framing: magic, version 1, compatible version 1, length-prefixed blocks', () => {
    const out = compressRecords(Compression.Snappy, Buffer.from('hello'));
    // header | block length 7 | snappy block: length 5, one 5-byte literal
    expect(out.toString('hex')).toBe('82534e41505059000000000100000001' + '00000007' + '051068656c6c6f');
  });

  test('lz4 writes a frame with independent 64 KiB blocks and a valid header checksum', () => {
    const out = compressRecords(Compression.Lz4, Buffer.from('hello hello hello hello hello hello'));
    // magic, FLG 0x60 (version 1, independent blocks), BD 0x40 (64 KiB), HC of FLG+BD as the lz4 CLI computes it
    expect(out.subarray(0, 7).toString('hex')).toBe('04224d186040' + '82');
    expect(out.subarray(out.length - 4).toString('hex')).toBe('00000000');
  });

  test('zstd needs loading only to compress; decompressing always works', () => {
    expect(decompressRecords(Compression.Zstd, compressRecords(Compression.Zstd, Buffer.from('abc'))).toString()).toBe('abc');
  });
});

describe('decompressed size is bounded (zip bombs)', () => {
  const MiB = 1024 * 1024;
  const zeros = Buffer.alloc(40 * MiB);

  test('the bound is max(16 MiB, 64 x the compressed size)', () => {
    expect(decompressedLimit(100)).toBe(16 * MiB);
    expect(decompressedLimit(1 * MiB)).toBe(64 * MiB);
  });

  test.each([Compression.Gzip, Compression.Lz4, Compression.Zstd].map((c) => [Compression[c], c] as const))('%s: 40 MiB of zeros from a small payload is refused with DecodeError', (_name, codec) => {
    const bomb = compressRecords(codec, zeros);
    expect(40 * MiB).toBeGreaterThan(decompressedLimit(bomb.length));
    expect(() => decompressRecords(codec, bomb)).toThrow(DecodeError);
    expect(() => decompressRecords(codec, bomb)).toThrow(/decompresses to more than 16777216 bytes/);
    // Under the same payload with an explicit, larger limit the data is intact: the bound, not the codec, refused it.
    expect(decompressRecords(codec, bomb, 41 * MiB).equals(zeros)).toBe(true);
  });

  test('data right at the bound still decodes, for every codec', () => {
    const atLimit = Buffer.alloc(16 * MiB, 7);
    for (const codec of [Compression.Gzip, Compression.Snappy, Compression.Lz4, Compression.Zstd]) {
      expect(decompressRecords(codec, compressRecords(codec, atLimit)).length).toBe(16 * MiB);
    }
  });

  test('snappy: a block stating a 1 GiB length is refused before anything is allocated', () => {
    // uncompressed-length varint 2^30, then a 1-byte literal
    const block = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x61]);
    expect(() => decompressRecords(Compression.Snappy, block)).toThrow(DecodeError);
    const xerial = Buffer.concat([compressRecords(Compression.Snappy, Buffer.alloc(0)), Buffer.from([0, 0, 0, block.length]), block]);
    expect(() => decompressRecords(Compression.Snappy, xerial)).toThrow(DecodeError);
  });

  test('zstd: a frame header declaring a 1 GiB window or a 1 TiB content size is refused before allocating it', () => {
    const before = process.memoryUsage().arrayBuffers;
    // magic | FHD 0x00 (window descriptor follows) | WD 0xa0: 2^30 window | raw last block of 0 bytes
    const window = Buffer.from('28b52ffd' + '00' + 'a0' + '010000', 'hex');
    expect(() => decompressRecords(Compression.Zstd, window)).toThrow(/more than/);
    // FHD 0xe0: single segment, 8-byte content size 2^40 | raw last block of 0 bytes
    const content = Buffer.from('28b52ffd' + 'e0' + '0000000000010000' + '010000', 'hex');
    expect(() => decompressRecords(Compression.Zstd, content)).toThrow(/more than/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
  });

  test('lz4: a frame whose content-size field claims 1 TiB does not make us allocate it', () => {
    const frame = compressRecords(Compression.Lz4, Buffer.from('hello'));
    // FLG with the content-size bit, then 8 bytes of content size after BD; the header checksum is not checked (as lz4js)
    const withSize = Buffer.concat([frame.subarray(0, 4), Buffer.from([frame[4] | 0x08, frame[5]]), Buffer.from('0000000000010000', 'hex'), frame.subarray(6)]);
    expect(decompressRecords(Compression.Lz4, withSize).toString()).toBe('hello');
  });

  test('garbage in any codec is a DecodeError, never another error', () => {
    const garbage = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    for (const codec of [Compression.Gzip, Compression.Snappy, Compression.Lz4, Compression.Zstd]) {
      expect(() => decompressRecords(codec, garbage)).toThrow(DecodeError);
    }
  });

  test('readRecords of a batch holding a gzip bomb throws DecodeError', () => {
    const batch = buildBatch([{ key: 'k', value: 'v' }], { compression: Compression.Gzip });
    const bomb = compressRecords(Compression.Gzip, zeros);
    const forged = Buffer.concat([batch.subarray(0, BATCH_HEADER_SIZE), bomb]);
    forged.writeInt32BE(forged.length - 12, 8);
    expect(() => readRecords(forged)).toThrow(DecodeError);
  });
});
