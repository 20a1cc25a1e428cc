/** Names of segment files: the base offset, zero-padded to 20 digits, as Kafka names them. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SegmentFileKind = 'log' | 'index' | 'timeindex';

const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex)$/;

export function segmentFile(dir: string, baseOffset: number, kind: SegmentFileKind): string {
  return path.join(dir, `${String(baseOffset).padStart(20, '0')}.${kind}`);
}

/**
 * Base offsets of the segments in dir (those with a .log file), ascending. Index files without
 * a .log file are leftovers (a segment removed by hand, an interrupted roll): they are deleted so
 * a future segment with the same base offset does not pick them up.
 */
export function listSegments(dir: string, onOrphan: (file: string) => void): number[] {
  const logs = new Set<number>();
  const indexes: { file: string; baseOffset: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = SEGMENT_FILE.exec(name);
    if (!match) continue;
    const baseOffset = Number(match[1]);
    if (match[2] === 'log') logs.add(baseOffset);
    else indexes.push({ file: path.join(dir, name), baseOffset });
  }
  for (const { file, baseOffset } of indexes) {
    if (!logs.has(baseOffset)) {
      onOrphan(file);
      fs.rmSync(file, { force: true });
    }
  }
  return [...logs].sort((a, b) => a - b);
}
