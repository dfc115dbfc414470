import type { DataSource } from 'typeorm';

/** A logged interaction (prompt and response) with the success of its latest outcome. */
export interface InteractionOutcome {
  readonly interactionId: string;
  readonly prompt: string;
  readonly response: string;
  readonly success: boolean;
  /** The objective the interaction names (`interaction.logged` v2), null when it names none. */
  readonly objective: string | null;
  /** The surface the interaction names (`interaction.logged` v2), null when it names none. */
  readonly surface: string | null;
}

/**
 * Interactions that carry an outcome, for auditing a reward model against what
 * users experienced: interactions recorded by `asOf`, not erased, with prompt and
 * response stored, joined to their latest outcome recorded by `asOf` that says
 * success or failure. With `objective`, only interactions that name it or name
 * no objective (an interaction of another objective says nothing about this
 * one's model). At most `limit` rows, in interaction id order.
 */
export class ModelOutcomeSourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async interactionOutcomes(
    tenant: string,
    asOf: Date,
    limit: number,
    objective?: string,
  ): Promise<InteractionOutcome[]> {
    const rows: {
      interaction_id: string;
      prompt: string;
      response: string;
      success: boolean;
      objective: string | null;
      surface: string | null;
    }[] = await this.dataSource.query(
      `SELECT i.interaction_id, i.prompt, i.response, o.success, i.objective, i.surface
       FROM interactions i
       JOIN LATERAL (SELECT success FROM outcomes o
                     WHERE o.tenant = i.tenant AND o.interaction_id = i.interaction_id AND o.recorded_at <= $2 AND o.success IS NOT NULL
                     ORDER BY o.recorded_at DESC, o.event_id DESC LIMIT 1) o ON true
       WHERE i.tenant = $1 AND i.recorded_at <= $2 AND NOT i.erased AND i.prompt IS NOT NULL AND i.response IS NOT NULL
         AND ($4::text IS NULL OR i.objective IS NULL OR i.objective = $4::text)
       ORDER BY i.interaction_id LIMIT $3`,
      [tenant, asOf, limit, objective ?? null],
    );
    return rows.map((r) => ({
      interactionId: r.interaction_id,
      prompt: r.prompt,
      response: r.response,
      success: r.success,
      objective: r.objective,
      surface: r.surface,
    }));
  }
}
