/**
 * The client-driven tests: kafkajs and Confluent's librdkafka client in this process, and
 * librdkafka's own speed through rdkafkaPerf.c. A client that is not installed is skipped.
 */
import { kafkajsConsume, kafkajsProduce, loadKafkajs } from './kafkajsBench';
import { loadRdkafka, rdkafkaConsume, rdkafkaProduce } from './rdkafkaBench';
import { rdkafkaPerfConsume, rdkafkaPerfDriver, rdkafkaPerfProduce } from './rdkafkaPerf';
import type { BenchSession } from './session';
import { recordsPerBatch } from './wireLoad';

/** As the issue asks: 100 B with acks=1, 1 KiB with acks=-1. */
const SIZES = [
  { recordSize: 100, acks: 1 as const },
  { recordSize: 1024, acks: -1 as const },
];

export interface ClientTestOptions {
  durationMs: number;
  /** kafkajs records per send(), to make batches of about this size. */
  batchBytes: number;
  /** The pre-filled partition (partition 0) the consumers read from the start. */
  filledTopic: string;
  filledRecords: number;
  filledRecordSize: number;
  /** false: every client test is listed as skipped. */
  enabled: boolean;
}

const NOT_ASKED = 'not asked for (--no-clients)';
const skipReason = <T>(loaded: T | string): string | null => (typeof loaded === 'string' ? loaded : null);

export async function runClientTests(s: BenchSession, o: ClientTestOptions): Promise<void> {
  const consume = { driver: '', kind: 'consume' as const, recordSize: o.filledRecordSize, acks: null };

  const kafkajs = o.enabled ? loadKafkajs() : NOT_ASKED;
  for (const { recordSize, acks } of SIZES) {
    await s.test(
      { name: `kafkajs produce ${recordSize} B acks=${acks}`, driver: 'kafkajs', kind: 'produce', recordSize, acks },
      async () => {
        const topic = await s.topic(`kafkajs-${recordSize}`, 1);
        const perSend = recordsPerBatch(recordSize, o.batchBytes);
        return s.checked(topic, await kafkajsProduce(kafkajs as Exclude<typeof kafkajs, string>, s.bootstrap, topic, recordSize, acks, o.durationMs, perSend));
      },
      skipReason(kafkajs),
    );
  }
  await s.test(
    { ...consume, name: `kafkajs consume ${o.filledRecordSize} B`, driver: 'kafkajs' },
    () => kafkajsConsume(kafkajs as Exclude<typeof kafkajs, string>, s.bootstrap, o.filledTopic, o.filledRecordSize, o.filledRecords, o.durationMs),
    skipReason(kafkajs),
  );

  const rd = o.enabled ? loadRdkafka() : NOT_ASKED;
  for (const { recordSize, acks } of SIZES) {
    await s.test(
      { name: `librdkafka produce ${recordSize} B acks=${acks}`, driver: 'librdkafka', kind: 'produce', recordSize, acks },
      async () => {
        const topic = await s.topic(`rdkafka-${recordSize}`, 1);
        return s.checked(topic, await rdkafkaProduce(rd as Exclude<typeof rd, string>, s.bootstrap, topic, recordSize, acks, o.durationMs));
      },
      skipReason(rd),
    );
  }
  await s.test(
    { ...consume, name: `librdkafka consume ${o.filledRecordSize} B`, driver: 'librdkafka' },
    () => rdkafkaConsume(rd as Exclude<typeof rd, string>, s.bootstrap, o.filledTopic, o.filledRecordSize, o.filledRecords, o.durationMs),
    skipReason(rd),
  );

  // Counted from delivery reports within the time (the queue's rest is dropped), so not checked
  // against the partition's end offset.
  const perf = o.enabled ? rdkafkaPerfDriver() : { skipped: NOT_ASKED };
  const perfSkipped = typeof perf === 'string' ? null : perf.skipped;
  for (const { recordSize, acks } of SIZES) {
    await s.test(
      { name: `librdkafka (C) produce ${recordSize} B acks=${acks}`, driver: 'librdkafka-c', kind: 'produce', recordSize, acks },
      async () => rdkafkaPerfProduce(perf as string, s.bootstrap, await s.topic(`rdkafka-c-${recordSize}`, 1), recordSize, acks, o.durationMs),
      perfSkipped,
    );
  }
  await s.test(
    { ...consume, name: `librdkafka (C) consume ${o.filledRecordSize} B`, driver: 'librdkafka-c' },
    () => rdkafkaPerfConsume(perf as string, s.bootstrap, o.filledTopic, o.filledRecordSize, o.filledRecords, o.durationMs),
    perfSkipped,
  );
}
