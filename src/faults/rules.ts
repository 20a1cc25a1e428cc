/**
 * Fault rules as users write them (embedding API, HTTP JSON, CLI), and their validation: every
 * mistake is reported with what is wrong and what would be right, before the rule is in force.
 */
import { ErrorCode } from '../../wire/errors';
import type { Handler } from '../handlers/types';
import { EntryKind, EntryLevel, shapeOf } from './shape';

/** Kafka's error names (wire/errors.ts), e.g. 'NOT_LEADER_OR_FOLLOWER'. */
export type ErrorName = keyof typeof ErrorCode;

/** A fault rule: which requests it applies to, how many times, and what happens to them. */
export interface FaultRule {
  /** The API: its name as in Kafka's protocol guide ('Produce', 'Fetch', 'Heartbeat', case ignored) or its key. */
  api: string | number;
  /** Only requests naming this topic; of those, only this topic's entries get the error. */
  topic?: string;
  /** Only this partition's entries (of `topic` if given, else of any topic). */
  partition?: number;
  /** Only requests for this consumer group (groupId, DescribeGroups' groups, FindCoordinator's group keys). */
  group?: string;
  /** Only requests for this transactional id (InitProducerId, AddPartitionsToTxn, EndTxn, transactional Produce…). */
  transactionalId?: string;
  /** Only requests received by this node (in a simulated multi-node cluster). */
  nodeId?: number;
  /** How many matching requests the rule applies to: a whole number ≥ 1 (default 1), or Infinity until removed. */
  count?: number;
  /** Answer with this error (a Kafka error name or code) without running the request. */
  errorCode?: number | ErrorName;
  /** Hold the response back this long (later responses on the connection wait behind it). */
  delayMs?: number;
  /** Close the connection instead of answering: 'before' running the request, or 'after' (its effects stay). */
  dropConnection?: 'before' | 'after';
  /** Report this throttle time in the response (clients then wait that long before their next request). */
  throttleMs?: number;
}

/** A rule as list() reports it. */
export interface FaultRuleInfo {
  readonly id: number;
  readonly api: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly group?: string;
  readonly transactionalId?: string;
  readonly nodeId?: number;
  /** The count it was added with (Infinity: until removed). */
  readonly count: number;
  /** Matching requests it still applies to. */
  readonly remaining: number;
  /** Requests it has applied to so far. */
  readonly fired: number;
  readonly errorCode?: number;
  /** Kafka's name of errorCode, when it has one. */
  readonly error?: string;
  readonly delayMs?: number;
  readonly dropConnection?: 'before' | 'after';
  readonly throttleMs?: number;
}

/** A validated rule. */
export interface Rule {
  readonly handler: Handler;
  readonly topic?: string;
  readonly partition?: number;
  readonly group?: string;
  readonly transactionalId?: string;
  readonly nodeId?: number;
  readonly count: number;
  readonly errorCode?: number;
  readonly delayMs?: number;
  readonly dropConnection?: 'before' | 'after';
  readonly throttleMs?: number;
}

/** A rule that cannot be used, with the reason (HTTP answers 400 with it). */
export class FaultRuleError extends Error {
  override readonly name = 'FaultRuleError';
}

const FIELDS = ['api', 'topic', 'partition', 'group', 'transactionalId', 'nodeId', 'count', 'errorCode', 'delayMs', 'dropConnection', 'throttleMs'];
const MAX_INT32 = 2147483647;

export function validateRule(input: unknown, handlers: readonly Handler[]): Rule {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new FaultRuleError('a fault rule is an object such as {"api": "Produce", "errorCode": "NOT_LEADER_OR_FOLLOWER"}');
  }
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !FIELDS.includes(k) && raw[k] !== undefined);
  if (unknown.length > 0) throw new FaultRuleError(`unknown field ${quoteList(unknown)}; a rule may have: ${FIELDS.join(', ')}`);

  const handler = apiOf(raw.api, handlers);
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { handler, count: countOf(raw.count) };
  if (raw.topic !== undefined) rule.topic = nonEmptyString('topic', raw.topic);
  if (raw.partition !== undefined) rule.partition = wholeNumber('partition', raw.partition, 0, MAX_INT32);
  if (raw.group !== undefined) rule.group = nonEmptyString('group', raw.group);
  if (raw.transactionalId !== undefined) rule.transactionalId = nonEmptyString('transactionalId', raw.transactionalId);
  if (raw.nodeId !== undefined) rule.nodeId = wholeNumber('nodeId', raw.nodeId, 0, MAX_INT32);
  if (raw.errorCode !== undefined) rule.errorCode = errorCodeOf(raw.errorCode);
  if (raw.delayMs !== undefined) rule.delayMs = wholeNumber('delayMs', raw.delayMs, 0, MAX_INT32);
  if (raw.throttleMs !== undefined) rule.throttleMs = wholeNumber('throttleMs', raw.throttleMs, 1, MAX_INT32);
  if (raw.dropConnection !== undefined) {
    if (raw.dropConnection !== 'before' && raw.dropConnection !== 'after') {
      throw new FaultRuleError(`"dropConnection" must be "before" (close without running the request) or "after" (run it, then close without answering), got ${show(raw.dropConnection)}`);
    }
    rule.dropConnection = raw.dropConnection;
  }

  if (rule.errorCode === undefined && rule.delayMs === undefined && rule.dropConnection === undefined && rule.throttleMs === undefined) {
    throw new FaultRuleError('a rule needs an effect: "errorCode", "delayMs", "dropConnection" or "throttleMs"');
  }
  if (rule.dropConnection && (rule.errorCode !== undefined || rule.throttleMs !== undefined)) {
    throw new FaultRuleError('a dropped connection sends no response, so "errorCode" and "throttleMs" would have no effect; use two rules, or "delayMs" with "dropConnection"');
  }
  checkScope(rule);
  return rule;
}

