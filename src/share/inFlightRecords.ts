/**
 * The in-flight records of one share-partition as ranges of offsets that share a state: one range
 * per fetched batch at first, split only where acknowledgements differ within it (as Kafka keeps
 * per-batch state and falls back to per-offset state), merged again when neighbours agree.
 * Ranges are sorted and never overlap; an offset between ranges holds no record (a control
 * record, an aborted one, or one compacted away) and counts as done.
 */
import { RecordState } from './contracts';

export interface InFlightRange {
  first: number;
  /** Inclusive. */
  last: number;
  state: RecordState;
  deliveryCount: number;
  /** The member holding the lock, while Acquired. */
  memberId: string | null;
  /** When the lock ends (ms since the epoch), while Acquired. */
  lockExpiresAt: number;
}

export const isDone = (state: RecordState) => state === RecordState.Acknowledged || state === RecordState.Archived;
export const sizeOf = (r: { first: number; last: number }) => r.last - r.first + 1;

export class InFlightRecords {
  private ranges: InFlightRange[] = [];

  all(): readonly InFlightRange[] {
    return this.ranges;
  }

  clear(): void {
    this.ranges = [];
  }

  /** Append a range after every existing one. */
  push(range: InFlightRange): void {
    const tail = this.ranges[this.ranges.length - 1];
    if (tail && range.first <= tail.last) throw new Error(`in-flight range ${range.first} overlaps ${tail.last}`);
    this.ranges.push(range);
  }

  /** A copy to restore if a durable write fails. */
  save(): InFlightRange[] {
    return this.ranges.map((r) => ({ ...r }));
  }

  restore(saved: InFlightRange[]): void {
    this.ranges = saved;
  }

  /**
   * The ranges exactly covering [first, last], split at both ends as needed; with `complete`, null
   * unless every offset of [first, last] is in some range.
   */
  slice(first: number, last: number, complete: boolean): InFlightRange[] | null {
    this.splitBefore(first);
    this.splitBefore(last + 1);
    const inside = this.ranges.filter((r) => r.first >= first && r.last <= last);
    if (complete && inside.reduce((n, r) => n + sizeOf(r), 0) !== last - first + 1) return null;
    return inside;
  }

  /** Forget everything below offset (the start offset moved there). */
  dropBelow(offset: number): void {
    this.splitBefore(offset);
    this.ranges = this.ranges.filter((r) => r.first >= offset);
  }

  /** Forget everything from offset on. */
  dropFrom(offset: number): void {
    this.splitBefore(offset);
    this.ranges = this.ranges.filter((r) => r.last < offset);
  }

  /** The first offset not done, or undefined when every in-flight record is done. */
  firstUndone(): number | undefined {
    return this.ranges.find((r) => !isDone(r.state))?.first;
  }

  /** Records in each state. */
  counts(): Record<RecordState, number> {
    const counts = { [RecordState.Available]: 0, [RecordState.Acquired]: 0, [RecordState.Acknowledged]: 0, [RecordState.Archived]: 0 };
    for (const r of this.ranges) counts[r.state] += sizeOf(r);
    return counts;
  }

  /** Join neighbours that agree in everything, so the state stays as small as the batches. */
  merge(): void {
    const merged: InFlightRange[] = [];
    for (const r of this.ranges) {
      const prev = merged[merged.length - 1];
      if (
        prev &&
        prev.last + 1 === r.first &&
        prev.state === r.state &&
        prev.deliveryCount === r.deliveryCount &&
        prev.memberId === r.memberId &&
        prev.lockExpiresAt === r.lockExpiresAt &&
        r.state !== RecordState.Acquired // acquired ranges stay as acquired: one per batch per fetch
      ) {
        prev.last = r.last;
      } else {
        merged.push(r);
      }
    }
    this.ranges = merged;
  }

  /** Make `offset` the first offset of a range if a range holds it and the offset before. */
  private splitBefore(offset: number): void {
    const i = this.ranges.findIndex((r) => r.first < offset && offset <= r.last);
    if (i < 0) return;
    const r = this.ranges[i];
    this.ranges.splice(i, 1, { ...r, last: offset - 1 }, { ...r, first: offset });
  }
}
