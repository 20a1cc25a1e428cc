/**
 * Transactions over real TCP, request by request as a client sends them: InitProducerId,
 * AddPartitionsToTxn, transactional Produce, AddOffsetsToTxn/TxnOffsetCommit, EndTxn; what
 * read_committed and read_uncommitted fetches see (last stable offset, aborted transactions,
 * control batches); ListOffsets by isolation level; fencing; DescribeTransactions and
 * ListTransactions; a restart in the middle of a transaction; `minikafka transactions`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Broker } from '../../src/broker';
import { formatOverview } from '../../src/cli/transactions';
import { DEFAULT_CONFIG, TransactionConfig } from '../../src/config';
import { AddOffsetsToTxn, AddOffsetsToTxnResponse } from '../../wire/apis/AddOffsetsToTxn';
import { AddPartitionsToTxn, AddPartitionsToTxnResponse } from '../../wire/apis/AddPartitionsToTxn';
import { DescribeTransactions, DescribeTransactionsResponse } from '../../wire/apis/DescribeTransactions';
import { EndTxn, EndTxnResponse } from '../../wire/apis/EndTxn';
import { Fetch, FetchPartitionData, FetchResponse } from '../../wire/apis/Fetch';
import { FindCoordinator, FindCoordinatorResponse } from '../../wire/apis/FindCoordinator';
import { InitProducerId, InitProducerIdResponse } from '../../wire/apis/InitProducerId';
import { ListOffsets, ListOffsetsResponse } from '../../wire/apis/ListOffsets';
import { ListTransactions, ListTransactionsResponse } from '../../wire/apis/ListTransactions';
import { OffsetFetch, OffsetFetchResponse } from '../../wire/apis/OffsetFetch';
import { PartitionProduceResponse, Produce, ProduceResponse } from '../../wire/apis/Produce';
import { TxnOffsetCommit, TxnOffsetCommitResponse } from '../../wire/apis/TxnOffsetCommit';
import { readControlRecord } from '../../wire/controlRecords';
import { ErrorCode } from '../../wire/errors';
import { batchInfo, buildBatch, readRecords } from '../../wire/records';
import { ClientPool, createTopic, fetchBody, splitBatches, TestClient } from './client';
import { ensureBuilt, runCli } from './cliRunner';

const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;

let dataDir: string;
let broker: Broker;
const pool = new ClientPool();
let c: TestClient;
let topicCounter = 0;

async function startBroker(transactions: Partial<TransactionConfig> = {}): Promise<void> {
  broker = await Broker.start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    transactions: { ...DEFAULT_CONFIG.transactions, ...transactions },
  });
  c = await pool.connect(broker.port);
}

async function restartBroker(transactions: Partial<TransactionConfig> = {}): Promise<void> {
  await pool.closeAll();
  await broker.stop();
  await startBroker(transactions);
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minikafka-txn-server-'));
  await startBroker();
});

afterEach(async () => {
  await pool.closeAll();
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const newTopic = () => `txn-${++topicCounter}`;

interface Producer {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** Next sequence per partition. */
  seq: Map<string, number>;
}

async function initProducerId(transactionalId: string, timeoutMs = 60000, version = 1): Promise<InitProducerIdResponse> {
  return c.request(InitProducerId, version, { transactionalId, transactionTimeoutMs: timeoutMs, producerId: -1, producerEpoch: -1 });
}

async function newProducer(transactionalId: string, timeoutMs = 60000): Promise<Producer> {
  const res = await initProducerId(transactionalId, timeoutMs);
  expect(res.errorCode).toBe(ErrorCode.NONE);
  return { transactionalId, producerId: res.producerId, producerEpoch: res.producerEpoch, seq: new Map() };
}

/** AddPartitionsToTxn v1 (kafkajs' version); the error of each partition, as `topic-partition: code`. */
async function addPartitions(p: Producer, topics: Record<string, number[]>, version = 1): Promise<Record<string, number>> {
  const res: AddPartitionsToTxnResponse = await c.request(AddPartitionsToTxn, version, {
    transactions: [],
    v3AndBelowTransactionalId: p.transactionalId,
    v3AndBelowProducerId: p.producerId,
    v3AndBelowProducerEpoch: p.producerEpoch,
    v3AndBelowTopics: Object.entries(topics).map(([name, partitions]) => ({ name, partitions })),
  });
  const out: Record<string, number> = {};
  for (const t of res.resultsByTopicV3AndBelow) for (const r of t.resultsByPartition) out[`${t.name}-${r.partitionIndex}`] = r.partitionErrorCode;
  return out;
}

