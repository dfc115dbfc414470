import { messagesBehind, type PartitionRange, type StoredPosition } from '@hindsight/kafka';

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
    done = messagesBehind(ends, await positions(), topic) === 0;
    return done;
  };
}
