/**
 * The consumer protocol payloads (ConsumerProtocolSubscription / ConsumerProtocolAssignment):
 * byte fixtures written by hand from Kafka's definitions (int16 version prefix, then the struct in
 * that version's classic layout), plus what kafkajs actually encodes.
 */
import { DecodeError } from '../../wire/io';
import {
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  Versioned,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../wire/consumerProtocol';
import { hex } from './fixtureHelpers';

// kafkajs's own encoder/decoder (plain JS, no types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MemberMetadata, MemberAssignment } = require('kafkajs/src/consumer/assignerProtocol');

const FOO = '666f6f'; // "foo"
const BAR = '626172'; // "bar"

/** `value` (complete) must encode to exactly `bytes` at its version, and `bytes` must decode to exactly `value`. */
function subscription(title: string, value: Versioned<ConsumerProtocolSubscription>, bytes: string): void {
  describe(`subscription v${value.version}: ${title}`, () => {
    const { version, ...fields } = value;
    test('encodes to the fixture bytes', () => {
      expect(encodeSubscription(fields, version).toString('hex')).toBe(hex(bytes).toString('hex'));
    });
    test('decodes the fixture bytes', () => {
      expect(decodeSubscription(hex(bytes))).toEqual(value);
    });
  });
}

function assignment(title: string, value: Versioned<ConsumerProtocolAssignment>, bytes: string): void {
  describe(`assignment v${value.version}: ${title}`, () => {
    const { version, ...fields } = value;
    test('encodes to the fixture bytes', () => {
      expect(encodeAssignment(fields, version).toString('hex')).toBe(hex(bytes).toString('hex'));
    });
    test('decodes the fixture bytes', () => {
      expect(decodeAssignment(hex(bytes))).toEqual(value);
    });
  });
}

// ---- subscription ----

subscription(
  'oldest, as the Java client writes it (null user data)',
  { version: 0, topics: ['foo'], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
  '0000' + // version = 0
    '00000001' + // topics: 1
    '0003' + FOO + //   "foo"
    'ffffffff', // userData = null
);

subscription(
  'what kafkajs 2.2.4 sends (v0, empty user data)',
  { version: 0, topics: ['foo', 'bar'], userData: Buffer.alloc(0), ownedPartitions: [], generationId: -1, rackId: null },
  '0000' + // version = 0
    '00000002' + // topics: 2
    '0003' + FOO + //   "foo"
    '0003' + BAR + //   "bar"
    '00000000', // userData: empty
);

subscription(
  'OwnedPartitions added',
  {
    version: 1,
    topics: ['foo'],
    userData: null,
    ownedPartitions: [{ topic: 'foo', partitions: [0, 1] }],
    generationId: -1,
    rackId: null,
  },
  '0001' + // version = 1
    '00000001' + // topics: 1
    '0003' + FOO + //   "foo"
    'ffffffff' + // userData = null
    '00000001' + // ownedPartitions: 1
    '0003' + FOO + //   topic = "foo"
    '00000002' + //   partitions: 2
    '00000000' + //     0
    '00000001', //     1
);

subscription(
  'newest: generation and rack id',
  {
    version: 3,
    topics: ['foo', 'bar'],
    userData: hex('abcdef'),
    ownedPartitions: [{ topic: 'foo', partitions: [0] }],
    generationId: 7,
    rackId: 'r1',
  },
  '0003' + // version = 3
    '00000002' + // topics: 2
    '0003' + FOO + //   "foo"
    '0003' + BAR + //   "bar"
    '00000003 abcdef' + // userData: 3 bytes
    '00000001' + // ownedPartitions: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '00000000' + //     0
    '00000007' + // generationId = 7
    '0002 7231', // rackId = "r1"
);

subscription(
  'newest with every new field at its default',
  { version: 3, topics: ['foo'], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
  '0003' + // version = 3
    '00000001' + // topics: 1
    '0003' + FOO + //   "foo"
    'ffffffff' + // userData = null
    '00000000' + // ownedPartitions: 0
    'ffffffff' + // generationId = -1
    'ffff', // rackId = null
);

describe('subscription decoding is lenient', () => {
  test('a newer version is read with the newest layout we know; trailing bytes are ignored', () => {
    const bytes = hex(
      '0005' + // version = 5 (unknown)
        '00000001' + // topics: 1
        '0003' + FOO + //   "foo"
        'ffffffff' + // userData = null
        '00000000' + // ownedPartitions: 0
        '00000002' + // generationId = 2
        '0002 7231' + // rackId = "r1"
        'deadbeef', // fields of versions we do not know
    );
    expect(decodeSubscription(bytes)).toEqual({
      version: 5,
      topics: ['foo'],
      userData: null,
      ownedPartitions: [],
      generationId: 2,
      rackId: 'r1',
    });
  });

  test('older kafkajs (before tulios/kafkajs#1463): version 1 with only the v0 fields (its own test fixture)', () => {
    const bytes = hex(
      '0001' + // version = 1
        '00000001' + // topics: 1
        '000a 746f7069632d74657374' + //   "topic-test"
        '00000000', // userData: empty; no OwnedPartitions
    );
    expect(decodeSubscription(bytes)).toEqual({
      version: 1,
      topics: ['topic-test'],
      userData: Buffer.alloc(0),
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
  });

  test('a negative version, a missing prefix or a truncated body is a DecodeError', () => {
    expect(() => decodeSubscription(hex('ffff 00000000 ffffffff'))).toThrow(DecodeError);
    expect(() => decodeSubscription(hex(''))).toThrow(DecodeError);
    expect(() => decodeSubscription(hex('00'))).toThrow(DecodeError);
    expect(() => decodeSubscription(hex('0000 00000001 0003 666f'))).toThrow(DecodeError);
  });

  test('encoding refuses versions we do not know', () => {
    expect(() => encodeSubscription({ topics: ['foo'] }, 4)).toThrow(RangeError);
    expect(() => encodeSubscription({ topics: ['foo'] }, -1)).toThrow(RangeError);
  });

  test('encoding defaults to the newest version and omitted fields to their defaults', () => {
    expect(encodeSubscription({ topics: ['foo'] }).toString('hex')).toBe(
      '0003' + '00000001' + '0003' + FOO + 'ffffffff' + '00000000' + 'ffffffff' + 'ffff',
    );
  });
});

// ---- assignment ----

assignment(
  'oldest, as the Java client writes it',
  { version: 0, assignedPartitions: [{ topic: 'foo', partitions: [0, 1] }], userData: null },
  '0000' + // version = 0
    '00000001' + // assignedPartitions: 1
    '0003' + FOO + //   topic = "foo"
    '00000002' + //   partitions: 2
    '00000000' + //     0
    '00000001' + //     1
    'ffffffff', // userData = null
);

assignment(
  'what kafkajs 2.2.4 sends (v0, empty user data)',
  {
    version: 0,
    assignedPartitions: [
      { topic: 'foo', partitions: [0] },
      { topic: 'bar', partitions: [] },
    ],
    userData: Buffer.alloc(0),
  },
  '0000' + // version = 0
    '00000002' + // assignedPartitions: 2
    '0003' + FOO + //   topic = "foo"
    '00000001' + //   partitions: 1
    '00000000' + //     0
    '0003' + BAR + //   topic = "bar"
    '00000000' + //   partitions: 0
    '00000000', // userData: empty
);

assignment(
  'newest: same layout',
  { version: 3, assignedPartitions: [{ topic: 'foo', partitions: [2] }], userData: hex('01') },
  '0003' + // version = 3
    '00000001' + // assignedPartitions: 1
    '0003' + FOO + //   topic
    '00000001' + //   partitions: 1
    '00000002' + //     2
    '00000001 01', // userData: 1 byte
);

describe('assignment decoding', () => {
  test('empty bytes (nothing assigned) read as an empty v0 assignment', () => {
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({ version: 0, assignedPartitions: [], userData: null });
  });

  test('a newer version is read with the newest layout we know; trailing bytes are ignored', () => {
    expect(decodeAssignment(hex('0009 00000000 ffffffff 0102'))).toEqual({
      version: 9,
      assignedPartitions: [],
      userData: null,
    });
  });

  test('a negative version or a truncated body is a DecodeError', () => {
    expect(() => decodeAssignment(hex('8000 00000000 ffffffff'))).toThrow(DecodeError);
    expect(() => decodeAssignment(hex('0000 00000001 0003'))).toThrow(DecodeError);
  });
});

// ---- against kafkajs's own encoder and decoder ----

describe('kafkajs interop', () => {
  test('kafkajs MemberMetadata.encode decodes', () => {
    const bytes: Buffer = MemberMetadata.encode({ version: 0, topics: ['foo', 'bar'] });
    expect(decodeSubscription(bytes)).toEqual({
      version: 0,
      topics: ['foo', 'bar'],
      userData: Buffer.alloc(0),
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
  });

  test('kafkajs MemberAssignment.encode decodes', () => {
    const bytes: Buffer = MemberAssignment.encode({ version: 0, assignment: { foo: [0, 2], bar: [1] } });
    expect(decodeAssignment(bytes)).toEqual({
      version: 0,
      assignedPartitions: [
        { topic: 'foo', partitions: [0, 2] },
        { topic: 'bar', partitions: [1] },
      ],
      userData: Buffer.alloc(0),
    });
  });

  test('kafkajs reads what we encode (v0 subscription, v3 assignment)', () => {
    expect(MemberMetadata.decode(encodeSubscription({ topics: ['foo'], userData: Buffer.alloc(0) }, 0))).toEqual({
      version: 0,
      topics: ['foo'],
      userData: Buffer.alloc(0),
    });
    const decoded = MemberAssignment.decode(
      encodeAssignment({ assignedPartitions: [{ topic: 'foo', partitions: [0, 1] }], userData: Buffer.alloc(0) }),
    );
    expect(decoded).toEqual({ version: 3, assignment: { foo: [0, 1] }, userData: Buffer.alloc(0) });
  });
});