/** A transactional Produce (v3) of values to one partition. */
async function produceTxn(p: Producer, topic: string, partition: number, values: string[]): Promise<PartitionProduceResponse> {
  const key = `${topic}-${partition}`;
  const baseSequence = p.seq.get(key) ?? 0;
  const records = buildBatch(values.map((value) => ({ value })), { transactional: true, producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence });
  const res: ProduceResponse = await c.request(Produce, 3, {
    transactionalId: p.transactionalId,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  const answer = res.responses[0].partitionResponses[0];
  if (answer.errorCode === ErrorCode.NONE) p.seq.set(key, baseSequence + values.length);
  return answer;
}

async function producePlain(topic: string, partition: number, values: string[]): Promise<number> {
  const res: ProduceResponse = await c.request(Produce, 3, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records: buildBatch(values.map((value) => ({ value }))) }] }],
  });
  expect(res.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
  return res.responses[0].partitionResponses[0].baseOffset;
}

async function endTxn(p: Producer, committed: boolean, version = 1): Promise<number> {
  const res: EndTxnResponse = await c.request(EndTxn, version, { transactionalId: p.transactionalId, producerId: p.producerId, producerEpoch: p.producerEpoch, committed });
  return res.errorCode;
}

/** One partition's Fetch (v11) answer. */
async function fetch(topic: string, partition: number, isolationLevel: number, fetchOffset = 0, version = 11): Promise<FetchPartitionData> {
  const res: FetchResponse = await c.request(Fetch, version, fetchBody([{ topic, partition, fetchOffset }], { isolationLevel }));
  expect(res.errorCode).toBe(0);
  return res.responses[0].partitions[0];
}

/** The batches of a fetch, decoded: values of data batches, COMMIT/ABORT for markers. */
function batchesOf(data: FetchPartitionData): Array<{ offset: number; what: string; producerId: number }> {
  return splitBatches(data.records as Buffer | null).map((b) => {
    const info = batchInfo(b);
    const marker = info.control ? readControlRecord(b) : null;
    const what = marker ? (marker.commit ? 'COMMIT' : 'ABORT') : readRecords(b).map((r) => r.value?.toString()).join(',');
    return { offset: info.baseOffset, what, producerId: info.producerId };
  });
}

async function latestOffset(topic: string, partition: number, isolationLevel: number): Promise<number> {
  const res: ListOffsetsResponse = await c.request(ListOffsets, 2, {
    replicaId: -1,
    isolationLevel,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
    timeoutMs: 5000,
  });
  expect(res.topics[0].partitions[0].errorCode).toBe(0);
  return res.topics[0].partitions[0].offset;
}

async function describe1(transactionalId: string) {
  const res: DescribeTransactionsResponse = await c.request(DescribeTransactions, 0, { transactionalIds: [transactionalId] });
  return res.transactionStates[0];
}

