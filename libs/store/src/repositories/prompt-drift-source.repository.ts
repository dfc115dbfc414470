import type { DataSource } from 'typeorm';

/**
 * The two prompt samples the drift trigger compares, from the projector's read
 * models (so they trail the topics by the projector's lag):
 *
 * - what the current models were trained on: the distinct prompts of the
 *   tenant's most recent comparisons for the objectives recorded at or before
 *   the scheduler's baseline (the last retrain's `asOf`), retracted and erased
 *   ones left out;
 * - what users sent since: the prompts of the tenant's most recent deployment
 *   interactions of the objective recorded after the window's start (erased ones,
 *   and interactions logged without a prompt, left out). An interaction that names
 *   no objective (every `interaction.logged` v1) counts for every objective, as
 *   before interactions could name one.
 *
 * Each prompt is cut to its first `maxChars` characters: that bounds what one
 * tick reads, and how much one pasted document can weigh among short prompts.
 */
export class PromptDriftSourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async trainedOnPrompts(
    tenant: string,
    objectives: readonly string[],
    asOf: Date,
    limit: number,
    maxChars: number,
  ): Promise<{ prompt: string; locale: string | null }[]> {
    // Several comparisons (raters, response pairs) share one prompt; counting it
    // once per comparison would weigh prompts by annotation effort, not by use.
    return this.dataSource.query(
      `SELECT DISTINCT left(prompt, $5) AS prompt, locale FROM (
         SELECT prompt, locale FROM comparisons
         WHERE tenant = $1 AND objective = ANY($2::text[]) AND recorded_at <= $3 AND retracted_at IS NULL AND NOT erased
         ORDER BY recorded_at DESC LIMIT $4
       ) recent`,
      [tenant, objectives, asOf, limit, maxChars],
    );
  }

  async deployedPrompts(
    tenant: string,
    objective: string,
    after: Date,
    limit: number,
    maxChars: number,
  ): Promise<{ prompt: string; locale: string | null; surface: string | null }[]> {
    return this.dataSource.query(
      `SELECT left(prompt, $5) AS prompt, locale, surface FROM interactions
       WHERE tenant = $1 AND (objective = $2 OR objective IS NULL) AND recorded_at > $3 AND NOT erased AND prompt IS NOT NULL
       ORDER BY recorded_at DESC LIMIT $4`,
      [tenant, objective, after, limit, maxChars],
    );
  }
}
