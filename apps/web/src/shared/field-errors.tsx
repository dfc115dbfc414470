import type { ApiError, FieldIssue } from './api';

/** The rules a field broke, under it, tied to it by `id` (the input's `aria-describedby`). */
export function FieldErrors({ id, issues }: { id: string; issues: readonly FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} class="field-errors" role="alert">
      {issues.map((i) => (
        <li key={`${i.path}:${i.rule}`}>
          <code>{i.path}</code>: {i.rule}
        </li>
      ))}
    </ul>
  );
}

/** An error that belongs to no one field: the api's message, shown where the action was. */
export function ErrorBanner({ error }: { error: ApiError | Error | undefined }) {
  if (!error) return null;
  return (
    <div class="error-banner" role="alert">
      {error.message}
    </div>
  );
}
