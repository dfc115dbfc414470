import type { z } from 'zod';
import { ValidationError } from '../errors/hindsight-error';
import { formatZodIssues } from './format-zod-issues';

/**
 * A JSON request body parsed with the zod schema that also describes it in the
 * OpenAPI document, so the rule checked and the rule documented are one.
 * Parses with `{ reportInput: true }` so a missing field reads `required`.
 *
 * @example parseRequestBody(klBudgetBodySchema, { klBudget: 6 }) // { klBudget: 6 }
 * @throws ValidationError with `wholeRule` on the empty path when the body is not a JSON object,
 *   else one issue per broken rule, each naming its field (`klBudget: must be a positive number (nats)`).
 */
export function parseRequestBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  wholeRule = 'must be a JSON object',
): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError([{ path: '', rule: wholeRule }]);
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw new ValidationError(formatZodIssues(result.error.issues));
  return result.data;
}
