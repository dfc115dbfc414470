import { RATER_GROUP_FIELDS, ValidationError, type FieldIssue, type RaterGroupField } from '@hindsight/contracts';

/** Per objective, one model per rater group split by `field` (groups under `minPairs` training pairs are not trained). */
export interface PerGroupSpec {
  readonly field: RaterGroupField;
  /** Absent: the trainer's default (TRAINER_GROUP_MIN_PAIRS). */
  readonly minPairs?: number;
}

/**
 * A recipe's or a request's `perGroup` object; null when absent.
 * @throws ValidationError naming `<path>.field` / `<path>.minPairs` / an unknown field.
 * @example readPerGroupSpec({ field: 'region', minPairs: 200 }) // { field: 'region', minPairs: 200 }
 */
export function readPerGroupSpec(value: unknown, path = 'perGroup'): PerGroupSpec | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError([{ path, rule: 'must be an object such as {"field": "group"}' }]);
  const o = value as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(o))
    if (key !== 'field' && key !== 'minPairs') issues.push({ path: `${path}.${key}`, rule: 'unknown field' });
  if (!(RATER_GROUP_FIELDS as readonly unknown[]).includes(o.field))
    issues.push({ path: `${path}.field`, rule: `must be one of ${RATER_GROUP_FIELDS.join(', ')}` });
  if (o.minPairs !== undefined && !(Number.isSafeInteger(o.minPairs) && (o.minPairs as number) >= 1))
    issues.push({ path: `${path}.minPairs`, rule: 'must be an integer >= 1' });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    field: o.field as RaterGroupField,
    ...(o.minPairs === undefined ? {} : { minPairs: o.minPairs as number }),
  };
}
