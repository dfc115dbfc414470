import type { StoredPosition } from './batch-consumer';
import type { PartitionRange } from './topic-offsets';

/**
 * How many messages of `topic` a consumer at `positions` has still to read before it reaches `ends`: for each
 * partition, from its position (or the partition's first offset, when it has none or its position was removed by
 * retention) up to the end. Pure.
 * @example messagesBehind([{ partition: 0, low: '0', high: '3' }], [{ topic: 't', partition: 0, nextOffset: '1' }], 't') // 2
 */
export function messagesBehind(
  ends: readonly PartitionRange[],
  positions: readonly StoredPosition[],
  topic: string,
): number {
  let behind = 0n;
  for (const end of ends) {
    const low = BigInt(end.low);
    const high = BigInt(end.high);
    const at = positions.find((p) => p.topic === topic && p.partition === end.partition);
    const from = at === undefined || BigInt(at.nextOffset) < low ? low : BigInt(at.nextOffset);
    if (high > from) behind += high - from;
  }
  return Number(behind);
}
