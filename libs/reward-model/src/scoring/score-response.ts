import { ValidationError } from '@hindsight/contracts';
import { extractFeatures } from '../features/extract-features';
import { sparseDot } from '../features/sparse-dot';
import type { RewardModel } from '../model/reward-model';

/**
 * The reward of `response` to `prompt`: w · φ(prompt, response). Only differences
 * between responses to the same prompt are meaningful; σ(score(a) − score(b)) is
 * the model's probability that a is preferred to b.
 *
 * @example scoreResponse(model, 'How do I sort?', 'Use Array.prototype.sort.') // e.g. 0.42
 * @throws ValidationError when `prompt` or `response` is not a string.
 */
export function scoreResponse(model: RewardModel, prompt: string, response: string): number {
  if (typeof prompt !== 'string') throw new ValidationError([{ path: 'prompt', rule: 'scoreResponse: string' }]);
  if (typeof response !== 'string') throw new ValidationError([{ path: 'response', rule: 'scoreResponse: string' }]);
  return sparseDot(model.weights, extractFeatures(prompt, response, model.featureConfig));
}
