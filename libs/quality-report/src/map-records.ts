import { amendmentsOf, applyAmendments, type SourceComparison, type StoredAmendment } from '@hindsight/datasets';
import { TIE, type ComparisonRecord, type RaterProfile } from '@hindsight/quality';

/** Why a stored comparison does not enter the quality report. */
export type SkipReason = 'retracted' | 'not-pairwise';

/** The raw pieces of a stored comparison that the mapping reads (the store's row, without TypeORM). */
export interface StoredComparison {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date | string;
  readonly amendments: readonly StoredAmendment[] | null;
}

const EXPERTISE_RANK: Readonly<Record<string, number>> = { novice: 1, intermediate: 2, expert: 3 };

/**
 * A stored `comparison.recorded` (with its corrections and retractions recorded by
 * T) as the quality report's `ComparisonRecord`, or why it is left out: retracted,
 * or not pairwise (the report compares exactly two responses). The choice after the
 * corrections is the response id or 'tie'; the rater's group comes from the profile.
 *
 * @example
 * toComparisonRecord({ id, data: event.data, occurredAt, amendments: [] }); // { record: { id, taskId, choice: 'r1', … } }
 */
export function toComparisonRecord(stored: StoredComparison): { record: ComparisonRecord } | { skipped: SkipReason } {
  const d = stored.data as unknown as Omit<
    SourceComparison,
    'annotationId' | 'occurredAt' | 'recordedAt' | 'amendments'
  > & {
    guidelineVersion?: string;
    interfaceVersion?: string;
  };
  const occurredAt = stored.occurredAt instanceof Date ? stored.occurredAt.toISOString() : stored.occurredAt;
  const amendments = amendmentsOf(stored.amendments);
  const effective =
    amendments.length === 0
      ? { ...d, retracted: false }
      : applyAmendments({ ...d, annotationId: stored.id, occurredAt, recordedAt: occurredAt, amendments });
  if (effective.retracted) return { skipped: 'retracted' };
  if (
    !Array.isArray(d.responses) ||
    d.responses.length !== 2 ||
    !Array.isArray(d.shownOrder) ||
    d.shownOrder.length !== 2
  )
    return { skipped: 'not-pairwise' };
  const [a, b] = d.responses;
  return {
    record: {
      id: stored.id,
      taskId: d.taskId,
      taskType: d.taskType,
      objective: effective.objective,
      raterId: d.raterId,
      guidelineVersion: d.guidelineVersion,
      interfaceVersion: d.interfaceVersion,
      prompt: d.prompt,
      responses: [
        { id: a.id, text: a.text, modelVersion: a.modelVersion },
        { id: b.id, text: b.text, modelVersion: b.modelVersion },
      ],
      shownOrder: [d.shownOrder[0], d.shownOrder[1]],
      choice: effective.choice.kind === 'tie' ? TIE : effective.choice.responseId,
      occurredAt,
    },
  };
}

/**
 * A `rater.profiled` data object as the report's `RaterProfile`: the expertise is
 * the highest level over the rater's domains ('unknown' without any), the group the
 * opt-in group ('no-group' when the rater disclosed none); a model rater (`kind: model`,
 * an AI judge) keeps its kind, model id and prompt and constitution versions.
 *
 * @example
 * toRaterProfile({ raterId: 'r7', expertise: [{ domain: 'python', level: 'expert' }], languages: ['en'], region: 'DE' });
 * // { raterId: 'r7', expertise: 'expert', languages: ['en'], region: 'DE', group: 'no-group' }
 */
export function toRaterProfile(data: Record<string, unknown>): RaterProfile {
  const expertise = Array.isArray(data.expertise) ? (data.expertise as { level?: string }[]) : [];
  let best = 'unknown';
  for (const e of expertise)
    if (typeof e?.level === 'string' && (EXPERTISE_RANK[e.level] ?? 0) > (EXPERTISE_RANK[best] ?? 0)) best = e.level;
  return {
    raterId: String(data.raterId),
    expertise: best,
    languages: Array.isArray(data.languages) ? (data.languages as string[]) : [],
    region: typeof data.region === 'string' ? data.region : 'unknown',
    group: typeof data.optInGroup === 'string' && data.optInGroup !== '' ? data.optInGroup : 'no-group',
    ...(data.kind === 'model'
      ? {
          kind: 'model' as const,
          modelId: typeof data.modelId === 'string' ? data.modelId : null,
          promptVersion: typeof data.promptVersion === 'string' ? data.promptVersion : null,
          constitutionVersion: typeof data.constitutionVersion === 'string' ? data.constitutionVersion : null,
        }
      : {}),
  };
}
