import { ValidationError } from '@hindsight/contracts';
import { wilsonInterval } from '@hindsight/quality';

/** One held-out pair scored by every model of a family: margin = reward(chosen) − reward(rejected). */
export interface ScoredHeldOutPair {
  readonly prompt: string;
  readonly taskType: string;
  /** The margin under each group's model, by group. */
  readonly margins: Readonly<Record<string, number>>;
  readonly pooledMargin: number;
}

export interface DisagreementInput {
  /** The trained groups, in the order the report lists them. */
  readonly groups: readonly string[];
  readonly pairs: readonly ScoredHeldOutPair[];
  /** Each group model's relative weight distance from the pooled model (`relativeWeightDistance`). */
  readonly weightDistances: Readonly<Record<string, number>>;
  /** Prompts listed per pair of groups and overall; default 5. */
  readonly topPrompts?: number;
  /** Of the Wilson intervals; default 0.95. */
  readonly confidence?: number;
}

/** How often two rankers order held-out pairs differently, with a Wilson score interval. */
export interface DisagreementRate {
  readonly pairs: number;
  readonly disagreements: number;
  /** disagreements / pairs (6 decimals); null without pairs. */
  readonly rate: number | null;
  readonly ci: readonly [number, number] | null;
}

export interface TaskTypeDisagreement extends DisagreementRate {
  readonly taskType: string;
}

export interface PromptDisagreement {
  readonly prompt: string;
  readonly taskType: string;
  readonly pairs: number;
  readonly disagreements: number;
}

export interface DisagreementReport {
  readonly interval: { readonly method: 'wilson'; readonly confidence: number; readonly source: string };
  readonly heldOutPairs: number;
  readonly groups: readonly string[];
  /** Every two trained groups: how often their models rank a held-out pair differently, overall and per task type. */
  readonly groupPairs: readonly (DisagreementRate & {
    readonly groups: readonly [string, string];
    readonly byTaskType: readonly TaskTypeDisagreement[];
    readonly prompts: readonly PromptDisagreement[];
  })[];
  /** Per task type over every two groups (each held-out pair counts once per pair of groups), most disagreement first. */
  readonly taskTypes: readonly TaskTypeDisagreement[];
  /** The prompts whose pairs the groups' models rank differently most often (over every two groups). */
  readonly prompts: readonly PromptDisagreement[];
  /** Each group's model against the pooled one: rank disagreement on the held-out pairs and relative weight distance. */
  readonly fromPooled: readonly (DisagreementRate & { readonly group: string; readonly weightDistance: number })[];
}

export const WILSON_SOURCE =
  'Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. JASA 22(158), 209–212';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The disagreement report of a per-group family: two models disagree on a pair
 * when the signs of their margins differ (a margin of exactly 0 is its own
 * sign). Deterministic: the same input gives the same report, key for key.
 *
 * @example buildDisagreementReport({ groups: ['a', 'b'], pairs, weightDistances: { a: 0.4, b: 0.5 } }).groupPairs[0].rate
 * @throws ValidationError when a pair lacks a trained group's margin or a group lacks its weight distance.
 */
export function buildDisagreementReport(input: DisagreementInput): DisagreementReport {
  const { groups, pairs } = input;
  const topPrompts = input.topPrompts ?? 5;
  const confidence = input.confidence ?? 0.95;
  const rateOf = (n: number, k: number): DisagreementRate => ({
    pairs: n,
    disagreements: k,
    rate: n === 0 ? null : round6(k / n),
    ci: n === 0 ? null : (wilsonInterval(k, n, { confidence }).map(round6) as [number, number]),
  });
  for (const group of groups) {
    if (input.weightDistances[group] === undefined)
      throw new ValidationError([{ path: `weightDistances.${group}`, rule: 'buildDisagreementReport: required' }]);
    pairs.forEach((p, i) => {
      if (typeof p.margins[group] !== 'number')
        throw new ValidationError([
          { path: `pairs[${i}].margins.${group}`, rule: 'buildDisagreementReport: required' },
        ]);
    });
  }
  const differ = (x: number, y: number) => Math.sign(x) !== Math.sign(y);
  const overallByType = new Map<string, { n: number; k: number }>();
  const overallByPrompt = new Map<string, PromptDisagreement>();
  const groupPairs: DisagreementReport['groupPairs'][number][] = [];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) {
      const [a, b] = [groups[i], groups[j]];
      const byType = new Map<string, { n: number; k: number }>();
      const byPrompt = new Map<string, PromptDisagreement>();
      let k = 0;
      for (const p of pairs) {
        const d = differ(p.margins[a], p.margins[b]) ? 1 : 0;
        k += d;
        for (const counts of [byType, overallByType]) {
          const c = counts.get(p.taskType) ?? { n: 0, k: 0 };
          counts.set(p.taskType, { n: c.n + 1, k: c.k + d });
        }
        for (const counts of [byPrompt, overallByPrompt]) {
          const c = counts.get(p.prompt) ?? { prompt: p.prompt, taskType: p.taskType, pairs: 0, disagreements: 0 };
          counts.set(p.prompt, { ...c, pairs: c.pairs + 1, disagreements: c.disagreements + d });
        }
      }
      groupPairs.push({
        groups: [a, b],
        ...rateOf(pairs.length, k),
        byTaskType: taskTypeRates(byType, rateOf),
        prompts: mostDisagreed(byPrompt, topPrompts),
      });
    }
  return {
    interval: { method: 'wilson', confidence, source: WILSON_SOURCE },
    heldOutPairs: pairs.length,
    groups: [...groups],
    groupPairs,
    taskTypes: taskTypeRates(overallByType, rateOf),
    prompts: mostDisagreed(overallByPrompt, topPrompts),
    fromPooled: groups.map((group) => ({
      group,
      ...rateOf(pairs.length, pairs.filter((p) => differ(p.margins[group], p.pooledMargin)).length),
      weightDistance: round6(input.weightDistances[group]),
    })),
  };
}

function taskTypeRates(
  counts: ReadonlyMap<string, { n: number; k: number }>,
  rateOf: (n: number, k: number) => DisagreementRate,
): TaskTypeDisagreement[] {
  return [...counts]
    .map(([taskType, c]) => ({ taskType, ...rateOf(c.n, c.k) }))
    .sort((x, y) => (y.rate ?? 0) - (x.rate ?? 0) || (x.taskType < y.taskType ? -1 : x.taskType > y.taskType ? 1 : 0));
}

function mostDisagreed(counts: ReadonlyMap<string, PromptDisagreement>, top: number): PromptDisagreement[] {
  return [...counts.values()]
    .filter((p) => p.disagreements > 0)
    .sort(
      (x, y) =>
        y.disagreements / y.pairs - x.disagreements / x.pairs ||
        y.disagreements - x.disagreements ||
        (x.prompt < y.prompt ? -1 : x.prompt > y.prompt ? 1 : 0),
    )
    .slice(0, top);
}
