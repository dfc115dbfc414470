import type { DatasetDiffJson } from './api-types';

export interface DatasetDiffRow {
  readonly change: 'added' | 'removed' | 'relabelled' | 'unchanged';
  /** why (`new`, `was tie`, `retracted`, …); null for relabelled and unchanged */
  readonly reason: string | null;
  readonly pairs: number;
}

export interface DatasetDiffView {
  readonly added: number;
  readonly removed: number;
  readonly relabelled: number;
  readonly unchanged: number;
  /** one row per change and reason, largest first within a change */
  readonly rows: DatasetDiffRow[];
}

/**
 * The diff of two dataset builds as a table: totals, then the pairs added and
 * removed by reason, relabelled and unchanged, as `hindsight dataset diff A B --json`
 * prints them (relabelled counts annotations whose pairs changed).
 *
 * @example
 * datasetDiffView(diff).rows; // [{ change: 'added', reason: 'new', pairs: 120 }, { change: 'removed', reason: 'retracted', pairs: 4 }, …]
 * @throws never.
 */
export function datasetDiffView(diff: DatasetDiffJson): DatasetDiffView {
  const byReason = (change: 'added' | 'removed', counts: Readonly<Record<string, number>>): DatasetDiffRow[] =>
    Object.entries(counts)
      .map(([reason, pairs]) => ({ change, reason, pairs }))
      .sort((a, b) => b.pairs - a.pairs || (a.reason < b.reason ? -1 : 1));
  return {
    added: diff.added.count,
    removed: diff.removed.count,
    relabelled: diff.relabelled.count,
    unchanged: diff.unchanged,
    rows: [
      ...byReason('added', diff.added.byReason),
      ...byReason('removed', diff.removed.byReason),
      { change: 'relabelled', reason: null, pairs: diff.relabelled.count },
      { change: 'unchanged', reason: null, pairs: diff.unchanged },
    ],
  };
}