/** Kafka's name for an error code, if wire/errors.ts knows it. */
export function errorName(code: number): string | undefined {
  return ErrorCode[code];
}

function apiOf(value: unknown, handlers: readonly Handler[]): Handler {
  const names = handlers.map((h) => h.api.name).join(', ');
  if (value === undefined) throw new FaultRuleError(`"api" is required: the API whose requests the rule applies to, one of: ${names}`);
  const handler =
    typeof value === 'number'
      ? handlers.find((h) => h.api.apiKey === value)
      : typeof value === 'string'
        ? handlers.find((h) => h.api.name.toLowerCase() === value.trim().toLowerCase() || String(h.api.apiKey) === value.trim())
        : undefined;
  if (!handler) throw new FaultRuleError(`unknown API ${show(value)}; this broker implements: ${names}`);
  return handler;
}

function countOf(value: unknown): number {
  if (value === undefined) return 1;
  if (value === Infinity || value === 'Infinity') return Infinity;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new FaultRuleError(`"count" must be a whole number of at least 1, or Infinity (until the rule is removed), got ${show(value)}`);
  }
  return n;
}

function errorCodeOf(value: unknown): number {
  if (typeof value === 'string' && !/^-?\d+$/.test(value.trim())) {
    const name = value.trim().toUpperCase();
    const code = (ErrorCode as unknown as Record<string, number | undefined>)[name];
    if (typeof code !== 'number') {
      throw new FaultRuleError(`unknown error ${show(value)}; use a Kafka error name such as NOT_LEADER_OR_FOLLOWER or REQUEST_TIMED_OUT, or its numeric code`);
    }
    if (code === ErrorCode.NONE) throw new FaultRuleError('"errorCode" NONE is no error; remove "errorCode", or pick an error');
    return code;
  }
  const code = typeof value === 'string' ? Number(value) : value;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < -1 || code > 32767 || code === 0) {
    throw new FaultRuleError(`"errorCode" must be a Kafka error code (-1, or 1 to 32767; 0 is no error) or name, got ${show(value)}`);
  }
  return code;
}

function wholeNumber(field: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new FaultRuleError(`"${field}" must be a whole number from ${min} to ${max}, got ${show(value)}`);
  }
  return n;
}

function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new FaultRuleError(`"${field}" must be a non-empty string, got ${show(value)}`);
  return value;
}

/** A filter the API's requests never carry would silently never match: refuse it. */
function checkScope(rule: Rule): void {
  const kinds = scopeKinds(rule.handler);
  const name = rule.handler.api.name;
  const check = (field: keyof Rule, kind: EntryKind, what: string) => {
    if (rule[field] !== undefined && !kinds.has(kind)) {
      throw new FaultRuleError(`${name} requests name no ${what}, so a rule with "${field}" would never match; remove "${field}" or pick another API`);
    }
  };
  check('topic', 'topic', 'topic');
  check('partition', 'partition', 'partition');
  check('group', 'group', 'consumer group');
  check('transactionalId', 'transaction', 'transactional id');
}

/** What the API's requests name, in any version the broker implements. */
export function scopeKinds(handler: Handler): Set<EntryKind> {
  const kinds = new Set<EntryKind>();
  for (let v = handler.minVersion; v <= handler.maxVersion; v++) {
    const shape = shapeOf(handler.api, v);
    for (const t of shape.topIds) kinds.add(t.kind);
    for (let level: EntryLevel | null = shape.entries; level; level = level.nested) kinds.add(level.kind);
  }
  if (kinds.has('coordinatorKey')) kinds.add('group').add('transaction');
  if (handler.api.name === 'Metadata') kinds.add('partition'); // answered per partition (see scope.ts)
  return kinds;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(JSON.stringify(value) ?? value);
}

function quoteList(keys: string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