describe('a transaction, request by request', () => {
  it('finds this broker as the transaction coordinator', async () => {
    const res: FindCoordinatorResponse = await c.request(FindCoordinator, 1, { key: 'tx', keyType: 1, coordinatorKeys: [] });
    expect(res).toMatchObject({ errorCode: 0, nodeId: 1, port: broker.port });
  });

  it('keeps open data below the LSO for read_committed, and shows it with its COMMIT marker once committed', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 2);
    await producePlain(topic, 0, ['before']); // offset 0
    const p = await newProducer('tx-commit');
    expect(p.producerEpoch).toBe(0);
    expect(await addPartitions(p, { [topic]: [0, 1] })).toEqual({ [`${topic}-0`]: 0, [`${topic}-1`]: 0 });
    expect((await produceTxn(p, topic, 0, ['t1', 't2'])).baseOffset).toBe(1);
    expect((await produceTxn(p, topic, 1, ['u1'])).baseOffset).toBe(0);
    await producePlain(topic, 0, ['after']); // offset 3, behind the open transaction

    const committed = await fetch(topic, 0, READ_COMMITTED);
    expect(committed).toMatchObject({ errorCode: 0, highWatermark: 4, lastStableOffset: 1, abortedTransactions: [] });
    expect(batchesOf(committed).map((b) => b.what)).toEqual(['before']);
    const uncommitted = await fetch(topic, 0, READ_UNCOMMITTED);
    expect(uncommitted).toMatchObject({ highWatermark: 4, lastStableOffset: 1, abortedTransactions: null });
    expect(batchesOf(uncommitted).map((b) => b.what)).toEqual(['before', 't1,t2', 'after']);
    // Nothing at or past the LSO for read_committed, even when asked from there.
    expect(batchesOf(await fetch(topic, 0, READ_COMMITTED, 1))).toEqual([]);
    expect(await latestOffset(topic, 0, READ_COMMITTED)).toBe(1);
    expect(await latestOffset(topic, 0, READ_UNCOMMITTED)).toBe(4);
    expect(await describe1('tx-commit')).toMatchObject({
      errorCode: 0,
      transactionState: 'Ongoing',
      producerId: p.producerId,
      producerEpoch: 0,
      transactionTimeoutMs: 60000,
      topics: [{ topic, partitions: [0, 1] }],
    });

    expect(await endTxn(p, true)).toBe(ErrorCode.NONE);
    const after = await fetch(topic, 0, READ_COMMITTED);
    expect(after).toMatchObject({ highWatermark: 5, lastStableOffset: 5, abortedTransactions: [] });
    expect(batchesOf(after)).toEqual([
      { offset: 0, what: 'before', producerId: -1 },
      { offset: 1, what: 't1,t2', producerId: p.producerId },
      { offset: 3, what: 'after', producerId: -1 },
      { offset: 4, what: 'COMMIT', producerId: p.producerId },
    ]);
    expect(batchesOf(await fetch(topic, 1, READ_COMMITTED)).map((b) => b.what)).toEqual(['u1', 'COMMIT']);
    expect(await latestOffset(topic, 0, READ_COMMITTED)).toBe(5);
    expect(await describe1('tx-commit')).toMatchObject({ transactionState: 'CompleteCommit', topics: [] });
  });

  it('lists an aborted transaction to read_committed fetches that overlap it', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const p = await newProducer('tx-abort');
    await addPartitions(p, { [topic]: [0] });
    await produceTxn(p, topic, 0, ['x1', 'x2']); // 0-1
    expect(await endTxn(p, false)).toBe(ErrorCode.NONE); // ABORT at 2
    await produceTxn(p, topic, 0, ['late']).then((r) => expect(r.errorCode).toBe(ErrorCode.INVALID_TXN_STATE)); // not added again
    await addPartitions(p, { [topic]: [0] });
    await produceTxn(p, topic, 0, ['y1']); // 3
    expect(await endTxn(p, true)).toBe(ErrorCode.NONE); // COMMIT at 4

    const committed = await fetch(topic, 0, READ_COMMITTED);
    expect(committed).toMatchObject({ highWatermark: 5, lastStableOffset: 5, abortedTransactions: [{ producerId: p.producerId, firstOffset: 0 }] });
    // The aborted records come back as stored; the client drops them using the list and the ABORT marker.
    expect(batchesOf(committed).map((b) => `${b.offset}:${b.what}`)).toEqual(['0:x1,x2', '2:ABORT', '3:y1', '4:COMMIT']);
    expect((await fetch(topic, 0, READ_COMMITTED, 3)).abortedTransactions).toEqual([]);
    const uncommitted = await fetch(topic, 0, READ_UNCOMMITTED);
    expect(uncommitted.abortedTransactions).toBeNull();
    expect(batchesOf(uncommitted).map((b) => `${b.offset}:${b.what}`)).toEqual(['0:x1,x2', '2:ABORT', '3:y1', '4:COMMIT']);
    // Fetch v4 (librdkafka's minimum) carries the same.
    expect((await fetch(topic, 0, READ_COMMITTED, 0, 4)).abortedTransactions).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
  });

  it('answers errors as Kafka: unknown partitions, wrong ids, stale epochs, wrong states', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const p = await newProducer('tx-errors');
    expect(await addPartitions(p, { [topic]: [0], nope: [0] })).toEqual({ [`${topic}-0`]: ErrorCode.OPERATION_NOT_ATTEMPTED, 'nope-0': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    expect(await endTxn(p, true)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await addPartitions({ ...p, producerId: p.producerId + 1 }, { [topic]: [0] })).toEqual({ [`${topic}-0`]: ErrorCode.INVALID_PRODUCER_ID_MAPPING });
    expect(await addPartitions({ ...p, transactionalId: 'unknown' }, { [topic]: [0] })).toEqual({ [`${topic}-0`]: ErrorCode.INVALID_PRODUCER_ID_MAPPING });
    // A stale epoch: INVALID_PRODUCER_EPOCH before v2, PRODUCER_FENCED from v2.
    const stale = { ...p, producerEpoch: p.producerEpoch + 1 };
    expect(await addPartitions(stale, { [topic]: [0] }, 1)).toEqual({ [`${topic}-0`]: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(await addPartitions(stale, { [topic]: [0] }, 2)).toEqual({ [`${topic}-0`]: ErrorCode.PRODUCER_FENCED });
    expect(await addPartitions(p, { [topic]: [0] }, 3)).toEqual({ [`${topic}-0`]: ErrorCode.NONE });
    expect(await endTxn(stale, true, 1)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await endTxn(stale, true, 3)).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await initProducerId('tx-errors', 900_001)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect(await endTxn(p, false)).toBe(ErrorCode.NONE);
    expect(await endTxn(p, true)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('verifies partitions for brokers (AddPartitionsToTxn v4 VerifyOnly) and adds for several transactions at once', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 2);
    const p = await newProducer('tx-v4');
    const res: AddPartitionsToTxnResponse = await c.request(AddPartitionsToTxn, 4, {
      transactions: [
        { transactionalId: 'tx-v4', producerId: p.producerId, producerEpoch: 0, verifyOnly: false, topics: [{ name: topic, partitions: [0] }] },
        { transactionalId: 'tx-none', producerId: 5, producerEpoch: 0, verifyOnly: false, topics: [{ name: topic, partitions: [0] }] },
      ],
      v3AndBelowTransactionalId: '',
      v3AndBelowProducerId: -1,
      v3AndBelowProducerEpoch: -1,
      v3AndBelowTopics: [],
    });
    expect(res.errorCode).toBe(0);
    expect(res.resultsByTransaction).toEqual([
      { transactionalId: 'tx-v4', topicResults: [{ name: topic, resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }] }] },
      { transactionalId: 'tx-none', topicResults: [{ name: topic, resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: ErrorCode.INVALID_PRODUCER_ID_MAPPING }] }] },
    ]);
    for (const [version, notIn] of [[4, ErrorCode.INVALID_TXN_STATE], [5, ErrorCode.TRANSACTION_ABORTABLE]]) {
      const verified: AddPartitionsToTxnResponse = await c.request(AddPartitionsToTxn, version, {
        transactions: [{ transactionalId: 'tx-v4', producerId: p.producerId, producerEpoch: 0, verifyOnly: true, topics: [{ name: topic, partitions: [0, 1] }] }],
        v3AndBelowTransactionalId: '',
        v3AndBelowProducerId: -1,
        v3AndBelowProducerEpoch: -1,
        v3AndBelowTopics: [],
      });
      expect(verified.resultsByTransaction[0].topicResults[0].resultsByPartition).toEqual([
        { partitionIndex: 0, partitionErrorCode: 0 },
        { partitionIndex: 1, partitionErrorCode: notIn },
      ]);
    }
  });
});

