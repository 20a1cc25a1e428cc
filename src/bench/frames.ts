/**
 * Request frames encoded once with our wire codec, and a response splitter that counts frames
 * without copying the bodies it is not asked to keep: the load generator must cost the client as
 * little as possible, so that the numbers measure the broker.
 */
import { encodeInto } from '../../wire/codec';
import { writeRequestHeader } from '../../wire/headers';
import { Writer } from '../../wire/io';
import { ApiDefinition, inRange } from '../../wire/schema';

/** A whole request frame (size prefix included), ready to write again and again. */
export function encodeRequestFrame(api: ApiDefinition, version: number, correlationId: number, body: object, clientId = 'minikafka-bench'): Buffer {
  const flexible = inRange(api.request.flexibleVersions, version);
  const w = new Writer(1024);
  w.int32(0);
  writeRequestHeader(w, { apiKey: api.apiKey, apiVersion: version, correlationId, clientId }, flexible);
  encodeInto(api.request, version, body, w);
  const frame = w.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/**
 * Splits a response stream into frames. `keep(n)` says whether the n-th frame's body (from 0) is
 * wanted: kept bodies are assembled and passed on, others are only counted by size.
 */
export class FrameSplitter {
  private frames = 0;
  private header = Buffer.alloc(4);
  private headerHave = 0;
  /** Bytes of the current body still to come; -1 while reading a size prefix. */
  private bodyLeft = -1;
  private bodySize = 0;
  private body: Buffer | null = null;

  constructor(
    private readonly keep: (index: number) => boolean,
    private readonly onFrame: (index: number, size: number, body: Buffer | null) => void,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.bodyLeft < 0) {
        const n = Math.min(4 - this.headerHave, chunk.length - pos);
        chunk.copy(this.header, this.headerHave, pos, pos + n);
        this.headerHave += n;
        pos += n;
        if (this.headerHave < 4) return;
        this.headerHave = 0;
        this.bodySize = this.bodyLeft = this.header.readInt32BE(0);
        this.body = this.keep(this.frames) ? Buffer.allocUnsafe(this.bodySize) : null;
      }
      const n = Math.min(this.bodyLeft, chunk.length - pos);
      if (this.body) chunk.copy(this.body, this.bodySize - this.bodyLeft, pos, pos + n);
      this.bodyLeft -= n;
      pos += n;
      if (this.bodyLeft === 0) {
        const body = this.body;
        this.body = null;
        this.bodyLeft = -1;
        this.onFrame(this.frames++, this.bodySize, body);
      }
    }
  }
}
