import type { DataSource } from 'typeorm';
import type { DriftMeasurementItem } from '@hindsight/api-types';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export type { DriftMeasurementItem } from '@hindsight/api-types';

export interface DriftFilter extends ReadWindow {
  readonly objective?: string;
  readonly policy?: string;
}

/** Reads of the drift measurements over time (the projection of `drift.measured`). */
export class DriftMeasurementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async measurements(tenant: string, f: DriftFilter): Promise<ReadPage<DriftMeasurementItem>> {
    const params: unknown[] = [tenant];
    const where = ['d.tenant = $1'];
    if (f.objective !== undefined) where.push(`$${params.push(f.objective)} = ANY(d.objectives)`);
    if (f.policy !== undefined) where.push(`d.policy_id = $${params.push(f.policy)}`);
    const { rows, nextCursor } = await readPage<{
      event_id: string;
      policy_id: string;
      objectives: string[];
      since: Date;
      value: number;
      threshold: number | null;
      measure: string;
      run_id: string | null;
      measured_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'drift',
        columns:
          'd.event_id, d.policy_id, d.objectives, d.since, d.value, d.threshold, d.measure, d.run_id, d.measured_at',
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
        since: isoOf(r.since) as string,
        value: Number(r.value),
        threshold: r.threshold === null ? null : Number(r.threshold),
        measure: r.measure,
        runId: r.run_id,
        measuredAt: isoOf(r.measured_at) as string,
      })),
      nextCursor,
    };
  }
}
