/**
 * Produce to compacted topics over real TCP: batches with keyless records are refused as Kafka's
 * LogValidator refuses them (87 INVALID_RECORD, its message, record errors from v8), whatever the
 * codec; other topics take keyless records without decoding anything. And cleaning keeps an
 * idempotent producer's sequence numbers across a restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { loadCompressionCodecs } from '../../wire/compression';
import { ErrorCode } from '../../wire/errors';
import { Compression, buildBatch } from '../../wire/records';
import { ClientPool, produce } from '../server/client';

const pool = new ClientPool();
let dataDir: string;
let broker: Broker;
const start = () => Broker.start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', numPartitions: 1 });

beforeAll(async () => {
  await loadCompressionCodecs();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-keyless-'));
  broker = await start();
  broker.ensureTopic('compacted', 1, { 'cleanup.policy': 'compact' });
  broker.ensureTopic('both', 1, { 'cleanup.policy': 'compact,delete' });
  broker.ensureTopic('plain', 1);
});

afterAll(async () => {
  await pool.closeAll();
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const message = (tp: string) => `Compacted topic cannot accept message without key in topic partition ${tp}.`;

test.each([Compression.None, Compression.Gzip, Compression.Snappy, Compression.Lz4, Compression.Zstd].map((c) => [Compression[c], c]))(
  'a %s batch with keyless records is refused with INVALID_RECORD and one record error each (v8+)',
  async (_name, compression) => {
    const c = await pool.connect(broker.port);
    const batch = buildBatch([{ key: 'k', value: 'a' }, { key: null, value: 'b' }, { value: 'c' }], { compression });
    const res = await produce(c, 'compacted', 0, batch, { version: 9 });
    expect(res.errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect(res.recordErrors).toEqual([
      { batchIndex: 1, batchIndexErrorMessage: message('compacted-0') },
      { batchIndex: 2, batchIndexErrorMessage: message('compacted-0') },
    ]);
    expect(res.errorMessage).toBe(
      'One or more records have been rejected due to 2 record errors in total, and only showing the first three errors at most: ' +
        `[RecordError(batchIndex=1, message='${message('compacted-0')}'), RecordError(batchIndex=2, message='${message('compacted-0')}')]`,
    );
  },
);

test('older versions get the error without record errors; compact,delete topics check keys too; other topics do not', async () => {
  const c = await pool.connect(broker.port);
  const keyless = () => buildBatch([{ value: 'no key' }]);
  const v3 = await produce(c, 'compacted', 0, keyless(), { version: 3 });
  expect([v3.errorCode, v3.recordErrors]).toEqual([ErrorCode.INVALID_RECORD, []]);
  expect((await produce(c, 'both', 0, keyless(), { version: 9 })).errorCode).toBe(ErrorCode.INVALID_RECORD);
  expect((await produce(c, 'plain', 0, keyless(), { version: 9 })).errorCode).toBe(ErrorCode.NONE);
  const keyed = await produce(c, 'compacted', 0, buildBatch([{ key: 'k', value: 'v' }]), { version: 9 });
  expect([keyed.errorCode, keyed.baseOffset]).toEqual([ErrorCode.NONE, 0]);
});

test('an idempotent producer continues its sequence after cleaning and a restart', async () => {
  broker.ensureTopic('idem', 1, { 'cleanup.policy': 'compact', 'segment.bytes': '14' });
  let c = await pool.connect(broker.port);
  const init: InitProducerIdResponse = await c.request(InitProducerId, 4, {
    transactionalId: null,
    transactionTimeoutMs: 60000,
    producerId: -1,
    producerEpoch: -1,
  });
  const { producerId, producerEpoch } = init;
  const send = (seq: number, value: string) =>
    produce(c, 'idem', 0, buildBatch([{ key: 'k', value }], { producerId, producerEpoch, baseSequence: seq }), { version: 9 });
  for (let seq = 0; seq < 4; seq++) expect((await send(seq, `v${seq}`)).errorCode).toBe(ErrorCode.NONE);
  const cleaned = await broker.runCleaner();
  expect(cleaned.find((p) => p.topic === 'idem')?.recordsRemoved).toBe(2); // offsets 0-1; 2 is the producer's last closed batch

  await pool.closeAll();
  await broker.stop();
  broker = await start();
  c = await pool.connect(broker.port);
  // A retry of the last batch is still recognised, and the next sequence number is accepted.
  expect(await send(3, 'v3')).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 3 });
  expect(await send(4, 'v4')).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 4 });
});
