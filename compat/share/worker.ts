/**
 * Drives compat/clients/build/share-consumer (compat/share/shareConsumer.c): one share-group
 * worker process on librdkafka's share consumer, whose stdout says which records it got and what
 * it did with each, and whose stderr says how its acknowledgements went.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Built by compat/clients/install.sh. */
export const SHARE_DRIVER = path.join(__dirname, '..', 'clients', 'build', 'share-consumer');

export type Action = 'accept' | 'release' | 'reject' | 'hold';

/** One record as the worker got it (a stdout line). */
export interface Delivery {
  worker: string;
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  deliveryCount: number;
  action: Action;
  /** Date.now() when the line arrived. */
  at: number;
}

/** A stderr JSON line: ready, ack (offsets the broker answered for), commit, error, closing, exit. */
export interface WorkerEvent {
  worker: string;
  event: string;
  error: string | null;
  topic?: string;
  partition?: number;
  offsets?: number[];
  detail?: string;
  at: number;
}

export interface WorkerOptions {
  name: string;
  brokers: string[];
  group: string;
  topics: string[];
  /** Extra driver flags (--release-if, --reject-if, --hang-if, --process-ms, --config k=v ...). */
  flags?: string[];
}

/** Set MINIKAFKA_SHARE_DEBUG=1 to have librdkafka log the share protocol on each worker's stderr. */
const DEBUG_FLAGS = process.env.MINIKAFKA_SHARE_DEBUG === '1' ? ['--config', 'debug=cgrp,fetch,protocol'] : [];
/** Set MINIKAFKA_SHARE_LOG_DIR to keep each worker's stderr there (<group>-<name>.log). */
const LOG_DIR = process.env.MINIKAFKA_SHARE_LOG_DIR;

const running = new Set<ShareWorker>();

export class ShareWorker {
  readonly name: string;
  readonly deliveries: Delivery[] = [];
  readonly events: WorkerEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private stderrText = '';
  private alive = true;

  constructor(readonly options: WorkerOptions) {
    this.name = options.name;
    const args = [
      '--bootstrap',
      options.brokers.join(','),
      '--group',
      options.group,
      '--name',
      options.name,
      // IPv4 like the rest of the suite; reconnect fast when the broker restarts.
      '--config',
      'broker.address.family=v4',
      '--config',
      'reconnect.backoff.max.ms=500',
      ...options.topics.flatMap((t) => ['--topic', t]),
      ...(options.flags ?? []),
      ...DEBUG_FLAGS,
    ];
    this.child = spawn(SHARE_DRIVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    onLines(this.child.stdout!, (line) => {
      const d = this.parse<Omit<Delivery, 'at'>>(line);
      if (d) this.deliveries.push({ ...d, at: Date.now() });
    });
    const log = LOG_DIR ? fs.createWriteStream(path.join(LOG_DIR, `${options.group}-${options.name}.log`)) : null;
    onLines(this.child.stderr!, (line) => {
      log?.write(line + '\n');
      this.stderrText += line + '\n';
      const e = line.startsWith('{') ? this.parse<Omit<WorkerEvent, 'at'>>(line) : null;
      if (e) this.events.push({ ...e, at: Date.now() });
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        log?.end();
        this.alive = false;
        running.delete(this);
        resolve({ code, signal });
      });
    });
    running.add(this);
  }

  /** A JSON line, or null; a line that does not parse is kept as a failure event (see failures()). */
  private parse<T>(line: string): T | null {
    try {
      return JSON.parse(line) as T;
    } catch {
      this.events.push({ worker: this.name, event: 'unparsed', error: 'not JSON', detail: line, at: Date.now() });
      return null;
    }
  }

  /** librdkafka's log lines and the driver's events, for failure messages. */
  stderr(): string {
    return this.stderrText;
  }

  /** Successful acknowledgements: offsets of topic-partition the broker took. */
  acked(topic: string, partition = 0): number[] {
    return this.events
      .filter((e) => e.event === 'ack' && e.error === null && e.topic === topic && e.partition === partition)
      .flatMap((e) => e.offsets ?? []);
  }

  /** Events that report a failure (errors, failed acks or commits). */
  failures(): WorkerEvent[] {
    return this.events.filter((e) => e.error !== null);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGTERM (the driver acknowledges, closes the consumer and exits 0); SIGKILL after graceMs. */
  async stop(graceMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stops every worker still running (for afterEach). */
export async function stopAllWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => w.stop(5000).catch(() => undefined)));
}

export function driverBuilt(): boolean {
  try {
    fs.accessSync(SHARE_DRIVER, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onLines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      fn(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  });
}
