import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DatasetDiff } from '@hindsight/api-types';
import { ValidationError } from '@hindsight/contracts';

export type { DatasetDiff } from '@hindsight/api-types';

const PAIR_FILES = ['train.jsonl', 'validation.jsonl', 'test.jsonl'];

/** Per annotation: its pairs (`chosen>rejected`) in one build, and why it was excluded if it was. */
interface BuildIndex {
  readonly pairs: Map<string, Set<string>>;
  readonly excluded: Map<string, string>;
}

async function* lines(path: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of reader) if (line !== '') yield line;
}

async function indexBuild(dir: string, path: string): Promise<BuildIndex> {
  try {
    await access(join(dir, 'manifest.json'));
  } catch {
    throw new ValidationError([{ path, rule: `is not a dataset build (no manifest.json in ${dir})` }]);
  }
  const pairs = new Map<string, Set<string>>();
  for (const file of PAIR_FILES) {
    for await (const line of lines(join(dir, file))) {
      const id = (JSON.parse(line) as { id: string }).id;
      const [annotation, pair] = id.split(':');
      pairs.set(annotation, (pairs.get(annotation) ?? new Set()).add(pair));
    }
  }
  const excluded = new Map<string, string>();
  for await (const line of lines(join(dir, 'excluded.jsonl'))) {
    const e = JSON.parse(line) as { annotationId: string; reason: string };
    excluded.set(e.annotationId, e.reason);
  }
  return { pairs, excluded };
}

/**
 * Compares two builds pair by pair. A pair added to B is explained by A's
 * exclusion reason (e.g. `was tie`) or `new`; a pair removed is explained by
 * B's exclusion reason (e.g. `retracted`) or `erased or not recorded`.
 */
export async function diffDatasets(a: string, b: string): Promise<DatasetDiff> {
  const [left, right] = await Promise.all([indexBuild(a, 'a'), indexBuild(b, 'b')]);
  const added: Record<string, number> = {};
  const removed: Record<string, number> = {};
  let addedCount = 0;
  let removedCount = 0;
  let relabelled = 0;
  let unchanged = 0;
  for (const [annotation, pairs] of right.pairs) {
    const before = left.pairs.get(annotation);
    if (!before) {
      const reason = left.excluded.has(annotation) ? `was ${left.excluded.get(annotation)}` : 'new';
      added[reason] = (added[reason] ?? 0) + pairs.size;
      addedCount += pairs.size;
    } else if ([...pairs].every((p) => before.has(p)) && pairs.size === before.size) unchanged += pairs.size;
    else relabelled += 1;
  }
  for (const [annotation, pairs] of left.pairs) {
    if (right.pairs.has(annotation)) continue;
    const reason = right.excluded.get(annotation) ?? 'erased or not recorded';
    removed[reason] = (removed[reason] ?? 0) + pairs.size;
    removedCount += pairs.size;
  }
  return {
    added: { count: addedCount, byReason: added },
    removed: { count: removedCount, byReason: removed },
    relabelled: { count: relabelled },
    unchanged,
  };
}