describe('transactional offsets', () => {
  async function addOffsets(p: Producer, groupId: string): Promise<number> {
    const res: AddOffsetsToTxnResponse = await c.request(AddOffsetsToTxn, 1, { transactionalId: p.transactionalId, producerId: p.producerId, producerEpoch: p.producerEpoch, groupId });
    return res.errorCode;
  }

  async function txnCommit(p: Producer, groupId: string, topic: string, offset: number, version = 1, member: { generationId?: number; memberId?: string } = {}): Promise<number> {
    const res: TxnOffsetCommitResponse = await c.request(TxnOffsetCommit, version, {
      transactionalId: p.transactionalId,
      groupId,
      producerId: p.producerId,
      producerEpoch: p.producerEpoch,
      generationId: member.generationId ?? -1,
      memberId: member.memberId ?? '',
      groupInstanceId: null,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
    });
    return res.topics[0].partitions[0].errorCode;
  }

  async function committed(groupId: string, topic: string): Promise<number> {
    const res: OffsetFetchResponse = await c.request(OffsetFetch, 4, { groupId, topics: [{ name: topic, partitionIndexes: [0] }] });
    return res.topics[0].partitions[0].committedOffset;
  }

  it('are visible only once the transaction commits, and never if it aborts', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const p = await newProducer('tx-offsets');
    expect(await txnCommit(p, 'g', topic, 5)).toBe(ErrorCode.INVALID_TXN_STATE); // no AddOffsetsToTxn yet
    expect(await addOffsets(p, 'g')).toBe(ErrorCode.NONE);
    expect(await txnCommit(p, 'g', topic, 5, 4)).toBe(ErrorCode.NONE);
    expect(await txnCommit(p, 'g', topic, 5, 3, { generationId: 3 })).toBe(ErrorCode.ILLEGAL_GENERATION); // no such generation
    expect(await committed('g', topic)).toBe(-1);
    // A consumer that asks for stable offsets is told to retry while the commit is pending (KIP-447).
    const stable: OffsetFetchResponse = await c.request(OffsetFetch, 7, { groupId: 'g', topics: [{ name: topic, partitionIndexes: [0] }], requireStable: true });
    expect(stable.topics[0].partitions[0]).toMatchObject({ committedOffset: -1, errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT });
    expect(await describe1('tx-offsets')).toMatchObject({ transactionState: 'Ongoing', topics: [{ topic: '__consumer_offsets' }] });
    expect(await endTxn(p, true)).toBe(ErrorCode.NONE);
    expect(await committed('g', topic)).toBe(5);
    const settled: OffsetFetchResponse = await c.request(OffsetFetch, 7, { groupId: 'g', topics: [{ name: topic, partitionIndexes: [0] }], requireStable: true });
    expect(settled.topics[0].partitions[0]).toMatchObject({ committedOffset: 5, errorCode: ErrorCode.NONE });

    expect(await addOffsets(p, 'g')).toBe(ErrorCode.NONE);
    expect(await txnCommit(p, 'g', topic, 9)).toBe(ErrorCode.NONE);
    expect(await endTxn(p, false)).toBe(ErrorCode.NONE);
    expect(await committed('g', topic)).toBe(5);
  });
});

