import type { ZodType } from 'zod';
import { formatZodIssues, IllegalStateError } from '@hindsight/contracts';

/**
 * A JSON column read back through the schema of what it was written from: a
 * row may have been written by an older version, so its type is checked, not
 * trusted.
 * @example readStoredJson(runDatasetSchema.array(), row.datasets, 'trainer_runs (acme, run-1)', 'datasets')
 * @throws IllegalStateError naming `where` and each field and rule when the value does not fit.
 */
export function readStoredJson<T>(schema: ZodType<T>, value: unknown, where: string, prefix = ''): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = formatZodIssues(parsed.error.issues, prefix).map((i) => `${i.path}: ${i.rule}`);
  throw new IllegalStateError(`${where}: ${issues.join('; ')}`);
}
