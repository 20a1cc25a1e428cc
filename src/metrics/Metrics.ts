/**
 * The broker's counters, read by the console and the Prometheus /metrics endpoint. Every method is
 * called on a hot path, so each only adds to numbers: a topic's counters and an API's histogram
 * are created once, on first use, and nothing is allocated per request, batch or record.
 */
import { ATTR_CONTROL, attributesOf, recordCountOf } from '../../wire/records';

/** Upper bounds (seconds) of the request latency histogram; Fetch long polls reach the top ones. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Bytes and records through one topic (or all of them), since the broker started. */
export class Traffic {
  /** Record batch bytes appended by Produce. */
  bytesIn = 0;
  recordsIn = 0;
  /** Record batch bytes returned by Fetch (every fetch counts, so two consumers count twice). */
  bytesOut = 0;
  /** Data records returned by Fetch; transaction markers are not counted. */
  recordsOut = 0;
}

/** Requests of one API and how long they took. */
export class ApiRequests {
  count = 0;
  sumSeconds = 0;
  /** Requests per bucket of LATENCY_BUCKETS_SECONDS (not cumulative); slower ones only count in `count`. */
  readonly buckets = new Float64Array(LATENCY_BUCKETS_SECONDS.length);

  constructor(readonly api: string) {}

  observe(seconds: number): void {
    this.count++;
    this.sumSeconds += seconds;
    for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) {
      if (seconds <= LATENCY_BUCKETS_SECONDS[i]) {
        this.buckets[i]++;
        return;
      }
    }
  }
}

export class Metrics {
  readonly startedAt = Date.now();
  connectionsOpen = 0;
  connectionsTotal = 0;
  /** All topics together, including deleted ones, so rates never go backwards. */
  readonly total = new Traffic();
  private readonly byTopic = new Map<string, Traffic>();
  /** Indexed by API key. */
  private readonly byApi: (ApiRequests | undefined)[] = [];

  /** A request was answered (or dropped) after latencyMs. */
  requestCompleted(apiKey: number, apiName: string, latencyMs: number): void {
    const requests = this.byApi[apiKey] ?? (this.byApi[apiKey] = new ApiRequests(apiName));
    requests.observe(latencyMs / 1000);
  }

  connectionOpened(): void {
    this.connectionsOpen++;
    this.connectionsTotal++;
  }

  connectionClosed(): void {
    this.connectionsOpen--;
  }

  /** A batch was appended by Produce. */
  produced(topic: string, partition: number, bytes: number, records: number): void {
    void partition;
    const traffic = this.trafficOf(topic);
    traffic.bytesIn += bytes;
    traffic.recordsIn += records;
    this.total.bytesIn += bytes;
    this.total.recordsIn += records;
  }

  /** Batches were returned by Fetch. */
  fetched(topic: string, partition: number, batches: readonly Buffer[]): void {
    void partition;
    let bytes = 0;
    let records = 0;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i];
      bytes += batch.length;
      if ((attributesOf(batch) & ATTR_CONTROL) === 0) records += recordCountOf(batch);
    }
    const traffic = this.trafficOf(topic);
    traffic.bytesOut += bytes;
    traffic.recordsOut += records;
    this.total.bytesOut += bytes;
    this.total.recordsOut += records;
  }

  /** A topic's traffic; zeros if it had none. */
  topic(name: string): Traffic {
    return this.byTopic.get(name) ?? new Traffic();
  }

  /** Every API that was called at least once, in API key order. */
  apis(): ApiRequests[] {
    return this.byApi.filter((a): a is ApiRequests => a !== undefined);
  }

  private trafficOf(topic: string): Traffic {
    let traffic = this.byTopic.get(topic);
    if (traffic === undefined) {
      traffic = new Traffic();
      this.byTopic.set(topic, traffic);
    }
    return traffic;
  }
}
