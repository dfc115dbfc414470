import type { DataSource } from 'typeorm';
import type { DriftMeasurementItem } from '@hindsight/api-types';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export type { DriftMeasurementItem } from '@hindsight/api-types';

export interface DriftFilter extends ReadWindow {
  readonly objective?: string;
  readonly surface?: string;
  readonly policy?: string;
}

/** Reads of the drift measurements over time (the projection of `drift.measured`). */
export class DriftMeasurementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async measurements(tenant: string, f: DriftFilter): Promise<ReadPage<DriftMeasurementItem>> {
    const params: unknown[] = [tenant];
    const where = ['d.tenant = $1'];
    // A per-objective reading is of its `objective`; an older reading (objective null) of all the policy's objectives.
    if (f.objective !== undefined) {
      const o = `$${params.push(f.objective)}`;
      where.push(`(d.objective = ${o} OR (d.objective IS NULL AND ${o} = ANY(d.objectives)))`);
    }
    if (f.surface !== undefined) where.push(`d.surface = $${params.push(f.surface)}`);
    if (f.policy !== undefined) where.push(`d.policy_id = $${params.push(f.policy)}`);
    const { rows, nextCursor } = await readPage<{
      event_id: string;
      policy_id: string;
      objectives: string[];
      objective: string | null;
      surface: string | null;
      since: Date;
      window_from: Date | null;
      value: number;
      length_drift: number | null;
      locale_mix_drift: number | null;
      trained_on_prompts: number | null;
      deployed_prompts: number | null;
      threshold: number | null;
      measure: string;
      run_id: string | null;
      measured_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'drift',
        columns:
          'd.event_id, d.policy_id, d.objectives, d.objective, d.surface, d.since, d.window_from, d.value, d.length_drift, ' +
          'd.locale_mix_drift, d.trained_on_prompts, d.deployed_prompts, d.threshold, d.measure, d.run_id, d.measured_at',
        from: 'drift_measurements d',
        where,
        params,
        sortAt: 'd.measured_at',
        idOf: 'd.event_id',
      },
      f,
    );
    return {
      items: rows.map((r) => ({
        eventId: r.event_id,
        policyId: r.policy_id,
        objectives: r.objectives,
        objective: r.objective,
        surface: r.surface,
        since: isoOf(r.since) as string,
        windowFrom: isoOf(r.window_from),
        value: Number(r.value),
        lengthDrift: r.length_drift === null ? null : Number(r.length_drift),
        localeMixDrift: r.locale_mix_drift === null ? null : Number(r.locale_mix_drift),
        samples:
          r.trained_on_prompts === null || r.deployed_prompts === null
            ? null
            : { trainedOn: r.trained_on_prompts, deployed: r.deployed_prompts },
        threshold: r.threshold === null ? null : Number(r.threshold),
        measure: r.measure,
        runId: r.run_id,
        measuredAt: isoOf(r.measured_at) as string,
      })),
      nextCursor,
    };
  }
}
