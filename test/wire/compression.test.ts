/**
 * The record-set codecs (wire/compression.ts): round trips for every codec, frames written by
 * other implementations (kcat/librdkafka, the lz4 CLI, plain snappy) decode, and what we write is
 * in the framing Kafka clients expect.
 */
import { Compression, buildBatch, readRecords } from '../../wire/records';
import { compressRecords, decompressRecords, loadCompressionCodecs } from '../../wire/compression';

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
