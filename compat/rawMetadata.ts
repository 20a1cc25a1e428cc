/**
 * A one-shot Metadata v12 request over a plain socket, for what neither kafkajs (Metadata ≤ 6)
 * nor kcat -L shows: topic ids. Uses the project's wire codec (this helper is for local tests).
 */
import * as net from 'node:net';
import { decodeFrom, encodeInto } from '../wire/codec';
import { readResponseHeader, writeRequestHeader } from '../wire/headers';
import { Reader, Writer, ZERO_UUID } from '../wire/io';
import { Metadata, MetadataResponse } from '../wire/apis/Metadata';

const VERSION = 12;

export async function metadataV12(broker: string, topics: string[] | null): Promise<MetadataResponse> {
  const [host, portText] = broker.split(':') as [string, string];
  const w = new Writer();
  w.int32(0); // size, patched below
  writeRequestHeader(w, { apiKey: Metadata.apiKey, apiVersion: VERSION, correlationId: 7, clientId: 'compat-raw' }, true);
  encodeInto(
    Metadata.request,
    VERSION,
    {
      topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    },
    w,
  );
  const frame = w.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);

  const response = await new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect({ host, port: Number(portText) });
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('Metadata v12: no response within 5 s'));
    }, 5000);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 4 && got.length >= 4 + got.readInt32BE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got.subarray(4, 4 + got.readInt32BE(0)));
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error('Metadata v12: connection closed before a full response'));
    });
    socket.write(frame);
  });
  const r = new Reader(response);
  const { correlationId } = readResponseHeader(r, true);
  if (correlationId !== 7) throw new Error(`Metadata v12: correlation id ${correlationId}`);
  return decodeFrom(Metadata.response, VERSION, r) as MetadataResponse;
}
