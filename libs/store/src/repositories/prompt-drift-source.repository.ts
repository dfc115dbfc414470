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
 *   interactions recorded after it (erased ones, and interactions logged without
 *   a prompt, left out). Interactions carry no objective: every objective of a
 *   tenant is compared with the same deployment traffic.
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
  ): Promise<string[]> {
    // Several comparisons (raters, response pairs) share one prompt; counting it
    // once per comparison would weigh prompts by annotation effort, not by use.
    const rows: { prompt: string }[] = await this.dataSource.query(
      `SELECT DISTINCT left(prompt, $5) AS prompt FROM (
         SELECT prompt FROM comparisons
         WHERE tenant = $1 AND objective = ANY($2::text[]) AND recorded_at <= $3 AND retracted_at IS NULL AND NOT erased
         ORDER BY recorded_at DESC LIMIT $4
       ) recent`,
      [tenant, objectives, asOf, limit, maxChars],
    );
    return rows.map((r) => r.prompt);
  }

  async deployedPrompts(tenant: string, after: Date, limit: number, maxChars: number): Promise<string[]> {
    const rows: { prompt: string }[] = await this.dataSource.query(
      `SELECT left(prompt, $4) AS prompt FROM interactions
       WHERE tenant = $1 AND recorded_at > $2 AND NOT erased AND prompt IS NOT NULL
       ORDER BY recorded_at DESC LIMIT $3`,
      [tenant, after, limit, maxChars],
    );
    return rows.map((r) => r.prompt);
  }
}
