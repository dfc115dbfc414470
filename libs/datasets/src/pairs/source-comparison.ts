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

/**
 * Applies corrections and retractions in the order they were recorded.
 * A correction's `strength: null` removes the strength.
 */
export function applyAmendments(comparison: SourceComparison): EffectiveComparison {
  let current: EffectiveComparison = { ...comparison, retracted: false };
  for (const amendment of comparison.amendments) {
    if (amendment.kind === 'retracted') {
      current = { ...current, retracted: true };
      continue;
    }
    const c = amendment.changes;
    current = {
      ...current,
      choice: (c.choice as SourceComparison['choice'] | undefined) ?? current.choice,
      strength: 'strength' in c ? ((c.strength as number | null) ?? undefined) : current.strength,
      objective: (c.objective as string | undefined) ?? current.objective,
    };
  }
  return current;
}
