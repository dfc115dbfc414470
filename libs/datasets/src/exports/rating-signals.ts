import { foldAmendments, type Amendment } from '../pairs/source-comparison';

/** A rating as recorded, with its amendments recorded by T, in order. */
export interface SourceRating {
  readonly annotationId: string;
  readonly taskId: string;
  readonly objective: string;
  readonly raterId: string;
  readonly prompt: string;
  readonly response: { readonly id: string; readonly text: string; readonly modelVersion: string };
  readonly scale: { readonly min: number; readonly max: number };
  readonly scores: Readonly<Record<string, number>>;
  readonly occurredAt: string;
  readonly amendments: readonly Amendment[];
}

export interface EffectiveRating extends SourceRating {
  readonly retracted: boolean;
}

/**
 * Applies a rating's corrections and retractions in recorded order: corrected
 * scores replace all scores, a corrected scale comes with its scores, the
 * objective may change.
 */
export function applyRatingAmendments(rating: SourceRating): EffectiveRating {
  return foldAmendments(rating, (current, c) => ({
    ...current,
    scale: (c.scale as SourceRating['scale'] | undefined) ?? current.scale,
    scores: (c.scores as SourceRating['scores'] | undefined) ?? current.scores,
    objective: (c.objective as string | undefined) ?? current.objective,
  }));
}
