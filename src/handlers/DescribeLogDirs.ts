/**
 * DescribeLogDirs: the broker has one log directory (the data dir, or IN_MEMORY_DATA_DIR for an
 * in-memory broker) holding every partition, with each partition's size. OffsetLag is 0: there
 * is one logical replica. v4's disk totals come from the file system, −1 in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DescribeLogDirs,
  DescribeLogDirsRequest,
  DescribeLogDirsResponse,
  DescribeLogDirsTopic,
} from '../../wire/apis/DescribeLogDirs';
import { ErrorCode } from '../../wire/errors';
import { IN_MEMORY_DATA_DIR } from '../storage/MemoryVolume';
import { defineHandler } from './types';

export default defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>({
  api: DescribeLogDirs,
  minVersion: 0,
  maxVersion: 4,
  handle(request, ctx) {
    const { config, topics } = ctx.broker;
    // null: every partition; otherwise only those asked for that exist.
    const wanted = request.topics === null ? null : new Map(request.topics.map((t) => [t.topic, new Set(t.partitions)]));
    const described: DescribeLogDirsTopic[] = [];
    for (const topic of topics.list()) {
      const partitions = topic.partitions
        .filter((p) => wanted === null || wanted.get(topic.name)?.has(p.index))
        .map((p) => ({ partitionIndex: p.index, partitionSize: p.log.sizeInBytes, offsetLag: 0, isFutureKey: false }));
      if (partitions.length > 0) described.push({ name: topic.name, partitions });
    }
    const disk = config.inMemory ? null : diskSpace(config.dataDir);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: [
        {
          errorCode: ErrorCode.NONE,
          logDir: config.inMemory ? IN_MEMORY_DATA_DIR : path.resolve(config.dataDir),
          topics: described,
          totalBytes: disk?.total ?? -1,
          usableBytes: disk?.usable ?? -1,
        },
      ],
    };
  },
});

function diskSpace(dir: string): { total: number; usable: number } | null {
  try {
    const stats = fs.statfsSync(dir);
    return { total: stats.blocks * stats.bsize, usable: stats.bavail * stats.bsize };
  } catch {
    return null; // unknown, as Kafka reports it (−1)
  }
}
