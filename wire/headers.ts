/**
 * Request header v1/v2 and response header v0/v1. The header version follows the API's flexible
 * versions, with one exception: ApiVersions responses always use header v0, so that a client can
 * read the answer before it knows which versions the broker speaks.
 */
import { DecodeError, Reader, Writer } from './io';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** The fixed prefix every request starts with, readable before the API is known. */
export function peekRequestHeader(frame: Buffer): { apiKey: number; apiVersion: number; correlationId: number } {
  if (frame.length < 8) throw new DecodeError(`request of ${frame.length} bytes is shorter than a header`);
  return { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2), correlationId: frame.readInt32BE(4) };
}

/** Reads header v1 (or v2 when flexible); the reader is left at the start of the body. */
export function readRequestHeader(r: Reader, flexible: boolean): RequestHeader {
  const header: RequestHeader = {
    apiKey: r.int16(),
    apiVersion: r.int16(),
    correlationId: r.int32(),
    // ClientId stays a classic int16-length string even in header v2.
    clientId: r.nullableString(),
  };
  if (flexible) skipTaggedFields(r);
  return header;
}

export function writeRequestHeader(w: Writer, header: RequestHeader, flexible: boolean): void {
  w.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).nullableString(header.clientId);
  if (flexible) w.uvarint(0);
}

export function responseHeaderIsFlexible(apiKey: number, flexibleRequest: boolean): boolean {
  return flexibleRequest && apiKey !== API_VERSIONS_KEY;
}

export function writeResponseHeader(w: Writer, correlationId: number, flexible: boolean): void {
  w.int32(correlationId);
  if (flexible) w.uvarint(0);
}

export function readResponseHeader(r: Reader, flexible: boolean): { correlationId: number } {
  const correlationId = r.int32();
  if (flexible) skipTaggedFields(r);
  return { correlationId };
}

function skipTaggedFields(r: Reader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint(); // tag
    r.skip(r.uvarint());
  }
}
