import type { Loaded } from './use-api';
import { ErrorBanner } from '../shared/field-errors';

/** Loading… or the api's error, else nothing: `<Status state={s} />` before the content. */
export function Status({ state, what }: { state: Loaded<unknown>; what: string }) {
  if (state.loading) return <p aria-busy="true">Loading {what}…</p>;
  if (state.error) return <ErrorBanner error={state.error} />;
  return null;
}
