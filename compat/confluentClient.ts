/**
 * Confluent's Node client, @confluentinc/kafka-javascript (librdkafka inside), as the compat
 * suites use it: loaded from compat/clients only (the root package must never depend on it, since
 * installing it compiles librdkafka), with the few parts of its KafkaJS-compatible API we call.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface CkjsMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
}
export interface CkjsConsumer {
  connect(): Promise<void>;
  subscribe(s: { topics: (string | RegExp)[] }): Promise<void>;
  run(c: { eachMessage: (p: { topic: string; partition: number; message: CkjsMessage }) => Promise<void> }): Promise<void>;
  commitOffsets(offsets?: { topic: string; partition: number; offset: string }[] | null): Promise<void>;
  /** One entry per assigned partition. */
  assignment(): { topic: string; partition: number }[];
  disconnect(): Promise<void>;
}
export interface CkjsRecordMetadata {
  topicName: string;
  partition: number;
  errorCode: number;
  baseOffset?: string;
}
export interface CkjsProducer {
  connect(): Promise<void>;
  send(r: { topic: string; messages: { partition: number; key: string; value: string }[] }): Promise<CkjsRecordMetadata[]>;
  disconnect(): Promise<void>;
}
export interface CkjsGroupOverview {
  groupId: string;
  protocolType: string;
  state: number;
  type: number;
}
export interface CkjsGroupDescription {
  groupId: string;
  error?: { code: number };
  state: number;
  type: number;
  partitionAssignor: string;
  members: { memberId: string; clientId: string; assignment: { topicPartitions: { topic: string; partition: number }[] } }[];
}
export interface CkjsAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listGroups(options?: { matchConsumerGroupTypes?: number[] }): Promise<{ groups: CkjsGroupOverview[] }>;
  describeGroups(groups: string[]): Promise<{ groups: CkjsGroupDescription[] }>;
  /** Rejects with a KafkaJSDeleteGroupsError whose `groups` carry the per-group error codes. */
  deleteGroups(groups: string[]): Promise<{ groupId: string; errorCode?: number }[]>;
}
export interface CkjsKafka {
  producer(config: Record<string, unknown>): CkjsProducer;
  consumer(config: Record<string, unknown>): CkjsConsumer;
  admin(): CkjsAdmin;
}
export interface CkjsModule {
  KafkaJS: {
    Kafka: new (config: Record<string, unknown>) => CkjsKafka;
    logLevel: { NOTHING: number };
    ConsumerGroupTypes: { CONSUMER: number; CLASSIC: number };
    ConsumerGroupStates: { STABLE: number; EMPTY: number };
  };
}

/** The consumer's current partitions of `topic`, in order. */
export function assignedPartitions(consumer: CkjsConsumer, topic: string): number[] {
  return consumer
    .assignment()
    .filter((tp) => tp.topic === topic)
    .map((tp) => tp.partition)
    .sort((x, y) => x - y);
}

const CLIENTS_DIR = path.join(__dirname, 'clients');

/** The client built by compat/clients/install.sh, or why it cannot be loaded. */
export function loadConfluent(): { client: CkjsModule } | { problem: string } {
  try {
    const requireFromClients = createRequire(path.join(CLIENTS_DIR, 'package.json'));
    return { client: requireFromClients('@confluentinc/kafka-javascript') as CkjsModule };
  } catch (err) {
    return { problem: `@confluentinc/kafka-javascript is not built in ${CLIENTS_DIR} (${String(err).split('\n')[0]})` };
  }
}

/**
 * Declares the suite with the client, or, when it (or something else the suite names in
 * `otherProblem`) is missing: a skipped suite under MINIKAFKA_SKIP_CONFLUENT=1, else a failing test
 * that says what to do.
 */
export function describeWithConfluent(suite: string, body: (ckjs: CkjsModule) => void, otherProblem: () => string | null = () => null): void {
  const loaded = loadConfluent();
  const problem = 'problem' in loaded ? loaded.problem : otherProblem();
  if (problem === null && 'client' in loaded) {
    body(loaded.client);
  } else if (process.env.MINIKAFKA_SKIP_CONFLUENT === '1') {
    describe.skip(`${suite} [skipped, MINIKAFKA_SKIP_CONFLUENT=1: ${problem}]`, () => {
      it('needs the client', () => {});
    });
  } else {
    describe(suite, () => {
      it('has the compat clients built', () => {
        throw new Error(
          `${problem}. Run compat/clients/install.sh (as root the first time: it installs the librdkafka build ` +
            'packages; the build takes minutes), or set MINIKAFKA_SKIP_CONFLUENT=1 to skip these tests.',
        );
      });
    });
  }
}