describe('fencing', () => {
  it('aborts the open transaction of an older instance and fences its epoch everywhere', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const zombie = await newProducer('tx-fence');
    await addPartitions(zombie, { [topic]: [0] });
    await produceTxn(zombie, topic, 0, ['z1']); // 0

    // The new instance is told to retry while the old transaction is aborted (epoch 1 on the marker).
    expect(await initProducerId('tx-fence')).toMatchObject({ errorCode: ErrorCode.CONCURRENT_TRANSACTIONS, producerId: -1, producerEpoch: -1 });
    const fresh = await newProducer('tx-fence');
    expect(fresh).toMatchObject({ producerId: zombie.producerId, producerEpoch: 2 });
    const data = await fetch(topic, 0, READ_COMMITTED);
    expect(data).toMatchObject({ lastStableOffset: 2, abortedTransactions: [{ producerId: zombie.producerId, firstOffset: 0 }] });
    expect(batchesOf(data).map((b) => b.what)).toEqual(['z1', 'ABORT']);

    expect((await produceTxn(zombie, topic, 0, ['z2'])).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await addPartitions(zombie, { [topic]: [0] })).toEqual({ [`${topic}-0`]: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(await endTxn(zombie, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await endTxn(zombie, true, 2)).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await initProducerId('tx-fence', 60000, 4)).producerEpoch).toBe(3);
  });
});

