import type { FieldIssue, QueueRubricDimension } from '@hindsight/contracts';

/**
 * The issues of a comparison's rubric scores against its queue's dimensions: every scored
 * dimension must be one the queue defines, its score an integer within the dimension's scale.
 * Paths are `${prefix}rubric.<id>`. Dimensions left unscored are allowed (scoring is optional).
 *
 * @example checkRubric({ clarity: 9 }, [{ id: 'clarity', label: 'Clarity', scale: { min: 1, max: 5 } }], 'data.')
 *   // [{ path: 'data.rubric.clarity', rule: 'must be an integer from 1 to 5' }]
 */
export function checkRubric(
  scores: Readonly<Record<string, number>> | undefined,
  dimensions: readonly QueueRubricDimension[],
  prefix: string,
): FieldIssue[] {
  if (scores === undefined) return [];
  const byId = new Map(dimensions.map((d) => [d.id, d]));
  const issues: FieldIssue[] = [];
  for (const [id, score] of Object.entries(scores)) {
    const dimension = byId.get(id);
    if (dimension === undefined) {
      const known = dimensions.map((d) => d.id).join(', ');
      issues.push({
        path: `${prefix}rubric.${id}`,
        rule:
          known === ''
            ? 'unknown dimension: the queue defines no rubric'
            : `unknown dimension: must be one of ${known}`,
      });
    } else if (!Number.isInteger(score) || score < dimension.scale.min || score > dimension.scale.max) {
      issues.push({
        path: `${prefix}rubric.${id}`,
        rule: `must be an integer from ${dimension.scale.min} to ${dimension.scale.max}`,
      });
    }
  }
  return issues;
}
