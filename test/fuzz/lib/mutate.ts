/**
 * Mutations of a request frame (size prefix stripped): bit flips, truncation, inserted and
 * removed bytes, and integers overwritten with hostile values (huge, negative, -1, varint max),
 * which is what exercises length and count fields. Also wholly random frames.
 */
import { Prng } from './prng';

/** Bytes a length, count or varint field can be set to, hostile ones first. */
const HOSTILE_INT32 = [0x7fffffff, 0xffffffff, 0x80000000, 0xfffffffe, 0x00ffffff, 0x7ffffff0];
const HOSTILE_INT16 = [0x7fff, 0xffff, 0x8000, 0xfffe];
const HOSTILE_VARINTS = [
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0x7f],
  [0xfe, 0xff, 0xff, 0xff, 0x07],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff, 0xff, 0x03],
];

export const MUTATIONS = ['bitflip', 'truncate', 'insert', 'remove', 'int32', 'int16', 'varint', 'byte', 'splice', 'random'] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface Mutated {
  kind: Mutation;
  frame: Buffer;
}

/** Mutate a frame (the request after its size prefix); the 8-byte header prefix is mostly kept so the API's decoder is reached. */
export function mutate(frame: Buffer, rng: Prng, kind: Mutation = rng.pick(MUTATIONS)): Mutated {
  const out = Buffer.from(frame);
  // Keep api key and version most of the time: mutating them only reaches the version check.
  const from = rng.chance(0.9) ? Math.min(8, out.length) : 0;
  const at = (room = 1) => from + rng.int(Math.max(1, out.length - from - room + 1));
  switch (kind) {
    case 'bitflip': {
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips && out.length > from; i++) out[at()] ^= 1 << rng.int(8);
      return { kind, frame: out };
    }
    case 'truncate':
      return { kind, frame: out.subarray(0, rng.int(out.length)) };
    case 'insert': {
      const pos = at(0);
      return { kind, frame: Buffer.concat([out.subarray(0, pos), rng.bytes(1 + rng.int(8)), out.subarray(pos)]) };
    }
    case 'remove': {
      const pos = at();
      return { kind, frame: Buffer.concat([out.subarray(0, pos), out.subarray(pos + 1 + rng.int(8))]) };
    }
    case 'int32': {
      if (out.length - from < 4) return mutate(frame, rng, 'bitflip');
      out.writeUInt32BE(rng.pick(HOSTILE_INT32), at(4));
      return { kind, frame: out };
    }
    case 'int16': {
      if (out.length - from < 2) return mutate(frame, rng, 'bitflip');
      out.writeUInt16BE(rng.pick(HOSTILE_INT16), at(2));
      return { kind, frame: out };
    }
    case 'varint': {
      // Overwrite, not insert: a compact length or count in place becomes huge.
      const bytes = Buffer.from(rng.pick(HOSTILE_VARINTS));
      const pos = at(bytes.length);
      bytes.copy(out, pos, 0, Math.max(0, Math.min(bytes.length, out.length - pos)));
      return { kind, frame: out };
    }
    case 'byte': {
      if (out.length > from) out[at()] = rng.pick([0x00, 0xff, 0x7f, 0x80, 0x01]);
      return { kind, frame: out };
    }
    case 'splice': {
      // A piece of the frame repeated elsewhere: plausible-looking structures in wrong places.
      const a = at();
      const piece = out.subarray(a, a + 1 + rng.int(16));
      const b = at(0);
      return { kind, frame: Buffer.concat([out.subarray(0, b), piece, out.subarray(b)]) };
    }
    case 'random': {
      const random = rng.bytes(rng.int(64));
      // Random bodies behind a real header reach the decoders; a random header only the checks in front.
      return { kind, frame: rng.chance(0.7) ? Buffer.concat([out.subarray(0, Math.min(8, out.length)), random]) : random };
    }
  }
}

/** Prefix a frame with its int32 size, as on the wire. */
export function sized(frame: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(frame.length);
  return Buffer.concat([size, frame]);
}