describe('ListTransactions and DescribeTransactions', () => {
  it('list by state and producer id (v0), and by duration (v1)', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const open = await newProducer('tx-open');
    const idle = await newProducer('tx-idle');
    await addPartitions(open, { [topic]: [0] });
    const list = async (body: object, version = 0) => {
      const res: ListTransactionsResponse = await c.request(ListTransactions, version, { stateFilters: [], producerIdFilters: [], durationFilter: -1, ...body });
      expect(res.errorCode).toBe(0);
      return { ...res, transactionStates: [...res.transactionStates].sort((a, b) => a.transactionalId.localeCompare(b.transactionalId)) };
    };
    expect((await list({})).transactionStates).toEqual([
      { transactionalId: 'tx-idle', producerId: idle.producerId, transactionState: 'Empty' },
      { transactionalId: 'tx-open', producerId: open.producerId, transactionState: 'Ongoing' },
    ]);
    expect((await list({ stateFilters: ['Ongoing', 'Nonsense'] })).transactionStates.map((t) => t.transactionalId)).toEqual(['tx-open']);
    expect((await list({ stateFilters: ['Nonsense'] })).unknownStateFilters).toEqual(['Nonsense']);
    expect((await list({ producerIdFilters: [idle.producerId] })).transactionStates.map((t) => t.transactionalId)).toEqual(['tx-idle']);
    // v1: only transactions running longer than DurationFilter ms.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await list({ stateFilters: ['Ongoing'], durationFilter: 3_600_000 }, 1)).transactionStates).toEqual([]);
    expect((await list({ stateFilters: ['Ongoing'], durationFilter: 10 }, 1)).transactionStates.map((t) => t.transactionalId)).toEqual(['tx-open']);
    expect((await list({ durationFilter: 10 }, 0)).transactionStates.length).toBe(2); // v0 has no duration filter

    const res: DescribeTransactionsResponse = await c.request(DescribeTransactions, 0, { transactionalIds: ['tx-idle', 'missing'] });
    expect(res.transactionStates).toEqual([
      {
        errorCode: 0,
        transactionalId: 'tx-idle',
        transactionState: 'Empty',
        transactionTimeoutMs: 60000,
        transactionStartTimeMs: -1,
        producerId: idle.producerId,
        producerEpoch: 0,
        topics: [],
      },
      {
        errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND,
        transactionalId: 'missing',
        transactionState: '',
        transactionTimeoutMs: 0,
        transactionStartTimeMs: -1,
        producerId: -1,
        producerEpoch: -1,
        topics: [],
      },
    ]);
  });
});

describe('a restart in the middle of a transaction', () => {
  it('keeps the transaction open (LSO, state) and lets it commit afterwards', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const p = await newProducer('tx-restart');
    await addPartitions(p, { [topic]: [0] });
    await produceTxn(p, topic, 0, ['r1', 'r2']); // 0-1
    await produceTxn(p, topic, 0, ['r3']); // 2

    await restartBroker();
    expect(await fetch(topic, 0, READ_COMMITTED)).toMatchObject({ highWatermark: 3, lastStableOffset: 0 });
    expect(batchesOf(await fetch(topic, 0, READ_COMMITTED))).toEqual([]);
    expect(await describe1('tx-restart')).toMatchObject({ transactionState: 'Ongoing', producerId: p.producerId, producerEpoch: 0, topics: [{ topic, partitions: [0] }] });
    // The same producer carries on: more data, then commit.
    await produceTxn(p, topic, 0, ['r4']).then((r) => expect(r).toMatchObject({ errorCode: 0, baseOffset: 3 }));
    expect(await endTxn(p, true)).toBe(ErrorCode.NONE);
    const data = await fetch(topic, 0, READ_COMMITTED);
    expect(data).toMatchObject({ lastStableOffset: 5, abortedTransactions: [] });
    expect(batchesOf(data).map((b) => b.what)).toEqual(['r1,r2', 'r3', 'r4', 'COMMIT']);
  });

  it('or the timeout aborts it after the restart', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 1);
    const p = await newProducer('tx-timeout', 1000);
    await addPartitions(p, { [topic]: [0] });
    await produceTxn(p, topic, 0, ['lost']);

    await restartBroker({ abortTimedOutCheckIntervalMs: 100 });
    const deadline = Date.now() + 10_000;
    let data = await fetch(topic, 0, READ_COMMITTED);
    while (data.lastStableOffset !== data.highWatermark && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      data = await fetch(topic, 0, READ_COMMITTED);
    }
    expect(data).toMatchObject({ highWatermark: 2, lastStableOffset: 2, abortedTransactions: [{ producerId: p.producerId, firstOffset: 0 }] });
    expect(batchesOf(data).map((b) => b.what)).toEqual(['lost', 'ABORT']);
    expect(await describe1('tx-timeout')).toMatchObject({ transactionState: 'CompleteAbort', producerEpoch: 1 });
    expect(await endTxn(p, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });
});

