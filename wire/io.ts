/**
 * Reader and Writer over Buffers: Kafka's fixed-width integers, (zigzag) varints, strings, bytes,
 * arrays and UUIDs. Every length read is checked against the bytes that are left before anything
 * is allocated, so a hostile length field costs nothing.
 */

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export class Reader {
  pos: number;
  readonly end: number;

  constructor(readonly buf: Buffer, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.end) {
      throw new DecodeError(`need ${n} bytes at offset ${at}, only ${this.end - at} left`);
    }
    this.pos = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }
  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }

  /** Unsigned LEB128 varint, at most 5 bytes (32 bits). */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf[this.need(1)];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) throw new DecodeError('unsigned varint exceeds 32 bits');
        return value;
      }
    }
    throw new DecodeError('unsigned varint longer than 5 bytes');
  }

  /** Zigzag-encoded signed 32-bit varint. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag-encoded signed 64-bit varint, as a number. */
  varlong(): number {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.buf[this.need(1)];
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return Number((value >> 1n) ^ -(value & 1n));
    }
    throw new DecodeError('varlong longer than 10 bytes');
  }

  raw(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  string(): string {
    return this.stringOf(this.int16());
  }
  nullableString(): string | null {
    const len = this.int16();
    return len < 0 ? null : this.stringOf(len);
  }
  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new DecodeError('null in a non-nullable compact string');
    return s;
  }
  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.stringOf(len);
  }
  private stringOf(len: number): string {
    if (len < 0) throw new DecodeError(`negative string length ${len}`);
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    return len < 0 ? null : this.raw(len);
  }
  compactNullableBytes(): Buffer | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.raw(len);
  }

  /** Array length: int32 (−1 = null) or compact (uvarint length+1, 0 = null). Checked against bytes left. */
  arrayLength(compact: boolean): number {
    const len = compact ? this.uvarint() - 1 : this.int32();
    // Every element takes at least one byte, so a longer array cannot fit in what is left.
    if (len > this.remaining()) throw new DecodeError(`array of ${len} elements runs past the frame`);
    return len;
  }

  uuid(): string {
    return this.raw(16).toString('base64url');
  }

  /** Skip an unknown tagged field's bytes. */
  skip(n: number): void {
    this.need(n);
  }
}

/**
 * Writes into a growing buffer. Large blobs (record batches) can be added by reference with
 * `ref()`: they become separate chunks, so fetched log data is never copied into the response.
 */
export class Writer {
  private buf: Buffer;
  private pos = 0;
  private readonly chunks: Buffer[] = [];
  private chunkedBytes = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.chunkedBytes + this.pos;
  }

  private room(n: number): number {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int8(v: number): this {
    const at = this.room(1);
    this.buf.writeInt8(v, at);
    return this;
  }
  int16(v: number): this {
    const at = this.room(2);
    this.buf.writeInt16BE(v, at);
    return this;
  }
  uint16(v: number): this {
    const at = this.room(2);
    this.buf.writeUInt16BE(v, at);
    return this;
  }
  int32(v: number): this {
    const at = this.room(4);
    this.buf.writeInt32BE(v, at);
    return this;
  }
  uint32(v: number): this {
    const at = this.room(4);
    this.buf.writeUInt32BE(v, at);
    return this;
  }
  int64(v: number | bigint): this {
    const at = this.room(8);
    this.buf.writeBigInt64BE(toInt64(v), at);
    return this;
  }
  float64(v: number): this {
    const at = this.room(8);
    this.buf.writeDoubleBE(v, at);
    return this;
  }
  bool(v: boolean): this {
    const at = this.room(1);
    this.buf[at] = v ? 1 : 0;
    return this;
  }

  uvarint(v: number): this {
    if (v < 0 || v > 0xffffffff || !Number.isInteger(v)) throw new RangeError(`uvarint out of range: ${v}`);
    while (v >= 0x80) {
      const at = this.room(1);
      this.buf[at] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    const at = this.room(1);
    this.buf[at] = v;
    return this;
  }
  varint(v: number): this {
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  varlong(v: number | bigint): this {
    const n = toInt64(v);
    let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    while (z >= 0x80n) {
      const at = this.room(1);
      this.buf[at] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    const at = this.room(1);
    this.buf[at] = Number(z);
    return this;
  }

  raw(bytes: Buffer): this {
    const at = this.room(bytes.length);
    bytes.copy(this.buf, at);
    return this;
  }

  /** Append a buffer by reference (no copy) when it is large; small ones are copied. */
  ref(bytes: Buffer): this {
    if (bytes.length < 1024) return this.raw(bytes);
    this.flushChunk();
    this.chunks.push(bytes);
    this.chunkedBytes += bytes.length;
    return this;
  }

  string(s: string): this {
    const len = Buffer.byteLength(s);
    if (len > 0x7fff) throw new RangeError(`string of ${len} bytes is too long for int16 length`);
    this.int16(len);
    const at = this.room(len);
    this.buf.write(s, at, len, 'utf8');
    return this;
  }
  nullableString(s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s);
  }
  compactNullableString(s: string | null): this {
    if (s === null) return this.uvarint(0);
    const len = Buffer.byteLength(s);
    this.uvarint(len + 1);
    const at = this.room(len);
    this.buf.write(s, at, len, 'utf8');
    return this;
  }

  nullableBytes(b: Buffer | null): this {
    return b === null ? this.int32(-1) : this.int32(b.length).raw(b);
  }
  compactNullableBytes(b: Buffer | null): this {
    return b === null ? this.uvarint(0) : this.uvarint(b.length + 1).raw(b);
  }

  arrayLength(len: number | null, compact: boolean): this {
    if (compact) return this.uvarint(len === null ? 0 : len + 1);
    return this.int32(len === null ? -1 : len);
  }

  uuid(u: string | null): this {
    const bytes = Buffer.from(u ?? ZERO_UUID, 'base64url');
    if (bytes.length !== 16) throw new RangeError(`not a uuid: ${u}`);
    return this.raw(bytes);
  }

  private flushChunk(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.chunkedBytes += this.pos;
    this.buf = Buffer.allocUnsafe(Math.max(256, this.buf.length - this.pos));
    this.pos = 0;
  }

  /** The written bytes as a list of chunks, for writev. */
  toChunks(): Buffer[] {
    this.flushChunk();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.chunkedBytes);
  }
}

function toInt64(v: number | bigint): bigint {
  const n = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
}

export { ZERO_UUID };
