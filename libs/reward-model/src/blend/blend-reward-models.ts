import { ValidationError } from '@hindsight/contracts';
import type { RewardModel } from '../model/reward-model';

/**
 * The reward model whose weight vector is the weighted mean of the members'
 * (weights normalised to sum 1). Rewards are linear in the weight vector, so the
 * blend's reward is the same weighted mean of the members' rewards: a blend that
 * gives one member all the weight scores, and so ranks, exactly as that member
 * does. The training record is the first member's (a blend is not trained).
 *
 * @example blendRewardModels([{ model: a, weight: 1 }, { model: b, weight: 0 }]).weights // equal to a.weights
 * @throws ValidationError when there are no members, a weight is negative or not
 *   finite, no weight is above 0, or the members' feature configurations differ.
 */
export function blendRewardModels(members: readonly { model: RewardModel; weight: number }[]): RewardModel {
  const fail = (path: string, rule: string) => new ValidationError([{ path, rule: `blendRewardModels: ${rule}` }]);
  if (members.length === 0) throw fail('members', 'needs at least one member');
  const first = members[0].model;
  let total = 0;
  members.forEach(({ model, weight }, k) => {
    if (!(Number.isFinite(weight) && weight >= 0)) throw fail(`members[${k}].weight`, 'must be a finite number >= 0');
    if (JSON.stringify(model.featureConfig) !== JSON.stringify(first.featureConfig))
      throw fail(`members[${k}].model.featureConfig`, "must equal the first member's");
    total += weight;
  });
  if (!(total > 0)) throw fail('members', 'needs a weight above 0');
  const weights = new Float64Array(first.weights.length);
  for (const { model, weight } of members) {
    if (weight === 0) continue;
    const share = weight / total;
    // A share of exactly 1 copies the member's weights bit for bit (x * 1 === x).
    for (let j = 0; j < weights.length; j++) weights[j] += share * model.weights[j];
  }
  return { featureConfig: first.featureConfig, training: first.training, weights };
}