describe('minikafka transactions', () => {
  beforeAll(() => ensureBuilt(), 120000);

  it('shows each transactional id with its state, age and partitions, and the producers of open transactions', async () => {
    const topic = newTopic();
    await createTopic(c, topic, 2);
    const open = await newProducer('cli-open');
    await addPartitions(open, { [topic]: [0, 1] });
    await produceTxn(open, topic, 1, ['a', 'b', 'c']);
    const done = await newProducer('cli-done');
    await addPartitions(done, { [topic]: [0] });
    await produceTxn(done, topic, 0, ['d']);
    expect(await endTxn(done, true)).toBe(ErrorCode.NONE);

    const run = await runCli(['transactions', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--json'], 15000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const overview = JSON.parse(run.stdout);
    expect(overview.transactions).toEqual([
      expect.objectContaining({ transactionalId: 'cli-done', state: 'CompleteCommit', producerId: done.producerId, ageMs: null, partitions: [] }),
      expect.objectContaining({ transactionalId: 'cli-open', state: 'Ongoing', producerId: open.producerId, producerEpoch: 0, partitions: [`${topic}-0`, `${topic}-1`] }),
    ]);
    expect(overview.transactions[1].ageMs).toBeGreaterThanOrEqual(0);
    expect(overview.producers).toEqual([
      { topic, partition: 0, producerId: done.producerId, producerEpoch: 0, lastSequence: 0, lastTimestamp: expect.any(Number), currentTxnStartOffset: -1, transactionalId: 'cli-done' },
      { topic, partition: 1, producerId: open.producerId, producerEpoch: 0, lastSequence: 2, lastTimestamp: expect.any(Number), currentTxnStartOffset: 0, transactionalId: 'cli-open' },
    ]);

    const table = await runCli(['transactions', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--state', 'Ongoing'], 15000);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['TRANSACTIONAL-ID', 'STATE', 'PRODUCER-ID', 'EPOCH', 'TIMEOUT-MS', 'AGE-MS', 'PARTITIONS']);
    expect(lines[1].split(/\s+/)).toEqual(['cli-open', 'Ongoing', String(open.producerId), '0', '60000', expect.stringMatching(/^\d+$/), `${topic}-0,${topic}-1`]);
    // Every producer of those partitions; cli-done is not listed with --state Ongoing, so its id is unknown here.
    expect(lines.slice(3).map((l) => l.split(/\s+/))).toEqual([
      ['TOPIC', 'PARTITION', 'PRODUCER-ID', 'EPOCH', 'LAST-SEQUENCE', 'TXN-START-OFFSET', 'TRANSACTIONAL-ID'],
      [topic, '0', String(done.producerId), '0', '0', '-', '-'],
      [topic, '1', String(open.producerId), '0', '2', '0', 'cli-open'],
    ]);

    const bad = await runCli(['transactions', '--bootstrap-server', `127.0.0.1:${broker.port}`, '--state', 'Bogus'], 15000);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown transaction state: Bogus');
  }, 60000);

  it('formats an empty overview as just the header', () => {
    expect(formatOverview({ transactions: [], producers: [] })).toBe('TRANSACTIONAL-ID  STATE  PRODUCER-ID  EPOCH  TIMEOUT-MS  AGE-MS  PARTITIONS\n');
  });
});
