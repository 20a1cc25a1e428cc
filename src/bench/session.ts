/** What every test of one bench run shares: the report it adds to, its topics, and a checker. */
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { ErrorCode } from '../../wire/errors';
import { createTopic, deleteTopic } from '../cli/topics';
import type { KafkaClient } from '../client/KafkaClient';
import type { Address } from './connect';
import { BenchReport, TestResult, Throughput } from './types';

export class BenchSession {
  /** Topic names are unique per run, so a broker given with --brokers can be benchmarked again. */
  private readonly stamp = Date.now().toString(36);
  private readonly created = new Set<string>();

  constructor(
    readonly report: BenchReport,
    readonly address: Address,
    private readonly admin: KafkaClient,
    readonly say: (line: string) => void,
  ) {}

  get bootstrap(): string {
    return `${this.address.host}:${this.address.port}`;
  }

  async topic(name: string, partitions: number): Promise<string> {
    const full = `bench-${name}-${this.stamp}`;
    await createTopic(this.admin, full, { partitions, configs: {} });
    this.created.add(full);
    return full;
  }

  /**
   * Deletes a bench topic (all of them without a name): gigabytes of bench data are not left on a
   * broker given with --brokers, nor flushed to disk when the spawned one stops.
   */
  async dropTopics(...names: string[]): Promise<void> {
    for (const name of names.length ? names : [...this.created]) {
      this.created.delete(name);
      await deleteTopic(this.admin, name);
    }
  }

  /** Runs one test into the report: a failure is recorded (the run goes on), a skip says why. */
  async test(t: Omit<TestResult, 'result' | 'skipped' | 'error'>, run: () => Promise<Throughput>, skipped: string | null = null): Promise<void> {
    const entry: TestResult = { ...t, result: null, skipped, error: null };
    this.report.tests.push(entry);
    if (skipped) return this.say(`${t.name}: skipped (${skipped})`);
    this.say(t.name);
    try {
      entry.result = await run();
    } catch (err) {
      entry.error = (err as Error).message;
      this.say(`${t.name}: FAILED: ${entry.error}`);
    }
  }

  /** A client's count must match what partition 0 got: nothing lost, nothing counted twice. */
  async checked(topic: string, run: Throughput): Promise<Throughput> {
    const res: ListOffsetsResponse = await this.admin.request(ListOffsets, this.admin.version(ListOffsets, 1), {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
      timeoutMs: 30000,
    });
    const p = res.topics[0]?.partitions[0];
    if (!p || p.errorCode !== ErrorCode.NONE) throw new Error(`ListOffsets of ${topic}: ${p ? (ErrorCode[p.errorCode] ?? p.errorCode) : 'no answer'}`);
    if (p.offset !== run.records) throw new Error(`the client counted ${run.records} records, partition 0 of ${topic} holds ${p.offset}`);
    return run;
  }
}
