import type { DatasetRecipe } from '../recipe/dataset-recipe';
import type { Exclusion, PlacedRow } from './dataset-row';
import { applyAmendments, type EffectiveComparison, type SourceComparison } from './source-comparison';
import { splitOfTask } from './split-of-task';

export interface PairContext {
  readonly recipe: DatasetRecipe;
  /** The as-of time in ms since the epoch (for recency weighting). */
  readonly asOfMs: number;
  readonly raterGroup: (raterId: string) => string;
  readonly raterBelowAgreement: (raterId: string) => boolean;
  /** whether the rater is an AI judge (profiled with kind model), and whether the recipe admitted it; people when absent */
  readonly isJudge?: (raterId: string) => boolean;
  readonly judgeAdmitted?: (raterId: string) => boolean;
}

const DAY_MS = 86_400_000;

/**
 * Turns the comparisons of ONE task (ordered by annotation id) into dataset rows
 * and exclusions. Pure and deterministic: the same input gives the same rows in
 * the same order, so builds are byte-identical.
 */
export function buildTaskPairs(
  comparisons: readonly SourceComparison[],
  context: PairContext,
): { rows: PlacedRow[]; exclusions: Exclusion[] } {
  const { recipe } = context;
  const rows: PlacedRow[] = [];
  const exclusions: Exclusion[] = [];
  const isJudge = context.isJudge ?? (() => false);
  // People first: a judge's pair never displaces a person's as the kept duplicate, and order
  // disagreement is judged among the people, and within each judge's own judgments, so
  // admitting a judge adds its rows and changes no person's row.
  const all = comparisons.map(applyAmendments);
  const effective = [...all.filter((c) => !isJudge(c.raterId)), ...all.filter((c) => isJudge(c.raterId))];
  const decided = effective.filter((c) => !c.retracted && c.choice.kind === 'preferred');
  const disagreeing = orderDisagreements(decided.filter((c) => !isJudge(c.raterId)));
  for (const judge of new Set(decided.filter((c) => isJudge(c.raterId)).map((c) => c.raterId)))
    for (const id of orderDisagreements(decided.filter((c) => c.raterId === judge))) disagreeing.add(id);
  const seen = new Set<string>();

  for (const c of effective) {
    const exclude = (reason: Exclusion['reason']) =>
      exclusions.push({ annotationId: c.annotationId, taskId: c.taskId, reason });
    const group = context.raterGroup(c.raterId);
    const groupWeight = recipe.groupWeights[group] ?? 1;
    const judge = isJudge(c.raterId);
    if (c.retracted) exclude('retracted');
    else if (judge && !(context.judgeAdmitted?.(c.raterId) ?? false)) exclude('judge-not-admitted');
    else if (recipe.objectives.length > 0 && !recipe.objectives.includes(c.objective))
      exclude('objective-not-in-recipe');
    else if (
      (recipe.window.from && c.occurredAt < recipe.window.from) ||
      (recipe.window.to && c.occurredAt >= recipe.window.to)
    )
      exclude('outside-window');
    else if (!judge && context.raterBelowAgreement(c.raterId)) exclude('low-rater-agreement');
    else if (groupWeight === 0) exclude('group-weight-zero');
    else if (c.choice.kind === 'tie') exclude('tie');
    else if (disagreeing.has(c.annotationId) && recipe.orderDisagreement === 'drop') exclude('order-disagreement');
    else {
      const chosenId = c.choice.responseId;
      const chosen = c.responses.find((r) => r.id === chosenId)!;
      const recency =
        recipe.recencyHalfLifeDays === null
          ? 1
          : 0.5 ** (Math.max(0, context.asOfMs - Date.parse(c.occurredAt)) / (recipe.recencyHalfLifeDays * DAY_MS));
      const orderFactor = disagreeing.has(c.annotationId) && recipe.orderDisagreement === 'weight' ? 0.5 : 1;
      const weight = round6(groupWeight * recency * orderFactor);
      let kept = 0;
      for (const rejected of c.responses) {
        if (rejected.id === chosenId) continue;
        const identity = `${c.prompt}\u0000${chosen.text}\u0000${rejected.text}`;
        if (recipe.deduplicate && seen.has(identity)) continue;
        seen.add(identity);
        kept++;
        rows.push({
          split: splitOfTask(c.taskId, recipe.split),
          objective: c.objective,
          raterGroup: group,
          raterId: c.raterId,
          labelSource: judge ? 'judge' : 'human',
          row: {
            id: `${c.annotationId}:${chosenId}>${rejected.id}`,
            prompt: c.prompt,
            chosen: chosen.text,
            rejected: rejected.text,
            ...(c.strength !== undefined ? { margin: c.strength } : {}),
            weight,
          },
        });
      }
      if (kept === 0) exclude('duplicate');
    }
  }
  return { rows, exclusions };
}

/**
 * Comparisons of a pair shown in both orders whose preferences disagree between
 * the orders (a sign of position bias rather than preference).
 */
function orderDisagreements(comparisons: readonly EffectiveComparison[]): Set<string> {
  const byPair = new Map<string, { first: string; winner: string; id: string }[]>();
  for (const c of comparisons) {
    if (c.choice.kind !== 'preferred' || c.shownOrder.length !== 2) continue;
    const key = [...c.shownOrder].sort().join('\u0000');
    byPair.set(key, [
      ...(byPair.get(key) ?? []),
      { first: c.shownOrder[0], winner: c.choice.responseId, id: c.annotationId },
    ]);
  }
  const flagged = new Set<string>();
  for (const views of byPair.values()) {
    const orders = new Map<string, Set<string>>();
    for (const v of views) orders.set(v.first, (orders.get(v.first) ?? new Set()).add(v.winner));
    if (orders.size < 2) continue;
    const [a, b] = [...orders.values()];
    const agree = a.size === 1 && b.size === 1 && [...a][0] === [...b][0];
    if (!agree) for (const v of views) flagged.add(v.id);
  }
  return flagged;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
