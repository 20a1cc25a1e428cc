/**
 * The consumer protocol: the payloads consumers put in JoinGroup's protocol metadata
 * (ConsumerProtocolSubscription) and SyncGroup's assignments (ConsumerProtocolAssignment). The
 * broker treats them as opaque bytes; it reads them only to describe groups (subscribed topics,
 * assigned partitions, lag).
 *
 * They are not API messages: each starts with an int16 version, then the struct in that version's
 * (never flexible) layout. As Kafka's ConsumerProtocol does, a version newer than we know is read
 * with the newest layout we know and trailing bytes are ignored (newer versions only append
 * fields). Also accepted, where Kafka would fail: a payload that stops after an older version's
 * fields (kafkajs' RoundRobinAssigner wrote subscription version 1 with only the v0 fields until
 * tulios/kafkajs#1463, 2022); the missing fields take their defaults.
 *
 * Subscription: v1 adds OwnedPartitions (cooperative rebalancing), v2 GenerationId, v3 RackId
 * (rack-aware assignment). Assignment: v0-3 share one layout (v2/v3 exist to match the
 * subscription).
 */
import { decodeFrom, encodeInto } from './codec';
import { DecodeError, Reader, Writer } from './io';
import { MessageSchema, arrayOf, field, message } from './schema';

export interface ConsumerProtocolTopicPartition {
  topic: string;
  partitions: number[];
}

export interface ConsumerProtocolSubscription {
  topics: string[];
  /** Nullable, default null. Assignor-specific (kafkajs sends empty bytes). */
  userData: Buffer | null;
  /** v1+. Partitions the member owns now (cooperative rebalancing). */
  ownedPartitions: ConsumerProtocolTopicPartition[];
  /** v2+, default -1. The generation ownedPartitions belong to. */
  generationId: number;
  /** v3+, nullable, default null. */
  rackId: string | null;
}

export interface ConsumerProtocolAssignment {
  assignedPartitions: ConsumerProtocolTopicPartition[];
  /** Nullable, default null. */
  userData: Buffer | null;
}

/** A decoded payload with its version prefix as written (possibly newer than we know). */
export type Versioned<T> = T & { version: number };

/** For encoding: omitted fields take their defaults. */
export type SubscriptionInput = Pick<ConsumerProtocolSubscription, 'topics'> & Partial<ConsumerProtocolSubscription>;
export type AssignmentInput = Pick<ConsumerProtocolAssignment, 'assignedPartitions'> &
  Partial<ConsumerProtocolAssignment>;

export const ConsumerProtocolSubscriptionSchema: MessageSchema = message(
  'request',
  'ConsumerProtocolSubscription',
  -1,
  '0-3',
  'none',
  [
    field('topics', arrayOf('string'), '0+'),
    field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
    field(
      'ownedPartitions',
      arrayOf([
        field('topic', 'string', '1+'),
        field('partitions', arrayOf('int32'), '1+'),
      ]),
      '1+',
    ),
    field('generationId', 'int32', '2+', { default: -1 }),
    field('rackId', 'string', '3+', { nullable: '3+', default: null }),
  ],
);

export const ConsumerProtocolAssignmentSchema: MessageSchema = message(
  'request',
  'ConsumerProtocolAssignment',
  -1,
  '0-3',
  'none',
  [
    field(
      'assignedPartitions',
      arrayOf([
        field('topic', 'string', '0+'),
        field('partitions', arrayOf('int32'), '0+'),
      ]),
      '0+',
    ),
    field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
  ],
);

/** The newest versions we know, and the default for encoding. */
export const SUBSCRIPTION_VERSION = 3;
export const ASSIGNMENT_VERSION = 3;

function encodeVersioned(schema: MessageSchema, version: number, value: object): Buffer {
  if (!Number.isInteger(version) || version < schema.validVersions.min || version > schema.validVersions.max) {
    throw new RangeError(`${schema.name} has no version ${version}`);
  }
  const w = new Writer(64);
  w.int16(version);
  encodeInto(schema, version, value, w);
  return w.toBuffer();
}

function decodeVersioned<T>(schema: MessageSchema, buf: Buffer): Versioned<T> {
  const r = new Reader(buf);
  if (r.remaining() < 2) throw new DecodeError(`${schema.name}: no version prefix`);
  const version = r.int16();
  if (version < schema.validVersions.min) throw new DecodeError(`${schema.name}: bad version ${version}`);
  const start = r.pos;
  let firstError: unknown;
  // Newest layout we know first; then older ones, for payloads cut short after an older version's fields.
  for (let v = Math.min(version, schema.validVersions.max); v >= schema.validVersions.min; v--) {
    r.pos = start;
    try {
      return { ...(decodeFrom(schema, v, r) as T), version };
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      firstError ??= e;
    }
  }
  throw firstError;
}

/** Version-prefixed subscription bytes, as a consumer puts them in JoinGroup's protocol metadata. */
export function encodeSubscription(value: SubscriptionInput, version = SUBSCRIPTION_VERSION): Buffer {
  return encodeVersioned(ConsumerProtocolSubscriptionSchema, version, value);
}

/** Reads JoinGroup protocol metadata of protocol type "consumer". Throws DecodeError if malformed. */
export function decodeSubscription(buf: Buffer): Versioned<ConsumerProtocolSubscription> {
  return decodeVersioned<ConsumerProtocolSubscription>(ConsumerProtocolSubscriptionSchema, buf);
}

/** Version-prefixed assignment bytes, as the leader sends them in SyncGroup. */
export function encodeAssignment(value: AssignmentInput, version = ASSIGNMENT_VERSION): Buffer {
  return encodeVersioned(ConsumerProtocolAssignmentSchema, version, value);
}

/**
 * Reads a SyncGroup assignment of protocol type "consumer". Empty bytes (what a member gets when
 * the leader assigned it nothing, or before the first sync) read as an empty v0 assignment.
 * Throws DecodeError if malformed.
 */
export function decodeAssignment(buf: Buffer): Versioned<ConsumerProtocolAssignment> {
  if (buf.length === 0) return { assignedPartitions: [], userData: null, version: 0 };
  return decodeVersioned<ConsumerProtocolAssignment>(ConsumerProtocolAssignmentSchema, buf);
}
