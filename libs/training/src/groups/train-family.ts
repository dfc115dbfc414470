import type { RaterGroupField } from '@hindsight/contracts';
import {
  blendRewardModels,
  evaluateRewardModel,
  relativeWeightDistance,
  scoreResponse,
  trainRewardModel,
  type PreferencePair,
  type RewardModel,
  type RewardTrainingOptions,
} from '@hindsight/reward-model';
import { buildDisagreementReport, type DisagreementReport } from './disagreement-report';

/** A training pair and the group of the rater who made it. */
export interface GroupedPair {
  readonly pair: PreferencePair;
  readonly group: string;
}

/** A held-out pair and the task type of the comparison it came from. */
export interface TypedPair {
  readonly pair: PreferencePair;
  readonly taskType: string;
}

/** Governance's weights in effect for the run (a `blend.weights-assigned`), or none. */
export interface BlendDecision {
  readonly eventId: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly reason: string;
  readonly setBy: string;
  readonly setAt: string;
}

export interface FamilyInput {
  readonly field: RaterGroupField;
  readonly minPairs: number;
  readonly train: readonly GroupedPair[];
  readonly heldOut: readonly TypedPair[];
  readonly blend: BlendDecision | null;
  readonly training: Omit<RewardTrainingOptions, 'onProgress'>;
  readonly onModel?: (member: string, pairs: number) => void;
}

export interface FamilyMember {
  readonly group: string;
  readonly model: RewardModel;
  readonly trainingPairs: number;
  readonly pairwiseAccuracy: number;
}

/** What the trainer publishes as the objective's model: the blend, or the pooled model when no weights apply. */
export type PublishedChoice =
  | {
      readonly kind: 'blend';
      readonly decision: BlendDecision;
      /** The weights used, normalised to sum 1, over the trained groups with a weight above 0. */
      readonly used: Readonly<Record<string, number>>;
      /** Groups with a weight but no model (too few pairs, or no pairs): left out of the blend. */
      readonly withoutModel: readonly string[];
    }
  | { readonly kind: 'pooled'; readonly reason: string; readonly decision: BlendDecision | null };

export interface TrainedFamily {
  readonly pooled: FamilyMember;
  readonly groups: readonly FamilyMember[];
  readonly notTrained: readonly {
    readonly group: string;
    readonly trainingPairs: number;
    readonly reason: 'below-min-pairs';
  }[];
  readonly report: DisagreementReport;
  readonly published: RewardModel;
  readonly choice: PublishedChoice;
}

/**
 * Trains a per-group family for one objective: the pooled model on every
 * training pair, one model per group with at least `minPairs` training pairs
 * (groups in byte order of their names; smaller ones reported, not trained), the
 * disagreement report on the held-out pairs, and the published model — the blend
 * of the group models by governance's weights, or the pooled model when no
 * weights are set or none names a trained group. Pure and deterministic.
 *
 * @example trainFamily({ field: 'group', minPairs: 100, train, heldOut, blend: null, training: { seed: 1, l2: 1e-3, maxIterations: 100 } })
 * @throws ValidationError from the trainer (e.g. no training pairs).
 */
export function trainFamily(input: FamilyInput): TrainedFamily {
  const byGroup = new Map<string, PreferencePair[]>();
  for (const { pair, group } of input.train) byGroup.set(group, [...(byGroup.get(group) ?? []), pair]);
  const names = [...byGroup.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const heldOutPairs = input.heldOut.map((h) => h.pair);
  const member = (group: string, pairs: readonly PreferencePair[]): FamilyMember => {
    input.onModel?.(group, pairs.length);
    const model = trainRewardModel(pairs, input.training);
    return {
      group,
      model,
      trainingPairs: pairs.length,
      pairwiseAccuracy: evaluateRewardModel(model, heldOutPairs).pairwiseAccuracy,
    };
  };
  const pooled = member(
    'pooled',
    input.train.map((t) => t.pair),
  );
  const groups: FamilyMember[] = [];
  const notTrained: TrainedFamily['notTrained'][number][] = [];
  for (const name of names) {
    const pairs = byGroup.get(name)!;
    if (pairs.length >= input.minPairs) groups.push(member(name, pairs));
    else notTrained.push({ group: name, trainingPairs: pairs.length, reason: 'below-min-pairs' });
  }
  const margin = (model: RewardModel, p: PreferencePair) =>
    scoreResponse(model, p.prompt, p.chosen) - scoreResponse(model, p.prompt, p.rejected);
  const report = buildDisagreementReport({
    groups: groups.map((g) => g.group),
    pairs: input.heldOut.map(({ pair, taskType }) => ({
      prompt: pair.prompt,
      taskType,
      margins: Object.fromEntries(groups.map((g) => [g.group, margin(g.model, pair)])),
      pooledMargin: margin(pooled.model, pair),
    })),
    weightDistances: Object.fromEntries(
      groups.map((g) => [g.group, relativeWeightDistance(g.model.weights, pooled.model.weights)]),
    ),
  });
  const { published, choice } = publishedModel(pooled.model, groups, input.blend);
  return { pooled, groups, notTrained, report, published, choice };
}

function publishedModel(
  pooled: RewardModel,
  groups: readonly FamilyMember[],
  decision: BlendDecision | null,
): { published: RewardModel; choice: PublishedChoice } {
  if (!decision)
    return {
      published: pooled,
      choice: { kind: 'pooled', reason: 'no blend weights set by the as-of time', decision },
    };
  const weighted = Object.keys(decision.weights)
    .filter((g) => decision.weights[g] > 0)
    .sort();
  const trained = new Map(groups.map((g) => [g.group, g.model]));
  const members = weighted.filter((g) => trained.has(g));
  const withoutModel = weighted.filter((g) => !trained.has(g));
  if (members.length === 0)
    return {
      published: pooled,
      choice: { kind: 'pooled', reason: 'no group with a blend weight above 0 has a model', decision },
    };
  const total = members.reduce((sum, g) => sum + decision.weights[g], 0);
  const published = blendRewardModels(members.map((g) => ({ model: trained.get(g)!, weight: decision.weights[g] })));
  return {
    published,
    choice: {
      kind: 'blend',
      decision,
      used: Object.fromEntries(members.map((g) => [g, Math.round((decision.weights[g] / total) * 1e6) / 1e6])),
      withoutModel,
    },
  };
}
