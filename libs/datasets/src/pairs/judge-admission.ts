import { judgeAgreement, type LabelledJudgment } from '@hindsight/quality';
import type { DatasetRecipe } from '../recipe/dataset-recipe';
import { applyAmendments, type SourceComparison } from './source-comparison';

/** Whether one AI judge's labels entered a build, and on what evidence (written to the manifest). */
export interface JudgeAdmission {
  readonly rater: string;
  /** tasks with both a human consensus and this judge's label, as of T */
  readonly tasks: number;
  /** Cohen's kappa against human consensus (as the quality report computes it); null when undefined */
  readonly kappa: number | null;
  readonly kappaCi: [number, number] | null;
  readonly admitted: boolean;
  /** why not: the recipe does not name it, its kappa is below `minKappa`, or it has none */
  readonly reason: 'not-included' | 'below-min-kappa' | 'no-kappa' | null;
}

/**
 * The labels the kappa is computed from: a task's pairwise comparisons after their
 * amendments, retracted ones and those of more than two responses left out — what the
 * quality report reads, so a build's kappa is the report's kappa as of the same T.
 */
export function labelledJudgments(task: readonly SourceComparison[]): LabelledJudgment[] {
  const labelled: LabelledJudgment[] = [];
  for (const c of task.map(applyAmendments)) {
    if (c.retracted || c.responses.length !== 2 || c.shownOrder.length !== 2) continue;
    labelled.push({
      taskId: c.taskId,
      raterId: c.raterId,
      responseIds: [c.responses[0].id, c.responses[1].id],
      choice: c.choice.kind === 'tie' ? 'tie' : c.choice.responseId,
    });
  }
  return labelled;
}

/**
 * Decides per judge (sorted by rater id) whether its labels enter the build: only when the
 * recipe's `judges.include` names it (or is `qualified`) and its kappa against human
 * consensus is at least `judges.minKappa`. The kappa and its seeded bootstrap interval are
 * the quality report's (`judgeAgreement`, seed 1, 1000 resamples).
 *
 * @example
 * admitJudges(labels, ['judge-a'], { include: 'qualified', minKappa: 0.6 }); // [{ rater: 'judge-a', kappa: 0.72, admitted: true, … }]
 */
export function admitJudges(
  judgments: readonly LabelledJudgment[],
  judges: readonly string[],
  policy: DatasetRecipe['judges'],
): JudgeAdmission[] {
  const sorted = [...judges].sort();
  return judgeAgreement(judgments, sorted).map((a): JudgeAdmission => {
    const named = policy.include === 'qualified' || policy.include.includes(a.rater);
    const reason = !named
      ? 'not-included'
      : a.kappa === null
        ? 'no-kappa'
        : a.kappa < policy.minKappa
          ? 'below-min-kappa'
          : null;
    return { rater: a.rater, tasks: a.tasks, kappa: a.kappa, kappaCi: a.kappaCi, admitted: reason === null, reason };
  });
}
