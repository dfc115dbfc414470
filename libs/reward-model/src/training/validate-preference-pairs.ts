import { ValidationError, type FieldIssue } from '@hindsight/contracts';
import type { PreferencePair } from '../model/reward-model';

const MAX_ISSUES = 20;

/**
 * Checks that `pairs` is a non-empty list of {prompt, chosen, rejected} strings
 * with optional finite, non-negative weights, and some positive weight in total.
 *
 * @example validatePreferencePairs([{ prompt: 'p', chosen: 'a', rejected: 'b' }], 'pairs') // ok
 * @throws ValidationError naming up to 20 bad fields, e.g. `pairs[3].weight: finite number ≥ 0`.
 */
export function validatePreferencePairs(pairs: readonly PreferencePair[], path: string): void {
  const issues: FieldIssue[] = [];
  if (!Array.isArray(pairs) || pairs.length === 0) {
    throw new ValidationError([{ path, rule: 'at least one pair' }]);
  }
  let totalWeight = 0;
  for (let i = 0; i < pairs.length && issues.length < MAX_ISSUES; i++) {
    const pair = pairs[i];
    for (const field of ['prompt', 'chosen', 'rejected'] as const) {
      if (typeof pair?.[field] !== 'string') issues.push({ path: `${path}[${i}].${field}`, rule: 'string' });
    }
    const weight = pair?.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      issues.push({ path: `${path}[${i}].weight`, rule: 'finite number ≥ 0' });
    } else {
      totalWeight += weight;
    }
  }
  if (issues.length === 0 && totalWeight === 0) issues.push({ path, rule: 'total weight > 0' });
  if (issues.length > 0) throw new ValidationError(issues);
}
