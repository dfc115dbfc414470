import type { DataSource } from 'typeorm';
import type { RetrainRunItem } from '@hindsight/api-types';
import { retrainRequestedDataV1, retrainRunAdvancedDataV1 } from '@hindsight/contracts';
import { retrainRunDetailsSchema } from '@hindsight/projections';
import { readStoredJson } from '../repositories/stored-json';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export type { RunDrift, RetrainRunItem } from '@hindsight/api-types';

export interface RetrainRunFilter extends ReadWindow {
  readonly objective?: string;
  /** `policy` or `manual`. */
  readonly trigger?: string;
  /** requested, dataset-built, completed, failed. */
  readonly status?: string;
  /** Only runs that registered this model version. */
  readonly modelVersion?: string;
}

/** The trainer's columns a run's reading shows, with the schema they are written from. */
const trainerRecordSchema = retrainRunAdvancedDataV1.pick({ gateReport: true, failure: true });

/** Reads of retrain runs: the projected retrain_runs, the trainer's runs, and the drift measurements behind drift triggers. */
export class RetrainRunReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async runs(tenant: string, f: RetrainRunFilter): Promise<ReadPage<RetrainRunItem>> {
    const params: unknown[] = [tenant];
    const where = ['r.tenant = $1'];
    if (f.objective !== undefined) where.push(`r.requested -> 'objectives' ? $${params.push(f.objective)}`);
    if (f.trigger !== undefined) where.push(`r.requested -> 'trigger' ->> 'kind' = $${params.push(f.trigger)}`);
    if (f.status !== undefined) where.push(`r.status = $${params.push(f.status)}`);
    if (f.modelVersion !== undefined)
      where.push(
        `EXISTS (SELECT 1 FROM model_versions m WHERE m.tenant = r.tenant AND m.run_id = r.run_id AND m.model_version = $${params.push(f.modelVersion)})`,
      );
    const { rows, nextCursor } = await readPage<{
      run_id: string;
      status: string;
      requested: unknown;
      details: unknown;
      requested_at: Date;
      updated_at: Date;
      trainer_state: string | null;
      gate_report: unknown;
      failure: unknown;
    }>(
      this.dataSource,
      {
        kind: 'retrain-runs',
        columns:
          'r.run_id, r.status, r.requested, r.details, r.requested_at, r.updated_at, t.state AS trainer_state, t.gate_report, t.failure',
        from: 'retrain_runs r LEFT JOIN trainer_runs t ON t.tenant = r.tenant AND t.run_id = r.run_id',
        where,
        params,
        sortAt: 'r.requested_at',
        idOf: 'r.run_id',
      },
      f,
    );
    const ids = rows.map((r) => r.run_id);
    const [sources, drifts]: [
      { run_id: string; source: string }[],
      { run_id: string; value: number; threshold: number | null; measured_at: Date }[],
    ] =
      ids.length === 0
        ? [[], []]
        : await Promise.all([
            this.dataSource.query(
              `SELECT DISTINCT ON (subject_id) subject_id AS run_id, source FROM events
             WHERE tenant = $1 AND type = 'retrain.requested' AND subject_kind = 'run' AND subject_id = ANY($2::text[]) ORDER BY subject_id, recorded_at`,
              [tenant, ids],
            ),
            this.dataSource.query(
              'SELECT run_id, value, threshold, measured_at FROM drift_measurements WHERE tenant = $1 AND run_id = ANY($2::text[])',
              [tenant, ids],
            ),
          ]);
    const items = rows.map((r): RetrainRunItem => {
      // Read through the schemas of the events they were written from: a row may predate them.
      const where = `retrain_runs (${tenant}, ${r.run_id})`;
      const q = r.requested === null ? null : readStoredJson(retrainRequestedDataV1, r.requested, where, 'requested');
      const { failed, completed } = readStoredJson(retrainRunDetailsSchema, r.details, where, 'details');
      const trainer = readStoredJson(
        trainerRecordSchema,
        { gateReport: r.gate_report ?? null, failure: r.failure ?? null },
        `trainer_runs (${tenant}, ${r.run_id})`,
      );
      const drift = drifts.find((d) => d.run_id === r.run_id);
      return {
        runId: r.run_id,
        status: r.status,
        startedBy: sources.find((s) => s.run_id === r.run_id)?.source ?? null,
        trigger: q?.trigger ?? null,
        asOf: q?.asOf ?? null,
        objectives: q?.objectives ?? null,
        recipe: q?.recipe ?? null,
        period: q?.period ?? null,
        requestedAt: isoOf(r.requested_at) as string,
        updatedAt: isoOf(r.updated_at) as string,
        trainerState: r.trainer_state,
        gateReport: trainer.gateReport,
        failure: failed ? { stage: failed.stage, reasons: failed.reasons } : trainer.failure,
        models: completed?.models ?? null,
        drift: drift
          ? {
              value: Number(drift.value),
              threshold: drift.threshold === null ? null : Number(drift.threshold),
              measuredAt: isoOf(drift.measured_at) as string,
            }
          : null,
      };
    });
    return { items, nextCursor };
  }
}
