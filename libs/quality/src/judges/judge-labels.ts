/** The least of a pairwise judgment that agreement with humans needs. */
export interface LabelledJudgment {
  readonly taskId: string;
  readonly raterId: string;
  /** the two response ids, in any order */
  readonly responseIds: readonly [string, string];
  /** the preferred response id, or 'tie' */
  readonly choice: string;
}

/** A judgment as a label that means the same on every task: 'A' (the smaller response id), 'B' or 'tie'. */
export type PairLabel = 'A' | 'B' | 'tie';

/**
 * The label of a judgment, independent of the task's response ids and of the order shown:
 * 'A' when the preferred response has the smaller id, 'B' the larger, else 'tie'.
 *
 * @example
 * pairLabel({ taskId: 't', raterId: 'r', responseIds: ['y', 'x'], choice: 'x' }); // 'A'
 */
export function pairLabel(judgment: LabelledJudgment): PairLabel {
  if (judgment.choice === 'tie') return 'tie';
  const [a, b] = judgment.responseIds;
  return judgment.choice === (a < b ? a : b) ? 'A' : 'B';
}

/**
 * The plurality label of a set of labels, or null when two labels share the top count
 * (or there are none): such a task has no consensus and is no unit of agreement.
 *
 * @example
 * pluralityLabel(['A', 'A', 'B']); // 'A'
 * pluralityLabel(['A', 'B']); // null
 */
export function pluralityLabel(labels: readonly PairLabel[]): PairLabel | null {
  const counts = new Map<PairLabel, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: PairLabel | null = null;
  let top = 0;
  let shared = false;
  for (const [label, n] of counts) {
    if (n > top) {
      best = label;
      top = n;
      shared = false;
    } else if (n === top) shared = true;
  }
  return shared ? null : best;
}

/**
 * Per task, the plurality label of the judgments of the raters `isIncluded` accepts
 * (the human consensus when it accepts people); tasks without a consensus are absent.
 */
export function consensusByTask(
  judgments: readonly LabelledJudgment[],
  isIncluded: (raterId: string) => boolean,
): Map<string, PairLabel> {
  const labels = new Map<string, PairLabel[]>();
  for (const j of judgments) {
    if (!isIncluded(j.raterId)) continue;
    const list = labels.get(j.taskId);
    if (list) list.push(pairLabel(j));
    else labels.set(j.taskId, [pairLabel(j)]);
  }
  const consensus = new Map<string, PairLabel>();
  for (const [task, list] of labels) {
    const label = pluralityLabel(list);
    if (label !== null) consensus.set(task, label);
  }
  return consensus;
}
