import type { DataSource } from 'typeorm';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export interface InteractionFilter extends ReadWindow {
  readonly modelVersion?: string;
  readonly objective?: string;
  readonly surface?: string;
}

export interface FeedbackItem {
  readonly eventId: string;
  readonly kind: string;
  readonly comment: string | null;
  readonly correctedResponse: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface OutcomeItem {
  readonly eventId: string;
  readonly outcome: string;
  readonly success: boolean | null;
  readonly value: number | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/**
 * A logged interaction with its feedback and outcomes. Erased: `erased` true and prompt, response, userId, objective,
 * surface, locale and feedback texts null.
 */
export interface InteractionItem {
  readonly interactionId: string;
  readonly modelVersion: string;
  readonly objective: string | null;
  readonly surface: string | null;
  readonly locale: string | null;
  readonly userId: string | null;
  readonly prompt: string | null;
  readonly response: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly erased: boolean;
  readonly feedback: readonly FeedbackItem[];
  readonly outcomes: readonly OutcomeItem[];
}

/** Reads of the deployment projections: interactions, their feedback and outcomes. */
export class DeploymentReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async interactions(tenant: string, f: InteractionFilter): Promise<ReadPage<InteractionItem>> {
    const params: unknown[] = [tenant];
    const where = ['i.tenant = $1'];
    if (f.modelVersion !== undefined) where.push(`i.model_version = $${params.push(f.modelVersion)}`);
    if (f.objective !== undefined) where.push(`i.objective = $${params.push(f.objective)}`);
    if (f.surface !== undefined) where.push(`i.surface = $${params.push(f.surface)}`);
    const { rows, nextCursor } = await readPage<{
      interaction_id: string;
      model_version: string;
      objective: string | null;
      surface: string | null;
      locale: string | null;
      user_id: string | null;
      prompt: string | null;
      response: string | null;
      occurred_at: Date;
      recorded_at: Date;
      erased: boolean;
    }>(
      this.dataSource,
      {
        kind: 'interactions',
        columns:
          'i.interaction_id, i.model_version, i.objective, i.surface, i.locale, i.user_id, i.prompt, i.response, i.occurred_at, i.recorded_at, i.erased',
        from: 'interactions i',
        where,
        params,
        sortAt: 'i.recorded_at',
        idOf: 'i.interaction_id',
      },
      f,
    );
    const ids = rows.map((r) => r.interaction_id);
    const [feedback, outcomes]: [Record<string, unknown>[], Record<string, unknown>[]] =
      ids.length === 0
        ? [[], []]
        : await Promise.all([
            this.dataSource.query(
              'SELECT * FROM feedback WHERE tenant = $1 AND interaction_id = ANY($2::text[]) ORDER BY recorded_at, event_id',
              [tenant, ids],
            ),
            this.dataSource.query(
              'SELECT * FROM outcomes WHERE tenant = $1 AND interaction_id = ANY($2::text[]) ORDER BY recorded_at, event_id',
              [tenant, ids],
            ),
          ]);
    const items = rows.map((r): InteractionItem => ({
      interactionId: r.interaction_id,
      modelVersion: r.model_version,
      objective: r.objective,
      surface: r.surface,
      locale: r.locale,
      userId: r.erased ? null : r.user_id,
      prompt: r.erased ? null : r.prompt,
      response: r.erased ? null : r.response,
      occurredAt: isoOf(r.occurred_at) as string,
      recordedAt: isoOf(r.recorded_at) as string,
      erased: r.erased,
      feedback: feedback
        .filter((x) => x.interaction_id === r.interaction_id)
        .map((x) => ({
          eventId: String(x.event_id),
          kind: String(x.kind),
          comment: r.erased ? null : ((x.comment as string | null) ?? null),
          correctedResponse: r.erased ? null : ((x.corrected_response as string | null) ?? null),
          occurredAt: isoOf(x.occurred_at as Date) as string,
          recordedAt: isoOf(x.recorded_at as Date) as string,
        })),
      outcomes: outcomes
        .filter((x) => x.interaction_id === r.interaction_id)
        .map((x) => ({
          eventId: String(x.event_id),
          outcome: String(x.outcome),
          success: (x.success as boolean | null) ?? null,
          value: x.value === null || x.value === undefined ? null : Number(x.value),
          occurredAt: isoOf(x.occurred_at as Date) as string,
          recordedAt: isoOf(x.recorded_at as Date) as string,
        })),
    }));
    return { items, nextCursor };
  }
}
