import type { PartitionRange, StoredPosition } from '@hindsight/kafka';

/**
 * Whether a consumer at `positions` has read every partition up to `ends` (a
 * partition with nothing left in the log counts as read).
 * @example readUpTo([{ partition: 0, low: '0', high: '3' }], [{ topic: 't', partition: 0, nextOffset: '3' }], 't') // true
 */
export function readUpTo(
  ends: readonly PartitionRange[],
  positions: readonly StoredPosition[],
  topic: string,
): boolean {
  return ends.every((end) => {
    if (BigInt(end.high) <= BigInt(end.low)) return true;
    const at = positions.find((p) => p.topic === topic && p.partition === end.partition);
    return at !== undefined && BigInt(at.nextOffset) >= BigInt(end.high);
  });
}

/**
 * A check that turns true once the trainer's consumer has read the topic up to
 * where it ended at the first check, and stays true: runs requested later are
 * read as they come.
 */
export function caughtUpCheck(
  fetchEnds: () => Promise<readonly PartitionRange[]>,
  positions: () => Promise<readonly StoredPosition[]>,
  topic: string,
): () => Promise<boolean> {
  let ends: readonly PartitionRange[] | undefined;
  let done = false;
  return async () => {
    if (done) return true;
    ends ??= await fetchEnds();
    done = readUpTo(ends, await positions(), topic);
    return done;
  };
}
