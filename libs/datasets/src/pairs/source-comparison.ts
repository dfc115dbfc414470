/** A comparison as recorded, with the amendments recorded up to the as-of time, in order. */
export interface SourceComparison {
  readonly annotationId: string;
  readonly taskId: string;
  readonly taskType: string;
  readonly objective: string;
  readonly raterId: string;
  readonly prompt: string;
  readonly responses: readonly { readonly id: string; readonly text: string; readonly modelVersion: string }[];
  readonly shownOrder: readonly string[];
  readonly choice: { readonly kind: 'preferred'; readonly responseId: string } | { readonly kind: 'tie' };
  readonly strength?: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly amendments: readonly Amendment[];
}

export type Amendment =
  | { readonly kind: 'corrected'; readonly changes: Readonly<Record<string, unknown>> }
  | { readonly kind: 'retracted'; readonly reason: string };

/** The comparison's state after its amendments. */
export interface EffectiveComparison extends SourceComparison {
  readonly retracted: boolean;
}

/** An amendment as the store reads it: the event type and its data. */
export interface StoredAmendment {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * The store's amendment rows (recorded by T, in recorded order) as amendments:
 * `annotation.retracted` with its reason, anything else a correction with its changes.
 *
 * @example
 * amendmentsOf([{ type: 'annotation.retracted', data: { reason: 'misclick' } }]); // [{ kind: 'retracted', reason: 'misclick' }]
 */
export function amendmentsOf(stored: readonly StoredAmendment[] | null): Amendment[] {
  return (stored ?? []).map((a) =>
    a.type === 'annotation.retracted'
      ? { kind: 'retracted', reason: String(a.data.reason ?? '') }
      : { kind: 'corrected', changes: (a.data.corrected ?? {}) as Record<string, unknown> },
  );
}

/**
 * Applies an annotation's amendments in recorded order: a retraction marks it
 * retracted, a correction goes through `correct`. The one fold behind comparisons
 * and ratings alike.
 */
export function foldAmendments<R extends { readonly amendments: readonly Amendment[] }>(
  annotation: R,
  correct: (
    current: R & { readonly retracted: boolean },
    changes: Readonly<Record<string, unknown>>,
  ) => R & { readonly retracted: boolean },
): R & { readonly retracted: boolean } {
  let current: R & { readonly retracted: boolean } = { ...annotation, retracted: false };
  for (const amendment of annotation.amendments)
    current = amendment.kind === 'retracted' ? { ...current, retracted: true } : correct(current, amendment.changes);
  return current;
}

/**
 * Applies corrections and retractions in the order they were recorded.
 * A correction's `strength: null` removes the strength.
 */
export function applyAmendments(comparison: SourceComparison): EffectiveComparison {
  return foldAmendments(comparison, (current, c) => ({
    ...current,
    choice: (c.choice as SourceComparison['choice'] | undefined) ?? current.choice,
    strength: 'strength' in c ? ((c.strength as number | null) ?? undefined) : current.strength,
    objective: (c.objective as string | undefined) ?? current.objective,
  }));
}
