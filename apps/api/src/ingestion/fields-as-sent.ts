import { ConflictError, PersonalDataRefusedError, ValidationError, type FieldIssue } from '@hindsight/contracts';

const asSent = (issues: readonly FieldIssue[]): FieldIssue[] =>
  issues.map((i) => ({ ...i, path: i.path.replace(/^data\./, '') }));

/**
 * The error of an event whose data the client sent at the top level (`POST /v1/comparisons`, a judgment),
 * with its issues naming the fields as sent: `prompt`, not `data.prompt`. Any other error is returned as it is.
 */
export function withFieldsAsSent(error: unknown): unknown {
  if (error instanceof ValidationError) return new ValidationError(asSent(error.issues));
  if (error instanceof PersonalDataRefusedError) return new PersonalDataRefusedError(asSent(error.issues));
  if (error instanceof ConflictError) return new ConflictError(error.message, asSent(error.issues));
  return error;
}
